// The options page: one module per section (pages/options/), mounted here. Every change goes through
// the background; weakening changes open the reflection flow. Changes made elsewhere (the flow's tab,
// another device through sync) show up here without a reload.
import { mountAdd } from "./options/add.js";
import { mountBackup } from "./options/backup.js";
import { mountInstances } from "./options/instances.js";
import { renderPeople } from "./options/people.js";
import { renderExceptions, renderPending } from "./options/pending.js";
import { mountPlan, renderPlan } from "./options/plan.js";
import { mountRecord, renderRecord } from "./options/record.js";
import { mountPause, renderSites } from "./options/sites.js";
import { $, ask, localize, t } from "./page.js";

localize();

async function render() {
  const state = await ask({ type: "list.get" });
  renderPeople(state.people, render);
  renderSites(state);
  await Promise.all([renderPending(render), renderExceptions(), renderRecord()]);
}

mountAdd(render);
mountPause();
mountPlan();
mountRecord();
mountBackup(render);
void render();
void renderPlan();
void mountInstances($("instances"));

chrome.storage.onChanged.addListener((changes, area) => {
  if (area === "local" && ["doc.blocklist", "doc.journal", "exceptions"].some((k) => k in changes)) void render();
});

// A right-click on something that is not a profile ends up here with the reason.
chrome.storage.session
  ?.get("menuError")
  .then(({ menuError }) => {
    if (!menuError) return;
    $("add-status").textContent = t(String(menuError));
    return chrome.storage.session.remove("menuError");
  })
  .catch(() => {});
