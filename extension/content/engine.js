// The content-script engine: applies the current site's `dom` data (see matcher.js) to the page.
// Runs at document_start as a classic script, after common/*.js, one sites/<platform>.js and
// matcher.js (one content_scripts entry per site in manifest.json, written by scripts/sync-sites.mjs).
//
// What it guarantees:
// - Until the list is read, the manifest CSS (content/hide.css) keeps the body from painting;
//   manifest CSS is no page-visible DOM.
// - No page script can find the extension by a name known in advance: the attributes it marks with
//   (what it hides, the page being ready, the page being covered) are made up at random for each
//   page, and the background inserts the rules for them (background/engine-style.js; inserted CSS
//   is no page-visible DOM either). The body is shown only once both the list and those rules are in.
// - A match is hidden inside the MutationObserver callback, i.e. before the next paint, with that
//   random attribute, styled display:none !important. Nothing naming anyone is ever written into
//   the page.
// - The list is turned into Sets once, so the cost of a mutation does not grow with its size.
// - An item the parser may still be inside (the page is loading, nothing follows it yet) is
//   hidden until it is complete: its author may not have arrived when the browser paints.
// - A recycled row that stops matching is shown again.
// - In-app navigation to a listed person's profile covers the page and has the background move the
//   tab to the interstitial page (full page loads are redirected by the background's DNR rules).
"use strict";

