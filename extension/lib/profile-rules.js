// The declarativeNetRequest rules that send a full page load of a listed person's profile to the
// interstitial before anything of it loads. Built from the match index and each site file's
// `redirects` templates, so adding a site needs no code here. Pure: tested under node.
//
// urlFilter, not regexFilter: browsers allow only about a thousand regex rules, but thousands of
// plain filters, and `^` (a separator or the end) keeps `abuser` from matching `abuser2`.

export const INTERSTITIAL = "/pages/interstitial.html";
/** Redirect rules a dynamic ruleset may hold in both browsers (Chrome's "unsafe" rule limit). */
export const MAX_RULES = 5000;
// Only characters that real handles and ids use; anything else could change the filter's meaning.
const SAFE = /^[\w.@:-]{1,100}$/;

/**
 * @param {{paused: boolean, platforms: Record<string, {enabled: boolean, handles: string[], ids: string[]}>}} index
 * @param {{platform: string, redirects?: {handle?: string[], id?: string[]}}[]} sites
 * @returns {chrome.declarativeNetRequest.Rule[]}
 */
export function buildRedirectRules(index, sites) {
  /** @type {any[]} */
  const rules = [];
  if (!index || index.paused) return rules;
  const filters = new Set();
  for (const site of sites) {
    const slot = index.platforms?.[site.platform];
    if (!slot?.enabled || !site.redirects) continue;
    for (const [kind, values] of /** @type {const} */ ([["handle", slot.handles], ["id", slot.ids]])) {
      for (const template of site.redirects[kind] || []) {
        for (const value of values || []) {
          // A Mastodon handle (user@instance) has no redirect template; skip unsafe values.
          if (SAFE.test(value)) filters.add(template.replace("{}", value));
        }
      }
    }
  }
  for (const urlFilter of filters) {
    if (rules.length >= MAX_RULES) break;
    rules.push({
      id: rules.length + 1,
      priority: 1,
      action: { type: "redirect", redirect: { extensionPath: INTERSTITIAL } },
      condition: { urlFilter, resourceTypes: ["main_frame"] },
    });
  }
  return rules;
}
