// "Add to No Contact" on links and pages: adds the person the link (or the page) is the profile of,
// then opens the options page so the user sees it happened and can add their note.
import { addFromInput } from "./list.js";
import { t } from "../lib/i18n.js";

export const MENU_ID = "nc-add";

// Firefox for Android has no context menus: there, adding goes through the popup and the options page.
chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus?.create({
    id: MENU_ID,
    title: t("menu_add"),
    contexts: ["link", "page"],
  });
});

/**
 * Handle a click on the menu item (exported so tests can call it: native menus cannot be automated).
 * @param {{linkUrl?: string, pageUrl?: string}} info
 * @returns {Promise<{ok: boolean, error?: string}>}
 */
export async function onMenuClick(info) {
  try {
    await addFromInput(info.linkUrl || info.pageUrl || "");
    await chrome.runtime.openOptionsPage();
    return { ok: true };
  } catch (err) {
    // Not a profile: say so on the options page, naming nobody in its address.
    await chrome.storage.session?.set?.({ menuError: String(/** @type {Error} */ (err).message) });
    await chrome.runtime.openOptionsPage();
    return { ok: false, error: String(/** @type {Error} */ (err).message) };
  }
}

chrome.contextMenus?.onClicked.addListener((info) => {
  if (info.menuItemId === MENU_ID) void onMenuClick(info);
});
globalThis.ncMenuClick = onMenuClick;
