// What every extension page needs, once: start the page (its words in the mode the user chose, the
// quick-exit button), find and make elements, fill in words from _locales, ask the background, and
// run a piece of work behind a status line. Pages hold no words of their own.
import { plural, t, useDiscreet } from "../lib/i18n.js";

export { plural, t };

/** @param {string} id @returns {any} the element with this id (pages know their own markup) */
export const $ = (id) => document.getElementById(id);

/**
 * Make an element with attributes and text.
 * @param {string} tag @param {Record<string, string>} [attrs] @param {string} [text]
 * @returns {any}
 */
export function el(tag, attrs = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

/**
 * Fill every [data-i18n] element's text, [data-i18n-label] aria-label and [data-i18n-placeholder]
 * placeholder from _locales.
 * @param {ParentNode} [root]
 */
export function localize(root = document) {
  for (const node of root.querySelectorAll("[data-i18n]")) {
    node.textContent = t(/** @type {HTMLElement} */ (node).dataset.i18n || "");
  }
  for (const node of root.querySelectorAll("[data-i18n-label]")) {
    node.setAttribute("aria-label", t(/** @type {HTMLElement} */ (node).dataset.i18nLabel || ""));
  }
  for (const node of root.querySelectorAll("[data-i18n-placeholder]")) {
    node.setAttribute("placeholder", t(/** @type {HTMLElement} */ (node).dataset.i18nPlaceholder || ""));
  }
}

/**
 * Ask the background; resolves with its answer or throws Error(message key).
 * @param {any} message
 */
export async function ask(message) {
  const answer = await chrome.runtime.sendMessage(message);
  if (!answer?.ok) throw new Error(answer?.error || "options_somethingWrong");
  return answer;
}

/**
 * Run `work` behind a status line: "working" while it runs, cleared when it succeeds, and the
 * reason in words when it fails (a refused action always says why).
 * @param {HTMLElement} out the status line
 * @param {() => Promise<void>} work
 * @param {{working?: string, explain?: (key: string) => string}} [options]
 */
export async function guarded(out, work, { working = "page_working", explain = (key) => t(key) } = {}) {
  out.textContent = t(working);
  try {
    await work();
    if (out.textContent === t(working)) out.textContent = "";
  } catch (err) {
    out.textContent = explain(/** @type {Error} */ (err).message);
  }
}

/**
 * Open the reflection flow for a weakening action (in a tab of its own); nothing changes here.
 * @param {any} action @param {HTMLElement} out where to say what happened
 */
export async function openFlow(action, out) {
  try {
    await ask({ type: "reflect.start", action });
    out.textContent = t("options_flowOpened");
  } catch (err) {
    out.textContent = t(/** @type {Error} */ (err).message);
  }
}

/** @type {Record<string, any>} the settings document's values, as the page last read them */
export let settings = {};

/**
 * Start a page: read the settings, fill in its words (discreet ones in discreet mode) and its
 * title, and put the quick-exit button first on the page. When the settings change (discreet mode
 * switched here or on another device), the words change at once and `rerender` runs.
 * @param {{title?: string, rerender?: () => void, quickExit?: boolean}} [options]
 *   title: the message key of the page's title; quickExit: false on pages too small for it (popup)
 */
export async function initPage({ title = "page_title", rerender = () => {}, quickExit = true } = {}) {
  const apply = async () => {
    settings = (await ask({ type: "settings.get" })).settings;
    useDiscreet(settings.discreet);
    document.title = t(title);
    localize();
  };
  await apply();
  if (quickExit) addQuickExit();
  chrome.storage.onChanged.addListener((changes, area) => {
    if (area === "local" && "doc.settings" in changes) void apply().then(rerender);
  });
}

/**
 * The quick-exit button: first in visual and keyboard order, it replaces this tab with the neutral
 * page the user chose and closes the extension's other tabs (background/quick-exit.js). The same
 * happens with the browser shortcut (manifest `commands`).
 */
function addQuickExit() {
  const button = el("button", { type: "button", class: "quick-exit", "data-i18n": "quickExit_button" });
  button.textContent = t("quickExit_button");
  button.addEventListener("click", () => void chrome.runtime.sendMessage({ type: "quickExit.now" }));
  document.body.prepend(button);
}

/**
 * Save text as a file in the user's downloads, without showing it on the page.
 * @param {string} content @param {string} mime @param {string} filename names no one
 */
export function saveFile(content, mime, filename) {
  const link = document.createElement("a");
  link.href = URL.createObjectURL(new Blob([content], { type: mime }));
  link.download = filename;
  link.click();
  URL.revokeObjectURL(link.href);
}
