// Turns a site file's `dom` data into a matcher: which elements are items, whom each item is by, and
// which element to hide for it. Classic script (content scripts cannot be modules); it defines one
// global in the extension's isolated world, never in the page.
//
// The format of a site's `dom` section is the `DomSpec` type in types/site.d.ts. In short: items
// (selector, optional ancestor to hide, readers of their author), readers (an attribute of the item
// or of elements inside it, and a pattern whose group names a handle or id), and the site's own
// Unblock controls. A control is for a listed person when its readers find them, when an item that
// holds it is theirs, or (page: true) when the page is their profile.
//
// Message rules (extension/README.md, "Messages"): an item rule with `messages: "row"` (a
// conversation row, message request, chat head or pop-up chat) or `messages: "conversation"` (the
// open conversation, recognised by its header) is not theirs for a person who chose "keep messages
// only": the match index lists them per site in `keepMessagesHandles`/`keepMessagesIds`, which
// this script reads itself. An open conversation with anyone else listed is hidden and the tab
// leaves for the interstitial, as a profile of theirs would.
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
   * Whether the parser may still add to `item`: the page is loading and nothing follows it yet in
   * the document (the engine keeps such an item hidden, the sealed record waits before reading it).
   * @param {Element} item
   */
  function stillParsing(item) {
    if (document.readyState !== "loading" || !item.isConnected) return false;
    for (let node = /** @type {Node | null} */ (item); node && node !== document; node = node.parentNode) {
      if (node.nextSibling) return false;
    }
    return true;
  }

  /**
   * A fresh attribute name no page can know in advance: `data-` and ten random letters/digits (the
   * engine's marks use it too; background/message-shapes.js MARK_NAME checks the form).
   */
  function randomName() {
    const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
    const bytes = crypto.getRandomValues(new Uint8Array(10));
    // A letter first, as HTML attribute names and the background's check want.
    let name = alphabet[bytes[0] % 26];
    for (const byte of bytes.subarray(1)) name += alphabet[byte % alphabet.length];
    return `data-${name}`;
  }

  /**
   * The people of this site whose messages stay reachable ("keep messages only"), read from the
   * match index as the engine reads the rest. Before the first read, nobody is (the safe side);
   * if the engine checked items before it came, one attribute change on <html> (a made-up name
   * the engine watches) makes it check every item again.
   * @param {CompiledSite | null} site
   */
  function messageExemptions(site) {
    const exempt = { handles: new Set(), ids: new Set(), read: false, checked: false };
    const storage = globalThis.chrome && chrome.storage && chrome.storage.local;
    const nudge = randomName();
    if (!site || !storage) return { exempt, nudge };
    /** @param {any} index */
    const use = (index) => {
      const entry = index && index.platforms && index.platforms[site.platform];
      exempt.handles = new Set((entry && entry.keepMessagesHandles) || []);
      exempt.ids = new Set((entry && entry.keepMessagesIds) || []);
      const late = !exempt.read && exempt.checked;
      exempt.read = true;
      if (late) {
        document.documentElement.setAttribute(nudge, "");
        document.documentElement.removeAttribute(nudge);
      }
    };
    // Asked before the engine asks for the same key, and told of changes before it: the engine's
    // check after a change of the list already sees the new exemptions.
    storage.get("matchIndex").then(
      ({ matchIndex }) => use(matchIndex),
      () => use(null),
    );
    chrome.storage.onChanged.addListener((changes, area) => {
      if (area === "local" && changes.matchIndex) use(changes.matchIndex.newValue);
    });
    return { exempt, nudge };
  }

  /** Whether this page was left for the interstitial (it stays covered). */
  let leftThisPage = false;

  /**
   * Leave this page (their profile, their open conversation) for the interstitial: a random
   * one-time token, whom it stands for told to the background, which moves the tab. The page never
   * loads the interstitial itself, so it is web-accessible to no site in Chromium (none can probe
   * for the extension by loading it; see SECURITY.md). Fire and forget: this page is about to go,
   * and with it any answer.
   *
   * Moving the tab keeps this page's entry in the tab's history, so the entry stops being theirs
   * first: it becomes the page the user came from on this site (or the site's front page). "Go
   * back" on the interstitial then returns there, instead of to their address (which would only
   * lead to the interstitial again), and the back list names no one.
   * @param {CompiledSite} site @param {Key} person
   * @param {string | null} [cameFrom] the address this page showed before theirs, if any
   */
  function leaveFor(site, person, cameFrom = null) {
    leftThisPage = true;
    const token = globalThis.NoContactInterstitial.newToken();
    const message = { type: "interstitial.open", token, platform: site.platform, person, url: location.href };
    chrome.runtime.sendMessage(message).catch(() => {});
    // After the site's own script is done: when the browser announces a navigation of the site's
    // router (the Navigation API's navigate event), the entry for their address is not there yet.
    queueMicrotask(() => {
      try {
        history.replaceState(null, "", cameFrom || "/");
        document.title = location.hostname;
      } catch {
        // a page that will not let its entry change keeps it: Back would lead here again
      }
    });
  }

  // Back to a page this tab left for the interstitial, restored as it was (the back/forward cache):
  // it may hold what the site had begun to draw of their page, so it is loaded afresh, still covered.
  // (Guarded: the unit tests load this file in Node, which has no pages.)
  if (typeof window !== "undefined") {
    addEventListener("pageshow", (event) => {
      if (event.persisted && leftThisPage) location.reload();
    });
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
    // Message rules: whose messages stay reachable, and the open conversation to leave.
    const site =
      (globalThis.NoContactSites && globalThis.NoContactSites.all().find((known) => known.dom === dom)) || null;
    const hasMessages = rules.some((rule) => /** @type {any} */ (rule).messages);
    const { exempt, nudge } = hasMessages ? messageExemptions(site) : messageExemptions(null);
    if (hasMessages) attributes.add(nudge);
    let leaving = false;

    /**
     * Whether a message rule's match stays reachable (keep messages only).
     * @param {any} rule @param {Key} key
     */
    function exempted(rule, key) {
      if (!rule.messages) return false;
      exempt.checked = true;
      return "handle" in key ? exempt.handles.has(key.handle) : exempt.ids.has(key.id);
    }

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
          const found = firstKey(item, rule.readers, listed);
          if (found && !exempted(rule, found)) {
            key = found;
            matchedRule = rule;
          }
        }
      }
      // Their open conversation: hidden (above) and left for the interstitial, once whom the
      // user keeps messages with is known and only for a conversation still in the page.
      const conversation = /** @type {any} */ (matchedRule)?.messages === "conversation";
      if (conversation && key && site && exempt.read && !leaving && item.isConnected) {
        leaving = true;
        leaveFor(site, key);
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

  globalThis.NoContactMatcher = { compile, randomName, stillParsing, leaveFor };
})();
