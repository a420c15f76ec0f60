// The safety net: hiding that does not depend on a site's item markup. When a site's health is
// degraded (content/health.js noticed that its items no longer match, background/site-health.js
// stored it), or always when the user chose "safety net always on", every link to a listed
// person's profile (the site file's own profile address rules) gets its nearest plausible card
// hidden: a bounded search up the link's ancestors. Classic script; one global in the extension's
// isolated world (NoContactSafetyNet), used by content/engine.js.
//
// What counts as a plausible card (findCard): walking up from the link's parent, at most
// MAX_LEVELS levels, and never into or past a "barrier" (html, body, main, nav, aside, or the roles
// main, feed, navigation, complementary, banner, dialog) or an element that is too large (more
// than MAX_AREA_SHARE of the viewport's area, or holding links to more than MAX_OTHERS other
// people): the nearest article / li / [role=article|listitem|row]; failing that, the nearest
// element that has a sibling of the same kind (tag, role, data-testid and slot: one entry of a
// list);
// then the wrappers whose only element child it is (a virtualised row around a post). Nothing
// plausible: the link alone.
//
// A link whose parent element holds words of its own ("Replying to @them", "with Their Name") is a
// mention inside someone else's text and is left alone, as the site files do.
//
// Cost: nothing at all while the net is off. While it is on, each added subtree's links are run
// through the site's profile rules (a URL parse and a few regexes each); layout is read only for
// the ancestors of a link to a listed person.
"use strict";

