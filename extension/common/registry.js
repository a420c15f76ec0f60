// The site registry: every sites/<platform>.js registers its data here. A classic script that only
// touches globalThis, so the same file serves both worlds: content scripts load it before their site
// file, and lib/sites.js imports it for the background and pages (one URL recognition everywhere).
// The format of a site is the `Site` type (types/site.d.ts): data only, no code.
"use strict";

(() => {
  if (globalThis.NoContactSites) return;
  /** @type {CompiledSite[]} */
  const sites = [];

  // The types (Site, CompiledSite, Profile) are in types/site.d.ts and types/globals.d.ts.

  /** @param {Site} site @returns {CompiledSite} */
  function compile(site) {
    if (!site || typeof site.platform !== "string" || !Array.isArray(site.hosts)) {
      throw new TypeError("a site needs a platform and hosts");
    }
    const compiledProfiles = (site.profiles || []).map((p) => ({
      ...p,
      regex: new RegExp(p.pattern, "i"),
      valueRegex: p.value ? new RegExp(p.value) : null,
      idRegex: p.idIf ? new RegExp(p.idIf) : null,
    }));
    const linkHostRegex = site.linkHosts ? new RegExp(site.linkHosts, "i") : null;
    return { ...site, compiledProfiles, linkHostRegex };
  }

  /** @param {CompiledSite} compiled */
  function put(compiled) {
    const at = sites.findIndex((known) => known.platform === compiled.platform);
    if (at >= 0) sites[at] = compiled;
    else sites.push(compiled);
  }

  /** The site files' own data, by platform (a rule pack's data is taken over it, never into it). */
  /** @type {Map<string, Site>} */
  const builtin = new Map();
  /** The rule-pack version each platform's data comes from (0: the site file's own). */
  /** @type {Map<string, number>} */
  const applied = new Map();

  /** Add a site (a site file calls this once). @param {Site} site */
  function register(site) {
    const compiled = compile(site);
    builtin.set(site.platform, site);
    applied.set(site.platform, 0);
    put(compiled);
  }

  // What a rule pack may replace (lib/rules/verify.js checks the pack before it is stored).
  const REPLACEABLE = /** @type {const} */ (["dom", "profiles", "health"]);

  /**
   * Use a rule pack's data for `platform` over the site file's (`rulePack` in storage, written by
   * background/rules.js after checking its signature), or the site file's own again when the pack
   * is absent or names no such site. Each field the pack has replaces the built-in one whole.
   * Returns the site now registered (the same object when nothing changed), or null for an
   * unknown platform; data that does not compile leaves the site as it was.
   * @param {string} platform @param {any} pack `{version, sites: {<platform>: {dom?, profiles?, health?}}}`
   * @returns {CompiledSite | null}
   */
  function withRules(platform, pack) {
    const own = builtin.get(platform);
    if (!own) return null;
    const data = pack && pack.sites && typeof pack.sites === "object" ? pack.sites[platform] : null;
    const version = data ? Number(pack.version) || 0 : 0;
    const current = forPlatform(platform);
    if (current && applied.get(platform) === version) return current;
    /** @type {any} */
    const wanted = { ...own };
    for (const field of REPLACEABLE) if (data && data[field] !== undefined) wanted[field] = data[field];
    try {
      put(compile(wanted));
    } catch {
      return current;
    }
    applied.set(platform, version);
    return forPlatform(platform);
  }

  /** @returns {CompiledSite[]} every registered site, in the order the registry lists them */
  function all() {
    return sites.slice();
  }

  /** @param {string} platform @returns {CompiledSite | null} */
  function forPlatform(platform) {
    return sites.find((site) => site.platform === platform) || null;
  }

  /** @param {string} host @returns {CompiledSite | null} the site serving `host` (fixed hosts only) */
  function forHost(host) {
    return (
      sites.find((site) => site.hosts.includes(host)) ||
      sites.find((site) => site.linkHostRegex && site.linkHostRegex.test(host)) ||
      null
    );
  }

  /** @param {string|undefined} value */
  function decode(value) {
    if (!value) return null;
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }

  /**
   * The person one profile rule finds in a URL, or null.
   * @param {CompiledSite} site @param {CompiledSite["compiledProfiles"][number]} rule @param {URL} url
   * @returns {Profile | null}
   */
  function byRule(site, rule, url) {
    let found = rule.regex.exec(url.pathname);
    if (!found) return null;
    if (rule.param) {
      const value = url.searchParams.get(rule.param);
      found = value && rule.valueRegex ? rule.valueRegex.exec(value) : null;
      if (!found) return null;
    }
    let handle = rule.handle ? decode(found[rule.handle]) : null;
    let id = rule.id ? decode(found[rule.id]) : null;
    if (handle && rule.idRegex && rule.idRegex.test(handle)) [handle, id] = [null, handle];
    if (handle && (rule.reserved || []).includes(handle.toLowerCase())) return null;
    let instance = null;
    if (handle && "domain" in rule) {
      // A fediverse account is user@domain; a local address names only the user.
      instance = ((rule.domain && found[rule.domain]) || url.hostname).toLowerCase();
      handle = `${handle.toLowerCase()}@${instance}`;
    }
    return handle || id ? { platform: site.platform, handle, id, instance } : null;
  }

  /**
   * The person a URL is the profile (or a post page) of, or null. A host no site claims may still
   * be one the user added (a site with `userHosts`, such as a Mastodon instance).
   * @param {string} url
   * @returns {Profile | null}
   */
  function profileFromUrl(url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    const known = forHost(parsed.hostname);
    const candidates = known ? [known] : sites.filter((site) => site.userHosts);
    for (const site of candidates) {
      for (const rule of site.compiledProfiles) {
        const profile = byRule(site, rule, parsed);
        if (profile) return profile;
      }
    }
    return null;
  }

  /**
   * The address of a person's profile on a site, from the site's `profileUrl` (null when it has none).
   * @param {string} platform @param {{handle?: string, id?: string}} key
   * @returns {string | null}
   */
  function profileAddress(platform, key) {
    const templates = forPlatform(platform)?.profileUrl;
    if (key.handle && templates?.handle) {
      const [user, domain = ""] = key.handle.split("@");
      return templates.handle.replace("{}", key.handle).replace("{user}", user).replace("{domain}", domain);
    }
    if (key.id && templates?.id) return templates.id.replace("{}", key.id);
    return null;
  }

  globalThis.NoContactSites = { register, all, forPlatform, forHost, profileFromUrl, profileAddress };
  // Rule packs (issue 17 part 3): used by the content engine at document_start and by the
  // background. Its own global, since the registry's type (types/globals.d.ts) is the site files'.
  /** @type {any} */ (globalThis).NoContactSiteRules = {
    withRules,
    version: (/** @type {string} */ p) => applied.get(p) ?? 0,
  };
})();
