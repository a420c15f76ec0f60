// The first run: what the tool does and honestly cannot do, then the first steps, each skippable
// and reachable later from the options page: the first person with their "why" note, the waiting
// time and the plan, discreet mode, quick exit, sync. Driven from one ordered list of steps. Where
// the user is and what they have typed are saved as they go (background/first-run.js), so closing
// the tab half-way loses nothing.
import { mountAdd } from "./options/add.js";
import { mountPlan, renderPlan } from "./options/plan.js";
import { mountShown, renderShown } from "./options/safety.js";
import { $, ask, initPage, settings, t } from "./page.js";

/** The steps, in order; each is the section `step-<id>`. */
const STEPS = ["hello", "person", "plan", "record", "discreet", "exit", "sync", "done"];
let current = STEPS[0];

/** @param {string} id @param {boolean} [focus] */
function show(id, focus = true) {
  current = STEPS.includes(id) ? id : STEPS[0];
  for (const step of STEPS) $(`step-${step}`).hidden = step !== current;
  const n = STEPS.indexOf(current);
  $("progress").textContent = t("welcome_progress", n + 1, STEPS.length);
  $("back").hidden = n === 0;
  if (focus) $(`step-${current}`).querySelector("h2")?.focus();
  void ask({ type: "firstRun.save", step: current });
}

async function finish() {
  await ask({ type: "firstRun.finish" });
  location.href = chrome.runtime.getURL("pages/options.html");
}

/** Save what the user typed, a moment after they stop typing. */
function keepDrafts() {
  let timer = 0;
  const save = () => {
    const draft = Object.fromEntries(
      [...document.querySelectorAll("[data-draft]")].map((field) => [
        /** @type {HTMLElement} */ (field).dataset.draft,
        /** @type {HTMLInputElement} */ (field).value,
      ]),
    );
    void ask({ type: "firstRun.save", draft });
  };
  for (const field of document.querySelectorAll("[data-draft]")) {
    field.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(save, 250);
    });
    field.addEventListener("change", save);
  }
}

await initPage({ title: "welcome_title", rerender: () => show(current, false) });
mountAdd(async () => {
  $("person-next").hidden = false;
  // An added person leaves the draft: the fields are empty now.
  void ask({ type: "firstRun.save", draft: { link: "", site: "", name: "", note: "" } });
});
mountPlan({ form: "plan-form", select: "cooling", plan: "plan-text", status: "plan-status" }, () => show("record"));
// The sealed record, for everyone on the list (per person on the options page later).
$("seal-all").addEventListener("change", async () => {
  const all = $("seal-all").checked;
  await ask({ type: "settings.set", changes: { sealed_records: { all, people: [] } } });
  $("seal-status").textContent = t(all ? "records_choiceOn" : "records_choiceOff");
});
mountShown();
keepDrafts();

document.addEventListener("click", (event) => {
  const go = /** @type {HTMLElement} */ (event.target).closest?.("[data-go]");
  if (!go) return;
  const step = STEPS.indexOf(current);
  const where = /** @type {HTMLElement} */ (go).dataset.go;
  if (where === "finish") void finish();
  else if (where === "back") show(STEPS[Math.max(0, step - 1)]);
  else show(STEPS[Math.min(STEPS.length - 1, step + 1)]);
});

const saved = await ask({ type: "firstRun.get" });
for (const field of document.querySelectorAll("[data-draft]")) {
  const value = saved.draft[/** @type {HTMLElement} */ (field).dataset.draft || ""];
  if (value) /** @type {HTMLInputElement} */ (field).value = value;
}
await Promise.all([
  renderPlan({ form: "plan-form", select: "cooling", plan: "plan-text", status: "plan-status" }),
  renderShown(),
]);
$("seal-all").checked = settings.sealed_records.all;
show(saved.done ? STEPS[0] : (saved.step ?? STEPS[0]), false);
