// "Your waiting time and your plan": how long a weakening change waits (raising it is instant,
// lowering it goes through the flow) and the if-then plan the flow shows back on a hard day. The
// same form serves the options page and the first run (its elements are passed in).
import { COOLING_OFF_CHOICES } from "../../lib/settings.js";
import { $, ask, openFlow, plural, t } from "../page.js";

const hoursOption = (/** @type {number} */ hours) => new Option(plural("options_hours", hours), String(hours));

/** @typedef {{form: string, select: string, plan: string, status: string}} PlanIds */
/** @type {PlanIds} */
const OPTIONS_PAGE = { form: "settings-form", select: "cooling", plan: "plan-text", status: "settings-status" };

/** Show the saved waiting time and plan. @param {PlanIds} [ids] */
export async function renderPlan(ids = OPTIONS_PAGE) {
  const { settings } = await ask({ type: "settings.get" });
  const select = $(ids.select);
  const current = settings.cooling_off_hours;
  if (![...select.options].some((/** @type {HTMLOptionElement} */ o) => o.value === String(current))) {
    select.append(hoursOption(current));
  }
  select.value = String(current);
  select.dataset.current = String(current);
  if (!$(ids.plan).value) $(ids.plan).value = settings.if_then_plan;
}

/**
 * Fill the choices and save on submit. `afterSave` runs once the change is saved (or the flow for a
 * shorter wait has opened).
 * @param {PlanIds} [ids] @param {() => void} [afterSave]
 */
export function mountPlan(ids = OPTIONS_PAGE, afterSave = () => {}) {
  const select = $(ids.select);
  for (const hours of COOLING_OFF_CHOICES) select.append(hoursOption(hours));
  $(ids.form).addEventListener("submit", async (/** @type {Event} */ event) => {
    event.preventDefault();
    const hours = Number(select.value);
    const current = Number(select.dataset.current);
    const status = $(ids.status);
    try {
      await ask({
        type: "settings.set",
        changes: { if_then_plan: $(ids.plan).value, ...(hours >= current ? { cooling_off_hours: hours } : {}) },
      });
      // Show what is saved first, then say so: whoever reads the answer sees the page in step.
      $(ids.plan).value = "";
      await renderPlan(ids);
      if (hours < current) await openFlow({ type: "lower_cooling_off", hours }, status);
      else status.textContent = t("options_settingsSaved");
      afterSave();
    } catch (err) {
      status.textContent = t(/** @type {Error} */ (err).message);
    }
  });
}
