// The content engine's hiding styles. The engine marks what it hides with attribute names it makes
// up at random for each page (content/engine.js), so no page script can find the extension's
// marks by a name known in advance. The rules for those names cannot be in the manifest's CSS, which
// is fixed; they are inserted here into the sender's frame with scripting.insertCSS, which, like the
// manifest's CSS, is not in the page's DOM (no <style> element, nothing in document.styleSheets).
// The names were checked against MARK_NAME by the router before this runs, so nothing else can
// reach the stylesheet.

/** @type {Array<() => Promise<void>>} what runs when a site page starts (sync.js adds its round) */
const siteOpenListeners = [];

/**
 * Run `listener` each time a page of a supported site starts (after its styles are in).
 * @param {() => Promise<void>} listener
 */
export function onSiteOpen(listener) {
  siteOpenListeners.push(listener);
}

/**
 * The stylesheet for one page's names.
 * @param {{hidden: string, cover: string, ready: string}} names
 */
export function engineCss({ hidden, cover, ready }) {
  // content/hide.css keeps every body of a supported site hidden until the engine has read the
  // list; `ready` lifts that, `cover` brings it back while leaving for the interstitial. The extra
  // `:root` outweighs hide.css's `html > body` whatever order the browser applies them in.
  return [
    `[${hidden}] { display: none !important; }`,
    `html:root[${ready}] > body { visibility: visible !important; }`,
    `html:root:root[${cover}] > body { visibility: hidden !important; }`,
  ].join("\n");
}

/** @type {Record<string, (message: any, sender: chrome.runtime.MessageSender) => Promise<any>>} */
export const HANDLERS = {
  "engine.style": async ({ hidden, cover, ready }, sender) => {
    const tabId = /** @type {number} */ (sender.tab?.id);
    await chrome.scripting.insertCSS({
      target: { tabId, frameIds: [sender.frameId ?? 0] },
      css: engineCss({ hidden, cover, ready }),
    });
    // A site page opened: bring in what other devices changed (after the styles, never before).
    for (const listener of siteOpenListeners) void listener().catch(() => {});
    return {};
  },
};
