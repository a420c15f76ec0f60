// Whom an interstitial page stands for, without its address ever saying so. The page's address
// carries a random token: from a declarativeNetRequest rule (`interstitialTargets`, rebuilt with
// the rules) or from a content script that left a listed profile in the page (it tells the
// background here, just before it goes). "Look anyway" on the page asks for the reflection flow
// with that token; the flow then knows the person, shows their note, and schedules the look.
import { personForKey, PLATFORMS } from "../lib/blocklist.js";
import { interstitialPath, isToken } from "../lib/interstitial.js";
import { forgetVisits } from "./history.js";
import { answerContent, answerPages } from "./messages.js";
import { newRequest } from "./reflection.js";
import { readDoc } from "./store.js";

/** Visits remembered for this browser session (the newest; older ones cannot be looked past). */
const MAX_VISITS = 20;

/** @param {any} person @returns {boolean} a `{handle}` or `{id}` of sane size */
function isKey(person) {
  const value = person?.handle ?? person?.id;
  return typeof value === "string" && value.length > 0 && value.length <= 200;
}

/**
 * Whom a token stands for, and the address the user was kept from when a content script told it.
 * @param {string} token @returns {Promise<{platform: string, person: any, url?: string} | null>}
 */
export async function targetOf(token) {
  const { interstitialVisits } = await chrome.storage.session.get("interstitialVisits");
  const visit = interstitialVisits?.[token];
  if (visit) return visit;
  const { interstitialTargets } = await chrome.storage.local.get("interstitialTargets");
  return interstitialTargets?.[token] ?? null;
}

answerContent({
  // A content script leaves a listed profile: remember whom the token stands for.
  "interstitial.open": async ({ token, platform, person, url }, sender) => {
    if (!isToken(token) || !PLATFORMS.includes(platform) || !isKey(person)) return {};
    const { interstitialVisits = {} } = await chrome.storage.session.get("interstitialVisits");
    const kept = Object.entries(interstitialVisits).slice(-(MAX_VISITS - 1));
    const key = typeof person.handle === "string" ? { handle: person.handle } : { id: String(person.id) };
    // The address they were on is kept for this browser session only, for a record saved by hand.
    const visit = { platform, person: key, ...(typeof url === "string" && url.length <= 2000 ? { url } : {}) };
    await chrome.storage.session.set({
      interstitialVisits: Object.fromEntries([...kept, [token, visit]]),
    });
    // The page does not go there itself: in Chromium the interstitial is web-accessible to no
    // site, so that none can probe for the extension by loading it (SECURITY.md). The extension
    // may always open its own page in a tab.
    const tabId = sender.tab?.id;
    if (tabId !== undefined) {
      await chrome.tabs.update(tabId, { url: chrome.runtime.getURL(interstitialPath(token)) });
    }
    return {};
  },
});

answerPages({
  // The interstitial page has opened for a token: if the user chose it, the person's addresses
  // leave the browser's history now.
  "interstitial.arrived": async ({ token }) => {
    const target = isToken(token) ? await targetOf(token) : null;
    if (target) await forgetVisits(target.platform, target.person);
    return {};
  },
  // "Look anyway" on the interstitial page: a flow request for the person its token stands for.
  "interstitial.look": async ({ token }) => {
    const target = isToken(token) ? await targetOf(token) : null;
    const person = target && personForKey(await readDoc("blocklist"), target.platform, target.person);
    if (!person) throw new Error("interstitial_unknown");
    return { id: await newRequest({ type: "look_anyway", person, platform: target.platform }) };
  },
});
