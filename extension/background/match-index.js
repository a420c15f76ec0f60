// Keeps `matchIndex` (what content scripts match against) in step with `doc.blocklist`, whoever
// changed it: this device's pages, an import, or a merge from sync.
import { buildMatchIndex } from "../lib/blocklist.js";
import { readDoc } from "./store.js";

export async function rebuildMatchIndex() {
  await chrome.storage.local.set({ matchIndex: buildMatchIndex(await readDoc("blocklist")) });
}

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && "doc.blocklist" in changes) void rebuildMatchIndex();
});
chrome.runtime.onInstalled.addListener(() => void rebuildMatchIndex());
chrome.runtime.onStartup.addListener(() => void rebuildMatchIndex());
