// The health self-check, on the device only: does this page still look the way the site file says
// a working page of the site looks? Classic script; one global in the extension's isolated world
// (NoContactHealth), started by content/engine.js. Nothing leaves the device but one message to
// this extension's own background (`health.report`), which keeps a per-site state
// (background/site-health.js) that the popup and the options page show.
//
// A site file's `health.itemPages` lists the pages (path patterns) that always show items when the
// site works (a home feed). CHECK_AFTER_MS after such a page loads (or the app moved to one), while
// the tab is in view:
// - no item of the site file at all, while the page links to at least MIN_PEOPLE different
//   people's profiles (so a login page or an empty timeline says nothing): "noItems";
// - at least MIN_ITEMS items, and fewer than half of them with an author any reader can read:
//   "unreadable";
// - items with readable authors: "ok" (which clears a degraded state).
// Anything else (too few of either) gives no verdict. Only a change of the stored state is
// reported, so a healthy site costs one storage read per page.
"use strict";

(() => {
  const CHECK_AFTER_MS = 8000;
  const MIN_PEOPLE = 3;
  const MIN_ITEMS = 3;
  const MAX_ITEMS_READ = 200;
  const MAX_LINKS_READ = 400;

  /**
   * @param {CompiledSite} site
   * @param {string} itemSelector the matcher's selector of every item
   * @returns {{verdict: () => "ok" | "noItems" | "unreadable" | null}}
   */
  function checker(site, itemSelector) {
    const rules = site.dom.items
      .filter((rule) => rule.kind !== "placeholder")
      .map((rule) => ({
        selector: rule.selector,
        readers: rule.authors.map((reader) => ({ ...reader, regex: new RegExp(reader.pattern) })),
      }));

    /** @param {Element} item whether some reader of the item's rules reads an author from it */
    function readable(item) {
      for (const rule of rules) {
        if (!item.matches(rule.selector)) continue;
        for (const reader of rule.readers) {
          const elements = reader.selector ? item.querySelectorAll(reader.selector) : [item];
          for (const el of elements) {
            const found = reader.regex.exec(el.getAttribute(reader.attr) || "");
            if (found && (found[1] || found.groups?.user)) return true;
          }
        }
      }
      return false;
    }

    /** How many different people's profiles the page links to (up to MIN_PEOPLE). */
    function peopleLinked() {
      const registry = globalThis.NoContactSites;
      const people = new Set();
      let read = 0;
      for (const link of document.querySelectorAll("a[href]")) {
        if ((read += 1) > MAX_LINKS_READ || people.size >= MIN_PEOPLE) break;
        const profile = registry.profileFromUrl(/** @type {HTMLAnchorElement} */ (link).href);
        if (profile && profile.platform === site.platform) people.add(`${profile.handle}|${profile.id}`.toLowerCase());
      }
      return people.size;
    }

    function verdict() {
      const items = [...document.querySelectorAll(itemSelector)].slice(0, MAX_ITEMS_READ);
      if (items.length === 0) return peopleLinked() >= MIN_PEOPLE ? "noItems" : null;
      const withAuthor = items.filter(readable).length;
      if (items.length >= MIN_ITEMS && withAuthor * 2 < items.length) return "unreadable";
      return withAuthor > 0 ? "ok" : null;
    }

    return { verdict };
  }

  /**
   * Watch this page's health and report changes of it.
   * @param {CompiledSite} site @param {string} itemSelector
   */
  function watch(site, itemSelector) {
    const pages = (site.health?.itemPages || []).map((pattern) => new RegExp(pattern));
    if (pages.length === 0) return;
    const { verdict } = checker(site, itemSelector);
    /** @type {string} the state stored for this site: "ok" (nothing stored) or the reason */
    let stored = "ok";
    let timer = 0;
    /** @type {string | null} the address waited for or checked (null: wait again when in view) */
    let watched = null;

    chrome.storage.local.get("siteHealth").then(
      ({ siteHealth }) => {
        stored = siteHealth?.[site.platform]?.reason || "ok";
      },
      () => {},
    );
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area === "local" && changes.siteHealth) {
        stored = changes.siteHealth.newValue?.[site.platform]?.reason || "ok";
      }
    });

    function check() {
      timer = 0;
      if (document.hidden) {
        watched = null; // waited for again once the tab is in view
        return;
      }
      const now = verdict();
      if (!now || now === stored) return;
      stored = now;
      chrome.runtime.sendMessage({ type: "health.report", platform: site.platform, state: now }).catch(() => {});
    }

    /** Start the wait when the address changed to a page that should have items. */
    function schedule() {
      if (location.href === watched) return;
      watched = location.href;
      clearTimeout(timer);
      timer = 0;
      if (pages.some((page) => page.test(location.pathname))) timer = setTimeout(check, CHECK_AFTER_MS);
    }

    schedule();
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && watched === null) schedule();
    });
    // In-app navigation: a cheap look at the address each second (the app may move without any
    // event this script can see).
    setInterval(() => {
      if (watched !== null && location.href !== watched) schedule();
    }, 1000);
  }

  /** @type {any} */ (globalThis).NoContactHealth = { watch, CHECK_AFTER_MS };
})();
