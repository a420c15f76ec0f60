// When a waiting change's time has come, say so where the user will see it without opening
// anything: a count on the toolbar button and its tooltip (the popup and the options page then
// offer the last confirmation). Nothing happens by itself; this only tells.
import { isDue, listPending } from "../lib/pending.js";
import { now, readDoc } from "./store.js";
import { t } from "../lib/i18n.js";

const ALARM = "pending-due";

export async function refreshDue() {
  const at = await now();
  const waiting = listPending(await readDoc("blocklist"));
  const due = waiting.filter((entry) => isDue(entry, at)).length;
  await chrome.action.setBadgeText({ text: due ? String(due) : "" });
  await chrome.action.setTitle({
    title: due ? t("badge_due", due) : t("extName"),
  });
  const next = waiting.find((entry) => !isDue(entry, at));
  if (next) await chrome.alarms.create(ALARM, { when: Date.now() + (next.effective_at - at) });
  else await chrome.alarms.clear(ALARM);
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "doc.blocklist" in changes) void refreshDue();
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) void refreshDue();
});
chrome.runtime.onInstalled.addListener(() => void refreshDue());
chrome.runtime.onStartup.addListener(() => void refreshDue());
