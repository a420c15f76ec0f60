// The sealed record's eyes: when the engine hides an item of a person whose posts the user chose to
// keep (matchIndex `sealHandles`/`sealIds`), the item's permalink, author and visible text are
// read from the page the browser already has and handed to the background, which keeps them sealed
// (background/records.js). Nothing is fetched. Reading happens off the critical path: the engine
// only queues the element (a Set lookup), and the text is read when the browser is idle.
"use strict";

(() => {
  const { stillParsing } = globalThis.NoContactMatcher;
  /** Items per message: the most background/records.js takes in one (CAPTURE_LIMIT). */
  const BATCH = 50;
  /** Kinds of item that are the person's own words (people cells and suggestions are not). */
  const WORDS = new Set(["post", "reply", "comment", "repost", "quote"]);

  /**
   * @param {CompiledSite} site
   * @returns {{use(entry: any): void, consider(item: Element, result: any): void}}
   */
  function createSealer(site) {
    let handles = new Set();
    let ids = new Set();
    /** @type {{item: Element, rule: any, key: any}[]} */
    let queue = [];
    /** Addresses already handed over from this page, so a re-rendered item is not sent twice. */
    const sent = new Set();
    let scheduled = false;

    /** The item's own address (its permalink rule), or the page's. @param {Element} item @param {any} rule */
    function addressOf(item, rule) {
      const spec = rule.permalink;
      if (spec) {
        const el = spec.selector ? item.querySelector(spec.selector) : item;
        const value = el && el.getAttribute(spec.attr);
        if (value) {
          try {
            return spec.template ? spec.template.replace("{}", value) : new URL(value, location.href).href;
          } catch {
            // an address the page wrote oddly: the page's own address stands in
          }
        }
      }
      return location.href;
    }

    function schedule() {
      if (scheduled) return;
      scheduled = true;
      if (typeof requestIdleCallback === "function") requestIdleCallback(flush, { timeout: 2000 });
      else setTimeout(flush, 50);
    }

    function flush() {
      scheduled = false;
      const items = [];
      /** @type {typeof queue} */
      const waiting = [];
      for (const entry of queue) {
        const { item, rule, key } = entry;
        // Idle time can come while the parser is inside the item, before its permalink and the
        // rest of its text arrived: it is read once it is complete, not as half a record.
        if (stillParsing(item)) {
          waiting.push(entry);
          continue;
        }
        const url = addressOf(item, rule);
        if (sent.has(url)) continue;
        sent.add(url);
        const text = (item.textContent || "").replace(/\s+/g, " ").trim().slice(0, 2000);
        items.push({ url, key, text });
      }
      queue = waiting;
      if (waiting.length) schedule();
      // A long page can hide hundreds at once: every one is kept, a message at a time.
      for (let start = 0; start < items.length; start += BATCH) {
        const batch = items.slice(start, start + BATCH);
        chrome.runtime.sendMessage({ type: "records.capture", platform: site.platform, items: batch }).catch(() => {});
      }
    }

    return {
      use(entry) {
        handles = new Set((entry && entry.sealHandles) || []);
        ids = new Set((entry && entry.sealIds) || []);
      },
      consider(item, result) {
        const key = result.key;
        if (!key || !result.rule || !WORDS.has(result.rule.kind)) return;
        if (!(key.handle ? handles.has(key.handle) : ids.has(key.id))) return;
        queue.push({ item, rule: result.rule, key });
        schedule();
      },
    };
  }

  globalThis.NoContactSeal = { createSealer };
})();
