// Turns a site file's `dom` data into a matcher: which elements are items, whom each item is by, and
// which element to hide for it. Classic script (content scripts cannot be modules); it defines one
// global in the extension's isolated world, never in the page.
//
// A site's `dom` section (see extension/sites/*.js):
//   items: [{ kind, selector, hide?, authors: [reader, ...] }, ...]
//     kind      what the item is (post, reply, repost, quote, user, suggestion, placeholder…), for
//               people reading the file and for tests
//     selector  CSS selector of the item element
//     hide      optional selector of the ancestor to hide instead (e.g. a virtualised row); when no
//               ancestor matches, the item itself is hidden
//   reader: { selector?, attr, pattern, as, notInside?, first? }
//     selector  elements inside the item to read (absent: the item itself)
//     attr      attribute to read (e.g. "href", "author", "data-testid")
//     pattern   regular expression source; capture group 1 is the handle or id, or the named
//               groups user/domain(/host) for fediverse handles (user@domain, see keyOf)
//     as        "handle" (compared lower-cased), "id" (compared as is) or "either"
//     notInside skip elements inside this selector (e.g. mentions inside a post's text)
//     first     read only the first element that matches `selector`
//   attributes: extra attribute names whose changes mean "check this item again"
//   navigationEvents: extra events (on document) after which the URL is checked again
"use strict";

(() => {
  /**
   * @typedef {{selector?: string, attr: string, pattern: string, as: "handle"|"id"|"either",
   *   notInside?: string, first?: boolean}} Reader
   * @typedef {{kind: string, selector: string, hide?: string, authors: Reader[]}} ItemRule
   * @typedef {{items: ItemRule[], attributes?: string[], navigationEvents?: string[]}} DomSpec
   * @typedef {{handles: Set<string>, ids: Set<string>}} Listed
   */

  /**
   * Decode a captured value the way the site writes it (percent-encoded Unicode handles).
   * @param {string} value
   * @returns {string}
   */
  function decode(value) {
    try {
      return decodeURIComponent(value);
    } catch {
      return value;
    }
  }

  /**
   * The handle or id a match names. Fediverse handles are `user@domain`: a pattern with the named
   * groups `user` and `domain` (and optionally `host`, the link's own host) yields `user@domain`,
   * where a link without a domain means the link's host, then the page's host (a local account).
   * Otherwise capture group 1 is the key.
   * @param {RegExpExecArray} found
   * @returns {string}
   */
  function keyOf(found) {
    const groups = found.groups;
    if (groups && groups.user) {
      const domain = groups.domain || groups.host || location.hostname;
      return `${decode(groups.user)}@${domain.toLowerCase()}`;
    }
    return found[1] ? decode(found[1]) : "";
  }

  /**
   * Compile a site's dom data once, so that each check is a few selector calls and Set lookups.
   * @param {DomSpec} dom
   */
  function compile(dom) {
    const rules = dom.items.map((rule) => ({
      ...rule,
      readers: rule.authors.map((reader) => ({ ...reader, regex: new RegExp(reader.pattern) })),
    }));
    const itemSelector = rules.map((rule) => rule.selector).join(", ");
    const attributes = new Set(dom.attributes || []);
    for (const rule of rules) for (const reader of rule.readers) attributes.add(reader.attr);

    /**
     * The rules an element is an item of (an element can be e.g. both a post and a placeholder).
     * @param {Element} el
     */
    function rulesOf(el) {
      return rules.filter((rule) => el.matches(rule.selector));
    }

    /**
     * Whether one reader finds a listed person on this item.
     * @param {Element} item
     * @param {{readers: any[]}["readers"][number]} reader
     * @param {Listed} listed
     */
    function readerMatches(item, reader, listed) {
      /** @type {Iterable<Element>} */
      let elements;
      if (!reader.selector) elements = [item];
      else if (reader.first) {
        const one = item.querySelector(reader.selector);
        elements = one ? [one] : [];
      } else elements = item.querySelectorAll(reader.selector);
      for (const el of elements) {
        if (reader.notInside) {
          const outside = el.parentElement && el.parentElement.closest(reader.notInside);
          if (outside && item.contains(outside)) continue;
        }
        const value = el.getAttribute(reader.attr);
        if (!value) continue;
        const found = reader.regex.exec(value);
        const key = found ? keyOf(found) : "";
        if (!key) continue;
        if (reader.as !== "id" && listed.handles.has(key.toLowerCase())) return true;
        if (reader.as !== "handle" && listed.ids.has(key)) return true;
      }
      return false;
    }

    /**
     * Whether an item is by (or carries) a listed person, and which element hides it.
     * @param {Element} item
     * @param {Listed} listed
     * @returns {{matched: boolean, target: Element} | null} null when `item` is no item
     */
    function check(item, listed) {
      const own = rulesOf(item);
      if (own.length === 0) return null;
      let matched = false;
      let target = item;
      for (const rule of own) {
        if (rule.hide) target = item.closest(rule.hide) || target;
        if (!matched) matched = rule.readers.some((reader) => readerMatches(item, reader, listed));
      }
      return { matched, target };
    }

    return {
      itemSelector,
      attributes: [...attributes],
      navigationEvents: dom.navigationEvents || [],
      check,
    };
  }

  globalThis.NoContactMatcher = { compile };
})();
