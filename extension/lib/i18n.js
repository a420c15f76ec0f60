// Words from _locales, with one signature everywhere (background, pages): t(key, ...substitutions),
// and plural(key, count, ...substitutions) for counts. A key the locale lacks shows as the key
// itself, which tests catch, rather than as nothing.
//
// Discreet mode (a setting): a message that names the product has a `<key>_discreet` variant
// that does not, and t() takes it while discreet mode is on. Pages switch it with useDiscreet()
// as soon as they know the setting; the background passes it for each title it sets.

let discreet = false;

/** Words for discreet mode (true) or not, from now on. @param {boolean} on */
export function useDiscreet(on) {
  discreet = Boolean(on);
}

/** @returns {boolean} whether discreet words are in use */
export function isDiscreet() {
  return discreet;
}

/** @param {string} key @param {string[]} subs */
function message(key, subs) {
  if (discreet) {
    const quiet = chrome.i18n.getMessage(`${key}_discreet`, subs);
    if (quiet) return quiet;
  }
  return chrome.i18n.getMessage(key, subs);
}

/**
 * @param {string} key
 * @param {...(string|number)} subs the $PLACEHOLDERS$ in order
 * @returns {string}
 */
export function t(key, ...subs) {
  return message(key, subs.map(String)) || key;
}

/** The plural category of a count in the browser's language (one, few, many, other ...). */
let rules = null;
/** @param {number} count */
function category(count) {
  rules ??= new Intl.PluralRules(chrome.i18n.getUILanguage());
  return rules.select(count);
}

/**
 * A counted phrase: `<key>_<category>` for the count's plural category in the browser's language
 * (`<key>_one`, `<key>_other` ...), falling back to `<key>_other`. The count is the first
 * substitution, written as the language writes numbers.
 * @param {string} key @param {number} count @param {...(string|number)} subs the other placeholders
 */
export function plural(key, count, ...subs) {
  const args = [new Intl.NumberFormat(chrome.i18n.getUILanguage()).format(count), ...subs].map(String);
  return message(`${key}_${category(count)}`, args) || message(`${key}_other`, args) || key;
}
