// The declarativeNetRequest rules that send a full page load of a listed person's profile to the
// interstitial before anything of it loads. Built from the match index and each site file's
// `redirects` templates, so adding a site needs no code here. Pure: tested under node.
//
// urlFilter, not regexFilter: browsers allow only about a thousand regex rules, but thousands of
// plain filters, and `^` (a separator or the end) keeps `abuser` from matching `abuser2`.
import { interstitialPath, newToken } from "./interstitial.js";
//
// Each rule sends the tab to `interstitial.html#<token>`: a random token that names no one, and
// changes whenever the rules are rebuilt; `targets` maps it back to the person for "look anyway".

/** Redirect rules a dynamic ruleset may hold in both browsers (Chrome's "unsafe" rule limit). */
export const MAX_RULES = 5000;
// Only characters that real handles and ids use; anything else could change the filter's meaning.
const SAFE = /^[\w.@:-]{1,100}$/;

/**
 * @typedef {{platform: string, person: {handle: string} | {id: string}}} Target whom a rule stands for
 * @param {{paused: boolean, platforms: Record<string, {enabled: boolean, handles: string[], ids: string[]}>}} index
 * @param {{platform: string, redirects?: {handle?: string[], id?: string[]}}[]} sites
 * @param {() => string} [token] makes each rule's token
 * @returns {{rules: chrome.declarativeNetRequest.Rule[], targets: Record<string, Target>}}
 */
export function buildRedirectRules(index, sites, token = newToken) {
  /** @type {any[]} */
  const rules = [];
  /** @type {Record<string, Target>} */
  const targets = {};
  if (!index || index.paused) return { rules, targets };
  /** @type {Map<string, Target>} */
  const filters = new Map();
  for (const site of sites) {
    const slot = index.platforms?.[site.platform];
    if (!slot?.enabled || !site.redirects) continue;
    for (const [kind, values] of /** @type {const} */ ([
      ["handle", slot.handles],
      ["id", slot.ids],
    ])) {
      for (const template of site.redirects[kind] || []) {
        for (const value of values || []) {
          // A Mastodon handle (user@instance) has no redirect template; skip unsafe values.
          const person = kind === "handle" ? { handle: value } : { id: value };
          if (SAFE.test(value)) filters.set(template.replace("{}", value), { platform: site.platform, person });
        }
      }
    }
  }
  for (const [urlFilter, target] of filters) {
    if (rules.length >= MAX_RULES) break;
    const id = token();
    targets[id] = target;
    rules.push({
      id: rules.length + 1,
      priority: 1,
      action: { type: "redirect", redirect: { extensionPath: `/${interstitialPath(id)}` } },
      condition: { urlFilter, resourceTypes: ["main_frame"] },
    });
  }
  return { rules, targets };
}
