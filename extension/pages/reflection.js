// The reflection flow: "Keep my boundary" first and always there; a calm pause that starts over when
// the page loses focus; the question of what the user hopes will happen, with a reframe for each
// answer, their own note and plan; and only then the choice to schedule the change after the
// cooling-off. The address carries an opaque request id, never the person.
import { ask, localize, t } from "../lib/i18n.js";
import { MOTIVES, needsHelp, PAUSE_SECONDS } from "../lib/reflection.js";
import { leavePage } from "./leave.js";

localize();
const $ = (/** @type {string} */ id) => /** @type {any} */ (document.getElementById(id));
const requestId = location.hash.slice(1);
let chosen = "";

/** The flow is over: say how it ended, and offer the way out (focused, so Enter leaves). */
function finish(/** @type {string} */ text) {
  for (const id of ["pause", "question", "keep"]) $(id).hidden = true;
  $("done").textContent = text;
  $("leave-box").hidden = false;
  $("leave").focus();
}

/** Leave the flow with the boundary kept. */
async function keep() {
  await ask({ type: "reflect.keep", id: requestId, motive: chosen || null }).catch(() => {});
  finish(t("reflect_kept"));
}

function startPause() {
  let left = PAUSE_SECONDS;
  $("pause-text").textContent = t("reflect_pause", [String(left)]);
  const timer = setInterval(() => {
    left -= 1;
    $("pause-text").textContent = t("reflect_pause", [String(Math.max(left, 0))]);
    if (left <= 0) {
      clearInterval(timer);
      window.removeEventListener("blur", restart);
      document.removeEventListener("visibilitychange", onHidden);
      $("pause").hidden = true;
      $("question").hidden = false;
    }
  }, 1000);
  // Looking away restarts the pause: the point is to be here with the choice.
  function restart() {
    clearInterval(timer);
    window.removeEventListener("blur", restart);
    document.removeEventListener("visibilitychange", onHidden);
    startPause();
  }
  function onHidden() {
    if (document.hidden) restart();
  }
  window.addEventListener("blur", restart);
  document.addEventListener("visibilitychange", onHidden);
}

/** @param {any} info */
function showAnswer(info) {
  const m = MOTIVES.find((x) => x.id === chosen);
  if (!m) return;
  $("answer").hidden = false;
  $("reframe").textContent = t(m.reframe);
  $("help").hidden = !needsHelp(chosen, $("other-text").value);
  $("own-words").hidden = !info.note;
  $("note").textContent = info.note;
  $("plan-box").hidden = !info.ifThen;
  $("plan").textContent = info.ifThen;
  // Asked for before and still waiting: no second wait, only when the first one ends.
  $("schedule").hidden = Boolean(info.waitingUntil);
  $("waiting").hidden = !info.waitingUntil;
  $("waiting-text").textContent = !info.waitingUntil
    ? ""
    : info.waitingDue
      ? t("reflect_alreadyDue")
      : t("reflect_alreadyWaiting", [new Date(info.waitingUntil).toLocaleString()]);
  $("to-pending").hidden = !info.waitingDue;
}

async function main() {
  let info;
  try {
    info = await ask({ type: "reflect.get", id: requestId });
  } catch (err) {
    $("reflect-what").textContent = t(/** @type {Error} */ (err).message);
    $("pause").hidden = true;
    return;
  }
  const site = info.platform ? t(`site_${info.platform}`) : "";
  $("reflect-what").textContent = t(`reflect_what_${info.action}`, [info.label, site, info.host || ""]);
  $("schedule").textContent = t("reflect_schedule", [String(info.coolingOffHours)]);
  for (const m of MOTIVES) {
    const label = document.createElement("label");
    const radio = document.createElement("input");
    radio.type = "radio";
    radio.name = "motive";
    radio.value = m.id;
    radio.addEventListener("change", () => {
      chosen = m.id;
      showAnswer(info);
    });
    label.append(radio, t(m.answer));
    $("motives").append(label);
  }
  $("other-text").addEventListener("input", () => {
    if (chosen === "other") showAnswer(info);
  });
  startPause();
  $("schedule").addEventListener("click", async () => {
    const { effectiveAt } = await ask({ type: "reflect.schedule", id: requestId, motive: chosen || null });
    finish(t("reflect_scheduled", [new Date(effectiveAt).toLocaleString()]));
  });
}

$("keep").addEventListener("click", keep);
$("keep-again").addEventListener("click", keep);
$("leave").addEventListener("click", leavePage);
void main();