(() => {
  const MAX_LEVELS = 8;
  const MAX_AREA_SHARE = 0.6;
  const MAX_OTHERS = 3;
  /** links read at most when counting the people an ancestor holds (more: too large) */
  const MAX_LINKS_COUNTED = 200;
  const BARRIER_TAGS = new Set(["HTML", "BODY", "MAIN", "NAV", "ASIDE"]);
  const BARRIER_ROLES = new Set(["main", "feed", "navigation", "complementary", "banner", "dialog"]);
  const CARD_TAGS = new Set(["ARTICLE", "LI"]);
  const CARD_ROLES = new Set(["article", "listitem", "row"]);
  const WORDS = /[\p{L}\p{N}]/u;

  /** @param {Element} el */
  const roleOf = (el) => (el.getAttribute("role") || "").toLowerCase();

  /** @param {Element} el whether the search must stop below `el` (a page's main containers) */
  function isBarrier(el) {
    return BARRIER_TAGS.has(el.tagName.toUpperCase()) || BARRIER_ROLES.has(roleOf(el));
  }

  /** @param {Element} el whether `el` is a card by its own semantics */
  function isSemanticCard(el) {
    return CARD_TAGS.has(el.tagName.toUpperCase()) || CARD_ROLES.has(roleOf(el));
  }

  /** @param {Element} el */
  const kindOf = (el) =>
    `${el.tagName.toUpperCase()}|${roleOf(el)}|${el.getAttribute("data-testid") || ""}|${el.getAttribute("slot") || ""}`;

  /** @param {Element} el whether `el` has a sibling of the same kind (one entry of a list) */
  function isRepeated(el) {
    const parent = el.parentElement;
    if (!parent || parent.children.length < 2) return false;
    const kind = kindOf(el);
    for (const sibling of parent.children) if (sibling !== el && kindOf(sibling) === kind) return true;
    return false;
  }

  /** @param {Element} link whether the link sits in words of someone else's text (a mention) */
  function isMention(link) {
    const parent = link.parentElement;
    if (!parent) return false;
    for (const node of parent.childNodes) {
      if (node.nodeType === 3 && WORDS.test(node.nodeValue || "")) return true;
    }
    return false;
  }

  /**
   * The element to hide for a link to a listed person (see the top of the file).
   * @param {Element} link
   * @param {{tooLarge: (el: Element) => boolean}} probe whether an ancestor is too large to be a card
   * @param {number} [maxLevels]
   * @returns {Element}
   */
  function findCard(link, probe, maxLevels = MAX_LEVELS) {
    /** @type {Element[]} */
    const chain = [];
    let el = link.parentElement;
    for (let level = 1; el && level <= maxLevels; level += 1, el = el.parentElement) {
      if (isBarrier(el) || probe.tooLarge(el)) break;
      chain.push(el);
    }
    let at = chain.findIndex(isSemanticCard);
    if (at < 0) at = chain.findIndex(isRepeated);
    if (at < 0) return link;
    // A wrapper whose only element child is the card (a virtualised row) goes with it.
    while (at + 1 < chain.length && chain[at + 1].children.length === 1) at += 1;
    return chain[at];
  }

  /**
   * A net for one page.
   * @param {{
   *   platform: string,
   *   listedOf: (url: string) => object | null,
   *   profileOf: (url: string) => {platform: string, handle?: string | null, id?: string | null} | null,
   *   conceal: (el: Element) => void,
   *   hiddenSelector: string,
   *   onChange: () => void,
   * }} options `listedOf`: the listed person a URL is the profile of (null for anyone else);
   *   `profileOf`: anyone's profile a URL is; `onChange`: the net was switched on or off
   */
  function create(options) {
    const { platform, listedOf, profileOf, conceal, hiddenSelector, onChange } = options;
    let on = false;
    /** @type {WeakSet<Element>} the cards this net hid */
    const cards = new WeakSet();

    /** @param {Element} el how many other people's profiles `el` links to (capped) */
    function othersIn(el) {
      const people = new Set();
      let read = 0;
      for (const link of el.querySelectorAll("a[href]")) {
        if ((read += 1) > MAX_LINKS_COUNTED) return Infinity;
        const href = /** @type {HTMLAnchorElement} */ (link).href;
        const profile = profileOf(href);
        if (!profile || profile.platform !== platform || listedOf(href)) continue;
        people.add(`${profile.handle || ""}|${profile.id || ""}`.toLowerCase());
        if (people.size > MAX_OTHERS) return people.size;
      }
      return people.size;
    }

    const viewportArea = () => Math.max(1, innerWidth * innerHeight);
    const probe = {
      /** @param {Element} el */
      tooLarge(el) {
        const box = el.getBoundingClientRect();
        if (box.width * box.height > MAX_AREA_SHARE * viewportArea()) return true;
        return othersIn(el) > MAX_OTHERS;
      },
    };

    /** @param {Element} link whether the link is to a listed person, outside someone else's words */
    function counts(link) {
      return Boolean(listedOf(/** @type {HTMLAnchorElement} */ (link).href)) && !isMention(link);
    }

    /** Hide the card of every link to a listed person in (or at) `node`. @param {Node} node */
    function check(node) {
      if (!on || node.nodeType !== 1) return;
      const root = /** @type {Element} */ (node);
      const links = root.matches("a[href]") ? [root] : root.querySelectorAll("a[href]");
      for (const link of links) {
        if (link.closest(hiddenSelector) || !counts(link)) continue;
        const card = findCard(link, probe);
        cards.add(card);
        conceal(card);
      }
    }

    /**
     * Whether `target`, which this net hid, still holds a link of a listed person whose card it is.
     * @param {Element} target
     */
    function stillCovers(target) {
      if (!on || !cards.has(target)) return false;
      const links = target.matches("a[href]") ? [target] : target.querySelectorAll("a[href]");
      for (const link of links) if (counts(link) && findCard(link, probe) === target) return true;
      return false;
    }

    /** Switch the net. @param {boolean} next */
    function set(next) {
      if (next === on) return;
      on = next;
      onChange();
    }

    return {
      get on() {
        return on;
      },
      set,
      check,
      stillCovers,
    };
  }

  /**
   * Whether the net should be on for `platform`, from storage: the site's health is degraded, or
   * the user chose the net always on (the `safety_net_always` setting).
   * @param {string} platform @param {any} siteHealth @param {any} settingsDoc
   */
  function wanted(platform, siteHealth, settingsDoc) {
    const always = settingsDoc?.values?.safety_net_always?.value === true;
    return always || Boolean(siteHealth && typeof siteHealth === "object" && siteHealth[platform]);
  }

  /** @type {any} */ (globalThis).NoContactSafetyNet = { create, findCard, isMention, wanted, MAX_LEVELS };
})();
