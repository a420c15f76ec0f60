// Words from _locales, with one signature everywhere (background, pages): t(key, ...substitutions).
// A key the locale lacks shows as the key itself, which tests catch, rather than as nothing.

/**
 * @param {string} key
 * @param {...(string|number)} subs the $PLACEHOLDERS$ in order
 * @returns {string}
 */
export function t(key, ...subs) {
  return chrome.i18n.getMessage(key, subs.map(String)) || key;
}
