// The toolbar button and the menu item, the parts of the extension anyone can see in the browser's
// own frame: their icon and words follow discreet mode (neutral icon, neutral title), and when a
// waiting change's time has come, a count on the button and its tooltip say so (the popup and
// the options page then offer the last confirmation; nothing happens by itself).
import { plural, t, useDiscreet } from "../lib/i18n.js";
import { isDue, listPending } from "../lib/pending.js";
import { readSetting } from "../lib/settings.js";
import { MENU_ID } from "./context-menu.js";
import { now, readDoc } from "./store.js";

const ALARM = "pending-due";
const ICON_SIZES = [16, 32, 48];
/** @param {string} name @returns {Record<string, string>} */
const icons = (name) => Object.fromEntries(ICON_SIZES.map((size) => [size, `/icons/${name}-${size}.png`]));

export async function refreshToolbar() {
  const discreet = readSetting(await readDoc("settings"), "discreet");
  useDiscreet(discreet);
  const at = await now();
  const waiting = listPending(await readDoc("blocklist"));
  const due = waiting.filter((entry) => isDue(entry, at)).length;
  await chrome.action.setIcon({ path: icons(discreet ? "neutral" : "icon") });
  await chrome.action.setBadgeText({ text: due ? String(due) : "" });
  await chrome.action.setTitle({ title: due ? plural("badge_due", due) : t("extName") });
  await chrome.contextMenus?.update(MENU_ID, { title: t("menu_add") }).catch(() => {});
  const next = waiting.find((entry) => !isDue(entry, at));
  if (next) await chrome.alarms.create(ALARM, { when: Date.now() + (next.effective_at - at) });
  else await chrome.alarms.clear(ALARM);
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && ("doc.blocklist" in changes || "doc.settings" in changes)) void refreshToolbar();
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) void refreshToolbar();
});
chrome.runtime.onInstalled.addListener(() => void refreshToolbar());
chrome.runtime.onStartup.addListener(() => void refreshToolbar());
