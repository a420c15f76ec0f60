// The options page: a small app of sections (people, waiting changes, the record, the plan, sites,
// devices, backup, safety), one shown at a time and chosen in the navigation (the address's
// fragment names the section, never a person). One module per section (pages/options/), mounted
// here. Every change goes through the background; weakening changes open the reflection flow.
// Changes made elsewhere (the flow's tab, another device through sync) show up without a reload.
import { mountAdd } from "./options/add.js";
import { mountBackup } from "./options/backup.js";
import { renderDevices } from "./options/devices.js";
import { mountInstances } from "./options/instances.js";
import { mountPeople, renderPeople } from "./options/people.js";
import { renderExceptions, renderPending } from "./options/pending.js";
import { mountPlan, renderPlan } from "./options/plan.js";
import { mountRecord, renderRecord } from "./options/record.js";
import { mountSealed, renderSealed } from "./options/sealed.js";
import { mountSafety, renderSafety } from "./options/safety.js";
import { mountPause, renderSites } from "./options/sites.js";
import { $, ask, initPage, t } from "./page.js";
import { showRestoredNotice } from "./restored-notice.js";

const SECTIONS = [...document.querySelectorAll("main > section")].map((section) => section.id);

/** Show the section the address names (the first one otherwise). @param {boolean} focus */
function showSection(focus) {
  const wanted = location.hash.slice(1);
  const id = SECTIONS.includes(wanted) ? wanted : SECTIONS[0];
  for (const name of SECTIONS) $(name).hidden = name !== id;
  for (const link of document.querySelectorAll(".sections a")) {
    if (link.getAttribute("href") === `#${id}`) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
  // Moving between sections puts the keyboard at the new section's heading.
  if (focus) $(id).querySelector("h2")?.focus();
}

async function render() {
  const state = await ask({ type: "list.get" });
  renderPeople(state.people, render);
  renderSites(state);
  await Promise.all([
    renderPending(render),
    renderExceptions(),
    renderRecord(),
    renderDevices(),
    renderSealed(state.people),
  ]);
}

await initPage({ title: "options_title", rerender: () => void Promise.all([render(), renderPlan(), renderSafety()]) });
showSection(false);
addEventListener("hashchange", () => showSection(true));
mountAdd(render);
mountPeople();
mountPause();
mountPlan();
mountRecord();
mountSealed();
mountBackup(render);
mountSafety();
void renderPlan();
void renderSafety();
void mountInstances($("instances"));
// Any damaged document is brought back while the list is read for render(); say so after.
const showRestored = () => showRestoredNotice(/** @type {HTMLElement} */ (document.querySelector("main")));
void render().finally(showRestored);

chrome.storage.onChanged.addListener((changes, area) => {
  const shown = ["doc.blocklist", "doc.journal", "doc.records", "exceptions", "sync"];
  if (area === "local" && shown.some((k) => k in changes)) {
    void render();
  }
  if (area === "local" && changes.restoredFromLastGood?.newValue) void showRestored();
  // This page was already open: the browser only brought it to the front.
  if (area === "session" && changes.menuError?.newValue) void showMenuError();
});

/** A right-click on something that is not a profile ends up here with the reason. */
async function showMenuError() {
  const { menuError } = await chrome.storage.session.get("menuError");
  if (!menuError) return;
  $("add-box").open = true;
  $("add-status").textContent = t(String(menuError));
  await chrome.storage.session.remove("menuError");
}
showMenuError().catch(() => {});
