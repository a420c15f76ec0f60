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
//
// Every type has a declared shape (message-shapes.js): a message that does not fit it is answered
// `{ok: false, error: "message_malformed"}` and no handler runs. A handler that throws, at once or
// later, becomes an error answer; nothing a sender can send makes the background throw.
import { shapeError, SHAPES } from "./message-shapes.js";
import { HANDLERS as ENGINE_STYLE } from "./engine-style.js";

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
    if (!SHAPES[type]) throw new Error(`the message "${type}" has no shape in message-shapes.js`);
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

/** The extension's own origin, without a trailing slash (`chrome-extension://<id>`). */
const ownOrigin = () => chrome.runtime.getURL("").replace(/\/$/, "");

/**
 * Whether the sender may send to a handler of this kind. Judged by the sender's own frame (its
 * address and, where the browser reports it, its origin), never by its tab's address, which may
 * have changed since or belong to another frame.
 * @param {Sender} from @param {chrome.runtime.MessageSender} sender
 */
export function senderIs(from, sender) {
  if (!sender || sender.id !== chrome.runtime.id || typeof sender.url !== "string") return false;
  const origin = ownOrigin();
  const fromExtension = sender.url.startsWith(`${origin}/`);
  // Chromium reports the frame's origin too; an opaque or foreign one never counts as ours.
  const originOurs = sender.origin === undefined || sender.origin === origin;
  if (from === "page") return fromExtension && originOurs;
  return !fromExtension && sender.origin !== origin && /^https?:/.test(sender.url) && sender.tab?.id !== undefined;
}

/**
 * Answer one message: route, sender, shape, then the handler. Exported for tests.
 * @param {any} message @param {chrome.runtime.MessageSender} sender
 * @param {(answer: any) => void} sendResponse
 * @returns {boolean} whether the answer comes later (Chrome's `return true`)
 */
export function dispatch(message, sender, sendResponse) {
  const route = typeof message?.type === "string" && routes.has(message.type) ? routes.get(message.type) : undefined;
  if (!route) {
    // A page asking for something that does not exist (an older page, a typo) hears so at once.
    if (senderIs("page", sender)) sendResponse({ ok: false, error: "options_somethingWrong" });
    return false;
  }
  if (!senderIs(route.from, sender)) return false;
  const wrong = shapeError(SHAPES[message.type], message);
  if (wrong) {
    sendResponse({ ok: false, error: "message_malformed", detail: `${message.type}: ${wrong}` });
    return false;
  }
  Promise.resolve()
    .then(() => route.run(message, sender))
    .then(
      (result) => sendResponse({ ok: true, ...result }),
      (err) => sendResponse({ ok: false, error: safeErrorKey(route, err) }),
    );
  return true;
}

/** @param {{errorKey: (err: any) => string}} route @param {any} err */
function safeErrorKey(route, err) {
  try {
    return route.errorKey(err);
  } catch {
    return "options_somethingWrong";
  }
}

chrome.runtime.onMessage.addListener(dispatch);

// The content engine's request for its hiding styles is the router's own: every site's content
// script sends it first, before any module's message.
answerContent(ENGINE_STYLE);
