// The site registry bootstrap: defines globalThis.NoContactSites before any site file registers.
// Loaded first in every content_scripts entry and imported first by lib/sites.js, so background,
// pages and content scripts share one URL recognition. A classic script (no import/export).
//
// A site file calls NoContactSites.register({platform, hosts, profiles, dom}):
//   profiles: [{pattern, handle?, id?, idIf?, reserved?}] — `pattern` is matched (case-insensitively)
//             against the URL path; `handle`/`id` name the capture group holding each; a handle that
//             matches `idIf` is a stable id instead (Bluesky DIDs); `reserved` lists first path
//             segments that are the site's own pages, not people.
//   recognise: optional small function (URL) → {handle, id, instance?} | null for forms that path
//             patterns cannot express (Facebook's profile.php?id=, Mastodon's user@instance).
//   hostPattern: optional regex (string) for more hosts of the same site whose links people paste
//             (LinkedIn's country subdomains like de.linkedin.com); recognition only.
//   dom:      what the content engine hides (format: content/matcher.js).
"use strict";

(() => {
  if (globalThis.NoContactSites) return;
  /** @type {any[]} */
  const sites = [];

  /** @param {any} site */
  function register(site) {
    if (!site || typeof site.platform !== "string" || !Array.isArray(site.hosts)) {
      throw new TypeError("a site needs a platform and hosts");
    }
    const compiled = (site.profiles || []).map((p) => ({
      ...p,
      regex: new RegExp(p.pattern, "i"),
      idRegex: p.idIf ? new RegExp(p.idIf) : null,
    }));
    const hostRegex = site.hostPattern ? new RegExp(site.hostPattern, "i") : null;
    sites.push({ ...site, compiledProfiles: compiled, hostRegex });
  }

  /** @returns {any[]} every registered site */
  function all() {
    return sites.slice();
  }

  /** @param {string} host @returns {any} the site serving `host`, or null */
  function forHost(host) {
    return (
      sites.find((site) => site.hosts.includes(host)) ||
      sites.find((site) => site.hostRegex && site.hostRegex.test(host)) ||
      null
    );
  }

  /**
   * The person a URL is the profile (or a post page) of, or null.
   * @param {string} url
   * @returns {{platform: string, handle: string|null, id: string|null, instance: string|null} | null}
   */
  function profileFromUrl(url) {
    let parsed;
    try {
      parsed = new URL(url);
    } catch {
      return null;
    }
    // A host no site claims may still be a fediverse instance (a site with `instances: true`).
    const site =
      forHost(parsed.hostname) ||
      sites.find((candidate) => candidate.instances && candidate.recognise && candidate.recognise(parsed));
    if (!site) return null;
    // Forms a path pattern cannot express (a query parameter) are recognised by the site's code.
    const own = typeof site.recognise === "function" ? site.recognise(parsed) : null;
    if (own) return { platform: site.platform, handle: null, id: null, instance: null, ...own };
    for (const profile of site.compiledProfiles) {
      const found = profile.regex.exec(parsed.pathname);
      if (!found) continue;
      const decode = (/** @type {string|undefined} */ v) => (v ? decodeURIComponent(v) : null);
      let handle = profile.handle ? decode(found[profile.handle]) : null;
      let id = profile.id ? decode(found[profile.id]) : null;
      if (handle && profile.idRegex && profile.idRegex.test(handle)) [handle, id] = [null, handle];
      if (handle && (profile.reserved || []).includes(handle.toLowerCase())) continue;
      if (handle || id) return { platform: site.platform, handle, id, instance: null };
    }
    return null;
  }

  globalThis.NoContactSites = { register, all, forHost, profileFromUrl };
})();
