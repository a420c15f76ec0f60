// Keeps the dynamic declarativeNetRequest rules (lib/profile-rules.js) in step with `matchIndex`:
// a full load of a listed person's profile goes to the interstitial; in-app navigation is the
// content engine's job. The rules hold handles, so they live only in the browser's own rule store.
import { buildRedirectRules, INTERSTITIAL } from "../lib/profile-rules.js";
import { allSites } from "../lib/sites.js";

export async function syncRedirectRules() {
  const { matchIndex } = await chrome.storage.local.get("matchIndex");
  const rules = buildRedirectRules(matchIndex, allSites());
  const existing = await chrome.declarativeNetRequest.getDynamicRules();
  await chrome.declarativeNetRequest.updateDynamicRules({
    removeRuleIds: existing.map((rule) => rule.id),
    addRules: rules,
  });
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "matchIndex" in changes) void syncRedirectRules();
});
chrome.runtime.onInstalled.addListener(() => void syncRedirectRules());
chrome.runtime.onStartup.addListener(() => void syncRedirectRules());

// A content script on a user-added host (a Mastodon instance) asks to leave a listed profile: the
// interstitial is only web-accessible on the fixed sites, so the background navigates the tab.
chrome.runtime.onMessage.addListener((message, sender) => {
  if (message?.type !== "interstitial.open" || sender.id !== chrome.runtime.id || !sender.tab?.id) return false;
  void chrome.tabs.update(sender.tab.id, { url: chrome.runtime.getURL(INTERSTITIAL.slice(1)) });
  return false;
});
