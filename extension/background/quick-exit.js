// Quick exit: at once, the tab the user is looking at becomes the everyday page they chose (a new
// tab in its place, so Back does not lead back here) and every other tab of the extension closes.
// From the button on every extension page and the interstitial (`quickExit.now`), or from the
// browser shortcut (manifest `commands`, changeable in the browser's shortcut settings). It does
// not clear the browser's history or stop monitoring software; the first run says so.
import { readSetting } from "../lib/settings.js";
import { answerPages } from "./messages.js";
import { readDoc } from "./store.js";

export const COMMAND = "quick-exit";

/** The ids of every tab that shows one of the extension's pages. @returns {Promise<number[]>} */
async function extensionTabs() {
  const contexts = await chrome.runtime.getContexts({ contextTypes: [chrome.runtime.ContextType.TAB] });
  return [...new Set(contexts.map((c) => c.tabId).filter((id) => typeof id === "number" && id >= 0))];
}

/**
 * Leave now.
 * @param {number} [tabId] the tab to replace (the sender's); else the active tab of the current window
 */
export async function quickExit(tabId) {
  const url = readSetting(await readDoc("settings"), "quick_exit_url");
  const [active] = tabId === undefined ? await chrome.tabs.query({ active: true, lastFocusedWindow: true }) : [];
  const current = tabId !== undefined ? await chrome.tabs.get(tabId).catch(() => undefined) : active;
  if (current?.id !== undefined) {
    await chrome.tabs.create({ url, index: current.index, windowId: current.windowId, active: true });
  } else {
    await chrome.tabs.create({ url, active: true });
  }
  const close = new Set(await extensionTabs());
  if (current?.id !== undefined) close.add(current.id);
  await chrome.tabs.remove([...close]).catch(() => {});
}

answerPages({
  "quickExit.now": async (_message, sender) => {
    await quickExit(sender.tab?.id);
    return {};
  },
});

/** @param {string} command */
export async function onCommand(command) {
  if (command === COMMAND) await quickExit();
}
// Firefox for Android has no keyboard shortcuts: the Leave quickly button is there on every page.
chrome.commands?.onCommand.addListener((command) => void onCommand(command));
// Tests call the shortcut's handler directly: automation cannot press a browser-level shortcut.
globalThis.ncCommand = onCommand;
