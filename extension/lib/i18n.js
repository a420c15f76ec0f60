// Fill every [data-i18n] element's text (and [data-i18n-label] aria-labels) from _locales, so that
// pages hold no user-visible words of their own.

/** @param {string} key @param {string[]} [subs] */
export const t = (key, subs = []) => chrome.i18n.getMessage(key, subs) || key;

/** @param {ParentNode} [root] */
export function localize(root = document) {
  for (const el of root.querySelectorAll("[data-i18n]")) {
    el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n || "");
  }
  for (const el of root.querySelectorAll("[data-i18n-label]")) {
    el.setAttribute("aria-label", t(/** @type {HTMLElement} */ (el).dataset.i18nLabel || ""));
  }
  for (const el of root.querySelectorAll("[data-i18n-placeholder]")) {
    el.setAttribute("placeholder", t(/** @type {HTMLElement} */ (el).dataset.i18nPlaceholder || ""));
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
