// Keeps `matchIndex` (what content scripts match against) in step with `doc.blocklist`, whoever
// changed it: this device's pages, an import, or a merge from sync; and with the running
// exceptions, waking up when the next one ends so that hiding comes back on time.
import { buildMatchIndex } from "../lib/blocklist.js";
import { nextEnd } from "../lib/exceptions.js";
import { readSetting } from "../lib/settings.js";
import { END_ALARM, runningExceptions } from "./exceptions.js";
import { now, readDoc } from "./store.js";

export async function rebuildMatchIndex() {
  const running = await runningExceptions();
  const sealing = readSetting(await readDoc("settings"), "sealed_records");
  await chrome.storage.local.set({ matchIndex: buildMatchIndex(await readDoc("blocklist"), running, sealing) });
  const end = nextEnd(running);
  if (end === null) await chrome.alarms.clear(END_ALARM);
  else await chrome.alarms.create(END_ALARM, { when: Date.now() + Math.max(0, end - (await now())) });
}

chrome.storage.onChanged.addListener((changes, area) => {
  const relevant = ["doc.blocklist", "doc.settings", "exceptions"];
  if (area === "local" && relevant.some((key) => key in changes)) void rebuildMatchIndex();
});
chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === END_ALARM) void rebuildMatchIndex();
});
chrome.runtime.onInstalled.addListener(() => void rebuildMatchIndex());
chrome.runtime.onStartup.addListener(() => void rebuildMatchIndex());
