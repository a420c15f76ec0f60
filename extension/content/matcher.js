// Turns a site file's `dom` data into a matcher: which elements are items, whom each item is by, and
// which element to hide for it. Classic script (content scripts cannot be modules); it defines one
// global in the extension's isolated world, never in the page.
//
// The format of a site's `dom` section is the `DomSpec` type in types/site.d.ts. In short: items
// (selector, optional ancestor to hide, readers of their author), readers (an attribute of the item
// or of elements inside it, and a pattern whose group names a handle or id), and the site's own
// Unblock controls. A control is for a listed person when its readers find them, when an item that
// holds it is theirs, or (page: true) when the page is their profile.
"use strict";

(() => {
  const { normaliseHandle } = globalThis.NoContactIdentity;

  /**
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
        const handle = reader.as !== "id" ? normaliseHandle(key) : null;
        if (handle && listed.handles.has(handle)) return { handle };
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
     * @returns {{matched: boolean, target: Element, key: Key | null, rule: any} | null} null when
     *   `item` is no item; `key` names the listed person it is by, `rule` the item rule that found them
     */
    function check(item, listed) {
      const own = rulesOf(item);
      if (own.length === 0) return null;
      /** @type {Key | null} */
      let key = null;
      let target = item;
      /** the rule whose readers found the person (its kind and permalink matter to the record) */
      let matchedRule = null;
      for (const rule of own) {
        if (rule.hide) target = item.closest(rule.hide) || target;
        if (!key) {
          key = firstKey(item, rule.readers, listed);
          if (key) matchedRule = rule;
        }
      }
      return { matched: key !== null, target, key, rule: matchedRule };
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
      for (let node = control.closest(itemSelector); node;) {
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