(() => {
  // Names no page can know in advance (content/matcher.js, loaded before this file, makes them).
  const { randomName, stillParsing } = globalThis.NoContactMatcher;
  const HIDDEN = randomName();
  const READY = randomName();
  const COVER = randomName();
  // If storage cannot be read at all, show the page rather than leave the user with a blank site.
  const WAIT_LIMIT_MS = 4000;

  const registry = globalThis.NoContactSites;
  const identity = globalThis.NoContactIdentity;
  const host = location.hostname;

  /**
   * The site this page belongs to: the one whose hosts include this host; failing that, one that
   * runs on hosts the user adds (`userHosts`: Mastodon, whose content scripts background/instances.js
   * registers on each instance at run time).
   */
  function findSite() {
    return registry.forHost(host) || registry.all().find((candidate) => candidate.userHosts) || null;
  }

  const root = document.documentElement;
  // Whether the background put in the rules for this page's names; until it answers, the body is
  // not painted (hide.css). If it never does, `lift` falls back to inline styles.
  let styled = false;
  let inline = false; // the rules never came: hide and show with inline styles instead
  let leaving = false;
  const styleAsked = chrome.runtime
    .sendMessage({ type: "engine.style", hidden: HIDDEN, cover: COVER, ready: READY })
    .then(
      (/** @type {any} */ answer) => {
        styled = Boolean(answer && answer.ok);
      },
      () => {},
    );

  let site = findSite();
  if (!site) {
    void styleAsked.then(() => showBody());
    return;
  }
  let matcher = globalThis.NoContactMatcher.compile(site.dom);
  let sealer = globalThis.NoContactSeal.createSealer(site);
  // The site's health (content/health.js) and the safety net that does not depend on its item
  // markup (content/safety-net.js): on while the site is degraded, or always if the user chose so.
  /** @type {any} */
  const nc = globalThis;

  /** @type {{handles: Set<string>, ids: Set<string>}} the people hidden here */
  let listed = { handles: new Set(), ids: new Set() };
  /** @type {{handles: Set<string>, ids: Set<string>}} those, plus people shown for a confirmed look */
  let guarded = listed;
  let active = false;
  let ready = false;
  let lastUrl = location.href;

  const waitTimer = setTimeout(() => lift(), WAIT_LIMIT_MS);

  const net = nc.NoContactSafetyNet.create({
    platform: site.platform,
    listedOf: (/** @type {string} */ url) => (active ? listedProfileOf(url) : null),
    profileOf: (/** @type {string} */ url) => registry.profileFromUrl(url),
    conceal: (/** @type {Element} */ el) => conceal(el),
    hiddenSelector: `[${HIDDEN}]`,
    onChange: () => {
      if (net.on && active && !leaving) net.check(document.documentElement);
      else if (!net.on) for (const el of document.querySelectorAll(`[${HIDDEN}]`)) if (!stillHidden(el)) reveal(el);
    },
  });
  const netRead = chrome.storage.local.get(["siteHealth", "doc.settings"]).then(
    (got) => net.set(nc.NoContactSafetyNet.wanted(site.platform, got.siteHealth, got["doc.settings"])),
    () => {},
  );
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== "local" || !(changes.siteHealth || changes["doc.settings"])) return;
    void chrome.storage.local
      .get(["siteHealth", "doc.settings"])
      .then((got) => net.set(nc.NoContactSafetyNet.wanted(site.platform, got.siteHealth, got["doc.settings"])));
  });

  /** Mark `el` hidden. @param {Element} el */
  function conceal(el) {
    if (el.hasAttribute(HIDDEN)) return;
    el.setAttribute(HIDDEN, "");
    if (inline) /** @type {HTMLElement} */ (el).style.setProperty("display", "none", "important");
  }

  /** Show `el` again. @param {Element} el */
  function reveal(el) {
    el.removeAttribute(HIDDEN);
    if (inline) /** @type {HTMLElement} */ (el).style.removeProperty("display");
  }

  /** Let the body paint (the list is read, or reading it takes too long). */
  function showBody() {
    root.setAttribute(READY, "");
    if (styled) return;
    inline = true;
    for (const el of document.querySelectorAll(`[${HIDDEN}]`)) {
      /** @type {HTMLElement} */ (el).style.setProperty("display", "none", "important");
    }
    const show = () => {
      if (document.body && !leaving) document.body.style.setProperty("visibility", "visible", "important");
    };
    if (document.body) show();
    else document.addEventListener("DOMContentLoaded", show, { once: true });
  }

  /**
   * The listed person whose profile `url` is, or null.
   * @param {string} url
   * @param {{handles: Set<string>, ids: Set<string>}} [among] the people to look for
   * @returns {{handle: string} | {id: string} | null}
   */
  function listedProfileOf(url, among = listed) {
    const profile = registry.profileFromUrl(url);
    if (!profile || profile.platform !== site.platform) return null;
    const handle = identity.normaliseHandle(profile.handle, profile.instance);
    if (handle && among.handles.has(handle)) return { handle };
    if (profile.id && among.ids.has(profile.id)) return { id: profile.id };
    return null;
  }

  /**
   * Cover the page before paint and leave for the interstitial (the background moves the tab). Its
   * address carries only a random one-time token; the background learns whom it stands for, so
   * that "look anyway" there can show the user's own note.
   * @param {{handle: string} | {id: string}} person
   * @param {string | null} [cameFrom] the address this page showed before, if any: where "Go back"
   *   on the interstitial returns, unless it is a listed profile too
   */
  function leave(person, cameFrom = null) {
    if (leaving) return;
    leaving = true;
    const back = cameFrom && !listedProfileOf(cameFrom) ? cameFrom : null;
    root.setAttribute(COVER, "");
    if (inline && document.body) document.body.style.setProperty("visibility", "hidden", "important");
    observer.disconnect();
    globalThis.NoContactMatcher.leaveFor(site, person, back);
  }

  /** @param {string} url */
  function checkUrl(url = location.href) {
    if (url === lastUrl && ready) return;
    const before = lastUrl;
    lastUrl = url;
    const person = active ? listedProfileOf(url) : null;
    if (person) leave(person, before);
  }

  /**
   * Whether some item inside (or equal to) `target` is by a listed person and maps to `target`.
   * @param {Element} target
   */
  function targetStillMatches(target) {
    const inside = [...target.querySelectorAll(matcher.itemSelector)];
    if (target.matches(matcher.itemSelector)) inside.push(target);
    return inside.some((item) => {
      const result = matcher.check(item, listed);
      return result !== null && result.matched && result.target === target;
    });
  }

  /**
   * Whether a hidden element still has something to hide: an item in it, one not yet complete
   * (still being parsed), or a link the safety net hid it for. @param {Element} target
   */
  function stillHidden(target) {
    for (const item of unfinished) if (target.contains(item)) return true;
    return targetStillMatches(target) || net.stillCovers(target);
  }

  /**
   * Hide or show the element an item maps to. A target is shown again only when no other item
   * in it still matches (a row may hold a post and a quote).
   * @param {Element} item
   */
  function apply(item) {
    const result = matcher.check(item, listed);
    if (!result) return;
    const { matched, target } = result;
    if (matched) {
      unfinished.delete(item);
      conceal(target);
      sealer.consider(item, result);
    } else if (stillParsing(item)) {
      // Its author may be in the part of the page not yet received: hidden until it is complete.
      unfinished.add(item);
      conceal(target);
    } else if (target.hasAttribute(HIDDEN) && !stillHidden(target)) {
      reveal(target);
    }
  }

  // While the page's HTML is still arriving, the parser may stop (and the browser paint) between an
  // item's opening tag and the link that names its author: a row of theirs would show, without
  // their name, for a frame. So an item the parser may still be inside is hidden until it is
  // complete (something follows it in the document), then checked again (issue #14).
  /** @type {Set<Element>} items hidden only because they were not complete yet */
  const unfinished = new Set();

  /** Check again the items that were hidden only for being incomplete and now are complete. */
  function settleUnfinished() {
    for (const item of unfinished) {
      if (stillParsing(item)) continue;
      unfinished.delete(item);
      apply(item);
    }
  }
  document.addEventListener("DOMContentLoaded", () => settleUnfinished(), { once: true });

  /** @param {Set<Element>} items @param {Node} node */
  function collect(items, node) {
    if (node.nodeType !== Node.ELEMENT_NODE) return;
    const el = /** @type {Element} */ (node);
    if (el.matches(matcher.itemSelector)) items.add(el);
    for (const inner of el.querySelectorAll(matcher.itemSelector)) items.add(inner);
  }

  /** @param {MutationRecord[]} records */
  function onMutations(records) {
    checkUrl();
    if (!active || leaving) return;
    /** @type {Set<Element>} */
    const items = new Set();
    /** @type {Set<Element>} */
    const hiddenTargets = new Set();
    // While a page is parsed every node is a record of its own (issue #14: most of the engine's
    // time at load). A record whose target was itself added in this batch needs nothing: that
    // target's subtree, as it is now, is collected with it, and the record that added it looks at
    // its ancestors. Siblings share a target, whose ancestors are looked at once.
    /** @type {Set<Node>} */
    const added = new Set();
    /** @type {Set<Node>} */
    const walked = new Set();
    for (const record of records) {
      const target = /** @type {Element} */ (record.target);
      if (target.nodeType !== Node.ELEMENT_NODE) continue;
      if (added.has(target)) {
        for (const node of record.addedNodes) added.add(node);
        continue;
      }
      if (record.type === "childList") {
        for (const node of record.addedNodes) {
          collect(items, node);
          if (net.on) net.check(node);
          added.add(node);
        }
      } else if (record.type === "attributes") {
        collect(items, target);
        if (net.on) net.check(target);
      }
      if (walked.has(target)) continue;
      walked.add(target);
      // A recycled row keeps its element and gets new children or attributes: check its item again.
      const owner = target.closest(matcher.itemSelector);
      if (owner) items.add(owner);
      // A hidden row whose content changed may now hold something else entirely (no item at all).
      const hidden = target.closest(`[${HIDDEN}]`);
      if (hidden) hiddenTargets.add(hidden);
    }
    for (const item of items) apply(item);
    if (unfinished.size) settleUnfinished();
    for (const target of hiddenTargets) {
      if (target.hasAttribute(HIDDEN) && !stillHidden(target)) reveal(target);
    }
  }

  const observer = new MutationObserver(onMutations);
  const observe = () =>
    observer.observe(document, {
      childList: true,
      subtree: true,
      attributes: true,
      attributeFilter: matcher.attributes,
    });
  observe();

  // A rule pack (background/rules.js, `rulePack`): its data for this site is used over the site
  // file's, read with the list before the body paints, and taken at once when it changes.
  /** @type {any} */
  let lastIndex = null;
  /** @param {any} pack @returns {boolean} whether this site's rules changed */
  function useRules(pack) {
    const next = nc.NoContactSiteRules.withRules(site.platform, pack);
    if (!next || next === site) return false;
    let compiled;
    try {
      compiled = nc.NoContactMatcher.compile(next.dom);
      document.querySelector(compiled.itemSelector); // a selector this browser cannot read throws
    } catch {
      nc.NoContactSiteRules.withRules(site.platform, null);
      return false;
    }
    [site, matcher, sealer] = [next, compiled, nc.NoContactSeal.createSealer(next)];
    observer.disconnect();
    observe();
    return true;
  }

  /** Check every item on the page (first read of the list and after each change of it). */
  function scanAll() {
    for (const item of document.querySelectorAll(matcher.itemSelector)) apply(item);
    if (net.on) net.check(document.documentElement);
  }

  /** Show everything this engine hid (paused, site switched off, or list emptied). */
  function showAll() {
    unfinished.clear();
    for (const el of document.querySelectorAll(`[${HIDDEN}]`)) reveal(el);
  }

  /** @param {any} index the `matchIndex` of extension/README.md */
  function useIndex(index) {
    lastIndex = index;
    const entry = index && index.platforms && index.platforms[site.platform];
    active = Boolean(index && !index.paused && entry && entry.enabled !== false);
    listed = {
      handles: new Set(active ? entry.handles || [] : []),
      ids: new Set(active ? entry.ids || [] : []),
    };
    guarded = {
      handles: new Set([...listed.handles, ...(active ? entry.guardHandles || [] : [])]),
      ids: new Set([...listed.ids, ...(active ? entry.guardIds || [] : [])]),
    };
    sealer.use(active ? entry : null);
    if (listed.handles.size === 0 && listed.ids.size === 0) {
      // Nothing to hide here; the guard still runs for people shown for a confirmed look.
      active = active && guarded.handles.size + guarded.ids.size > 0;
      showAll();
      return;
    }
    const person = listedProfileOf(location.href);
    if (person) {
      leave(person);
      return;
    }
    scanAll();
  }

  function lift() {
    if (ready) return;
    ready = true;
    clearTimeout(waitTimer);
    showBody();
  }

  // The body paints once the list is applied and the rules for this page's names are in.
  const listRead = chrome.storage.local.get(["matchIndex", "rulePack"]).then(
    ({ matchIndex, rulePack }) => {
      useRules(rulePack);
      useIndex(matchIndex);
    },
    () => {},
  );
  void Promise.all([listRead, styleAsked, netRead]).then(() => lift());
  void listRead.then(() => nc.NoContactHealth.watch(site, matcher.itemSelector));

  chrome.storage.onChanged.addListener((changes, area) => {
    if (area !== "local" || leaving) return;
    if (changes.rulePack && useRules(changes.rulePack.newValue)) {
      // What the old rules hid and the new ones do not is shown again; then everything is checked.
      for (const el of document.querySelectorAll(`[${HIDDEN}]`)) if (!stillHidden(el)) reveal(el);
      if (!changes.matchIndex) useIndex(lastIndex);
    }
    if (changes.matchIndex) useIndex(changes.matchIndex.newValue);
  });

  // The site's own Unblock control for a listed person: the event never reaches the site's
  // handler; the reflection flow opens instead (site file: dom.unblockControls). A person shown for
  // a confirmed look is still guarded; one the user may unblock right now (the flow's waiting time
  // is over and they confirmed) is in neither set on this site, so their control works as usual.
  /** @param {Event} event */
  function guardUnblock(event) {
    if (!active) return;
    if (event.type === "keydown" || event.type === "keyup") {
      const key = /** @type {KeyboardEvent} */ (event).key;
      if (key !== "Enter" && key !== " ") return;
    }
    const target = event.target instanceof Element ? event.target : null;
    const page = location.pathname + location.search;
    const person =
      target && matcher.unblockTarget(target, guarded, page, () => listedProfileOf(location.href, guarded));
    if (!person) return;
    event.preventDefault();
    event.stopImmediatePropagation();
    if (event.type === "click" || event.type === "keydown") {
      chrome.runtime.sendMessage({ type: "reflect.fromSite", platform: site.platform, person }).catch(() => {});
    }
  }
  if (matcher.hasUnblockControls) {
    // Capture listeners on the window run before any of the page's own listeners (React's root
    // listener, inline onclick attributes), so the site never sees the press.
    for (const type of ["pointerdown", "mousedown", "pointerup", "mouseup", "click", "keydown", "keyup"]) {
      addEventListener(type, guardUnblock, true);
    }
  }

  // In-app navigation: the observer callback sees most of it (the app renders the new page), these
  // catch the URL change itself, before anything is rendered, where the browser reports it.
  addEventListener("popstate", () => checkUrl());
  for (const name of matcher.navigationEvents) document.addEventListener(name, () => checkUrl());
  if (globalThis.navigation && typeof globalThis.navigation.addEventListener === "function") {
    globalThis.navigation.addEventListener("navigate", (event) => {
      const destination = event.destination && event.destination.url;
      const person = destination && active && event.destination.sameDocument ? listedProfileOf(destination) : null;
      if (person) leave(person, location.href);
    });
    globalThis.navigation.addEventListener("currententrychange", () => checkUrl());
  }
})();
