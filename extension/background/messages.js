// The one router for every message the background answers. Each background module declares its
// handlers here, with who may send them:
//   answerPages(handlers)    the extension's own pages (options, popup, flow, sync, interstitial):
//                            the sender's address is inside this extension. Answered
//                            `{ok: true, ...}` or `{ok: false, error: "<message key>"}`.
//   answerContent(handlers)  content scripts in a site's tab (the sender's address is http/https);
//                            they report what they saw and never read anything back.
// A type may have one handler only (registering a second throws at load, and tests/js
// messages.test.mjs checks that every type sent anywhere has exactly one). Chrome does not accept a
// Promise from an onMessage listener, hence sendResponse and `return true`.

/** @typedef {"page" | "content"} Sender who may send a message type */
/** @typedef {(message: any, sender: chrome.runtime.MessageSender) => Promise<any>} Handler */

/** @type {Map<string, {from: Sender, run: Handler, errorKey: (err: any) => string}>} */
const routes = new Map();

const defaultErrorKey = (/** @type {any} */ err) => String(err?.message || "options_somethingWrong");

/**
 * @param {Sender} from @param {Record<string, Handler>} handlers
 * @param {(err: any) => string} errorKey the message key an error is reported as
 */
function answer(from, handlers, errorKey) {
  for (const [type, run] of Object.entries(handlers)) {
    if (routes.has(type)) throw new Error(`two handlers for the message "${type}"`);
    routes.set(type, { from, run, errorKey });
  }
}

/** Answer the extension pages' messages of these types. */
export function answerPages(/** @type {Record<string, Handler>} */ handlers, errorKey = defaultErrorKey) {
  answer("page", handlers, errorKey);
}

/** Take these reports from content scripts. */
export function answerContent(/** @type {Record<string, Handler>} */ handlers) {
  answer("content", handlers, defaultErrorKey);
}

/** @returns {string[]} every message type with a handler (for tests) */
export function routedTypes() {
  return [...routes.keys()];
}

/**
 * Whether the sender may send to a handler of this kind. Judged by the sender's own address (the
 * frame that sent it), never by its tab's address, which may have changed since.
 * @param {Sender} from @param {chrome.runtime.MessageSender} sender
 */
export function senderIs(from, sender) {
  if (sender.id !== chrome.runtime.id || typeof sender.url !== "string") return false;
  const fromExtension = sender.url.startsWith(chrome.runtime.getURL(""));
  if (from === "page") return fromExtension;
  return !fromExtension && /^https?:/.test(sender.url) && sender.tab?.id !== undefined;
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const route = typeof message?.type === "string" ? routes.get(message.type) : undefined;
  if (!route) {
    // A page asking for something that does not exist (an older page, a typo) hears so at once.
    if (senderIs("page", sender)) sendResponse({ ok: false, error: "options_somethingWrong" });
    return false;
  }
  if (!senderIs(route.from, sender)) return false;
  route.run(message, sender).then(
    (result) => sendResponse({ ok: true, ...result }),
    (err) => sendResponse({ ok: false, error: route.errorKey(err) }),
  );
  return true;
});
