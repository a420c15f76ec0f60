// "Your waiting time and your plan": how long a weakening change waits (raising it is instant,
// lowering it goes through the flow) and the if-then plan the flow shows back on a hard day.
import { COOLING_OFF_CHOICES } from "../../lib/settings.js";
import { $, ask, openFlow, t } from "../page.js";

const hoursOption = (/** @type {number} */ hours) => new Option(t("options_hours", hours), String(hours));

export async function renderPlan() {
  const { settings } = await ask({ type: "settings.get" });
  const select = $("cooling");
  const current = settings.cooling_off_hours;
  if (![...select.options].some((/** @type {HTMLOptionElement} */ o) => o.value === String(current)))
    select.append(hoursOption(current));
  select.value = String(current);
  select.dataset.current = String(current);
  $("plan").value = settings.if_then_plan;
}

export function mountPlan() {
  const select = $("cooling");
  for (const hours of COOLING_OFF_CHOICES) select.append(hoursOption(hours));
  $("settings-form").addEventListener("submit", async (/** @type {Event} */ event) => {
    event.preventDefault();
    const hours = Number(select.value);
    const current = Number(select.dataset.current);
    const status = $("settings-status");
    try {
      await ask({
        type: "settings.set",
        changes: { if_then_plan: $("plan").value, ...(hours >= current ? { cooling_off_hours: hours } : {}) },
      });
      if (hours < current) {
        select.value = String(current);
        await openFlow({ type: "lower_cooling_off", hours }, status);
      } else {
        status.textContent = t("options_settingsSaved");
      }
      await renderPlan();
    } catch (err) {
      status.textContent = t(/** @type {Error} */ (err).message);
    }
  });
}
