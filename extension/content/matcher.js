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
//   unblockControls: [{ selector, where?, row?, authors?, page? }, ...] the site's own Unblock
//     selector  CSS selector of the control (a button, link or menu item)
//     where     optional regular expression source, tested against the page's path + query: the
//               control counts only there (a blocked-list page, where every button of a row unblocks)
//     row       optional selector of the control's ancestor that names the person (a list row)
//     authors   readers (as above) run on that row, or on the control itself when there is no row
//     page      true: a control of the profile page it is on (a profile header's Unblock), so the
//               person is whoever the page's address names
//   A control is for a listed person when its readers find them, when an item that holds it is
//   theirs, or (page: true) when the page is their profile.
"use strict";

(() => {
  /**
   * @typedef {{selector?: string, attr: string, pattern: string, as: "handle"|"id"|"either",
   *   notInside?: string, first?: boolean}} Reader
   * @typedef {{kind: string, selector: string, hide?: string, authors: Reader[]}} ItemRule
   * @typedef {{selector: string, where?: string, row?: string, authors?: Reader[], page?: boolean}} ControlRule
   * @typedef {{items: ItemRule[], attributes?: string[], navigationEvents?: string[],
   *   unblockControls?: ControlRule[]}} DomSpec
   * @typedef {{handle: string} | {id: string}} Key whom a match names
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
     * The listed person one reader finds on this item, or null.
     * @param {Element} item
     * @param {{readers: any[]}["readers"][number]} reader
     * @param {Listed} listed
     * @returns {Key | null}
     */
    function readerKey(item, reader, listed) {
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
        if (reader.as !== "id" && listed.handles.has(key.toLowerCase())) return { handle: key.toLowerCase() };
        if (reader.as !== "handle" && listed.ids.has(key)) return { id: key };
      }
      return null;
    }

    /**
     * The listed person any of `readers` finds on `el`, or null.
     * @param {Element} el @param {any[]} readers @param {Listed} listed
     * @returns {Key | null}
     */
    function firstKey(el, readers, listed) {
      for (const reader of readers) {
        const key = readerKey(el, reader, listed);
        if (key) return key;
      }
      return null;
    }

    /**
     * Whether an item is by (or carries) a listed person, and which element hides it.
     * @param {Element} item
     * @param {Listed} listed
     * @returns {{matched: boolean, target: Element, key: Key | null} | null} null when `item`
     *   is no item; `key` names the listed person it is by
     */
    function check(item, listed) {
      const own = rulesOf(item);
      if (own.length === 0) return null;
      /** @type {Key | null} */
      let key = null;
      let target = item;
      for (const rule of own) {
        if (rule.hide) target = item.closest(rule.hide) || target;
        if (!key) key = firstKey(item, rule.readers, listed);
      }
      return { matched: key !== null, target, key };
    }

    const controls = (dom.unblockControls || []).map((control) => ({
      ...control,
      whereRegex: control.where ? new RegExp(control.where) : null,
      readers: (control.authors || []).map((reader) => ({ ...reader, regex: new RegExp(reader.pattern) })),
    }));
    const controlSelector = controls.map((control) => control.selector).join(", ");

    /**
     * The listed person a site's own Unblock control at (or around) `target` is for, or null: by
     * the control's own readers (on its row), by the items that hold it, or by the page's address.
     * @param {Element} target where the event happened
     * @param {Listed} listed
     * @param {string} page the page's path + query
     * @param {() => Key | null} pagePerson the listed person whose profile the page is
     * @returns {Key | null}
     */
    function unblockTarget(target, listed, page, pagePerson) {
      if (!controlSelector) return null;
      const control = target.closest(controlSelector);
      if (!control) return null;
      const rules = controls.filter(
        (rule) => control.matches(rule.selector) && (!rule.whereRegex || rule.whereRegex.test(page)),
      );
      if (rules.length === 0) return null;
      for (const rule of rules) {
        const row = rule.row ? control.closest(rule.row) : control;
        const key = (row && firstKey(row, rule.readers, listed)) || (rule.page ? pagePerson() : null);
        if (key) return key;
      }
      for (let node = control.closest(itemSelector); node; ) {
        const result = check(node, listed);
        if (result && result.key) return result.key;
        node = node.parentElement && node.parentElement.closest(itemSelector);
      }
      return null;
    }

    return {
      itemSelector,
      attributes: [...attributes],
      navigationEvents: dom.navigationEvents || [],
      hasUnblockControls: controls.length > 0,
      check,
      unblockTarget,
    };
  }

  globalThis.NoContactMatcher = { compile };
})();
