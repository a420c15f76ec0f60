// Keeps the dynamic declarativeNetRequest rules (lib/profile-rules.js) in step with `matchIndex`:
// a full load of a listed person's profile goes to the interstitial; in-app navigation is the
// content engine's job. The rules hold handles, so they live only in the browser's own rule store;
// `interstitialTargets` (local storage, like the list itself) maps each rule's token back to whom
// it stands for, for "look anyway" (background/interstitial.js).
import { buildRedirectRules } from "../lib/profile-rules.js";
import { allSites } from "../lib/sites.js";
import { readLocal } from "./store.js";

export async function syncRedirectRules() {
  const matchIndex = await readLocal("matchIndex");
  const { rules, targets } = buildRedirectRules(matchIndex, allSites());
  const existing = await chrome.declarativeNetRequest.getDynamicRules();
  await chrome.storage.local.set({ interstitialTargets: targets });
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
