// The toolbar popup: how many people are hidden and whether protection is on, which sites seem to
// have changed their pages (the health self-check) and what to do, whether a waiting
// change can now be confirmed, on a profile page one button, "Hide this person", and on any page of
// a supported site "Save a record of this page" (its address and the time, kept sealed). Tests
// open it as a tab with ?tab=<id> to name the tab it acts on, because a real popup cannot be
// opened by automation.
import { recognizeInput } from "../lib/recognize.js";
import { siteForHost } from "../lib/sites.js";
import { $, ask, el, initPage, plural, t } from "./page.js";
import { showRestoredNotice } from "./restored-notice.js";

await initPage();

async function activeTab() {
  const forced = new URLSearchParams(location.search).get("tab");
  if (forced) return chrome.tabs.get(Number(forced));
  const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
  return tab;
}

/** @param {string} url whether the address is a page of a supported site */
function onASite(url) {
  try {
    return Boolean(siteForHost(new URL(url).hostname));
  } catch {
    return false;
  }
}

/** A site whose pages seem to have changed (the health self-check): say so, and what to do. */
async function showHealth() {
  const { sites } = await ask({ type: "health.get" });
  const box = $("health");
  box.replaceChildren(
    ...sites.map((/** @type {{platform: string}} */ site) =>
      el("p", {}, t("health_siteChanged", t(`site_${site.platform}`))),
    ),
  );
  if (sites.length) box.append(el("p", {}, t("health_whatToDo")));
  box.hidden = sites.length === 0;
}

async function show() {
  const state = await ask({ type: "list.get" });
  // A waiting change whose time has come: say so, and where to confirm or cancel it.
  const { pending } = await ask({ type: "pending.list" });
  $("due").hidden = !pending.some((/** @type {any} */ entry) => entry.due);
  await showHealth();
  $("summary").textContent = state.paused ? t("popup_paused") : plural("popup_summary", state.people.length);
  const tab = await activeTab();
  let isProfile = false;
  try {
    isProfile = Boolean(tab?.url && recognizeInput(tab.url));
  } catch {
    isProfile = false;
  }
  $("record-actions").hidden = !(tab?.url && onASite(tab.url));
  $("save-record").addEventListener("click", async () => {
    try {
      await ask({ type: "records.save", url: tab.url });
      $("result").textContent = t("records_savedPage");
    } catch (err) {
      $("result").textContent = t(/** @type {Error} */ (err).message);
    }
  });
  $("hide-actions").hidden = !isProfile;
  if (!isProfile) return;
  $("hide").addEventListener("click", async () => {
    try {
      const result = await ask({ type: "list.add", text: tab.url });
      $("result").textContent = t(result.existing ? "options_alreadyListed" : "popup_hidden");
      $("hide-actions").hidden = true;
      // Reload so the page the user is on disappears behind the interstitial right away.
      if (tab.id !== undefined) await chrome.tabs.reload(tab.id);
    } catch (err) {
      $("result").textContent = t(/** @type {Error} */ (err).message);
    }
  });
}

// Reading the list for show() brings back any damaged document; say so after.
void show().finally(() => showRestoredNotice(/** @type {HTMLElement} */ (document.querySelector("main"))));
