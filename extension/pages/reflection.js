// The reflection flow, driven from one ordered list of steps: a calm pause that starts over when the
// page loses focus; the question of what the user hopes will happen; the answer's reframe with their
// own note and plan and only then the choice to schedule the change after the cooling-off; the end.
// "Keep my boundary" comes first and stays on the page until the end. The address carries an opaque
// request id, never the person.
import { MOTIVES, needsHelp, PAUSE_SECONDS } from "../lib/reflection.js";
import { leavePage } from "./leave.js";
import { $, ask, el, initPage, plural, t } from "./page.js";

const requestId = location.hash.slice(1);
let chosen = "";
/** Set once the flow has ended (Keep can end it before the page has read its request). */
let over = false;
// The way out is there before anything else: Keep my boundary works from the first moment.
document.getElementById("keep")?.addEventListener("click", () => void keep());
document.getElementById("keep-again")?.addEventListener("click", () => void keep());
document.getElementById("leave")?.addEventListener("click", leavePage);
/** @type {any} what the background told about this request */
let info = null;

/**
 * The steps, in order. `shows` are the parts of the page visible in that step; `enter` runs when
 * the step starts. The sections not listed are hidden.
 * @type {{id: string, shows: string[], enter?: () => void}[]}
 */
const STEPS = [
  { id: "pause", shows: ["keep", "pause"], enter: startPause },
  { id: "question", shows: ["keep", "question"] },
  { id: "answer", shows: ["keep", "question", "answer"], enter: showAnswer },
  { id: "done", shows: ["leave-box"], enter: () => $("leave").focus() },
];
const PARTS = [...new Set(STEPS.flatMap((step) => step.shows))];
await initPage();
// Tests that only pass through the pause shorten it through session storage (as they shift the
// clock, background/store.js `now`); the flow's own tests wait out the real one. Nothing else
// writes that key.
const { testPauseSeconds } = await chrome.storage.session.get("testPauseSeconds");
const pauseSeconds = Number(testPauseSeconds) || PAUSE_SECONDS;

/** @param {string} id */
function go(id) {
  const step = /** @type {(typeof STEPS)[number]} */ (STEPS.find((s) => s.id === id));
  for (const part of PARTS) $(part).hidden = !step.shows.includes(part);
  step.enter?.();
}

/** The flow is over: say how it ended, and offer the way out (focused, so Enter leaves). */
function finish(/** @type {string} */ text) {
  over = true;
  $("done").textContent = text;
  go("done");
}

/** Leave the flow with the boundary kept. */
async function keep() {
  await ask({ type: "reflect.keep", id: requestId, motive: chosen || null }).catch(() => {});
  finish(t("reflect_kept"));
}

function startPause() {
  let left = pauseSeconds;
  $("pause-text").textContent = t("reflect_pause", left);
  const timer = setInterval(() => {
    left -= 1;
    $("pause-text").textContent = t("reflect_pause", Math.max(left, 0));
    if (left <= 0) {
      stop();
      go("question");
    }
  }, 1000);
  // Looking away restarts the pause: the point is to be here with the choice.
  function stop() {
    clearInterval(timer);
    window.removeEventListener("blur", restart);
    document.removeEventListener("visibilitychange", onHidden);
  }
  function restart() {
    stop();
    startPause();
  }
  function onHidden() {
    if (document.hidden) restart();
  }
  window.addEventListener("blur", restart);
  document.addEventListener("visibilitychange", onHidden);
}

function showAnswer() {
  const m = MOTIVES.find((x) => x.id === chosen);
  if (!m) return;
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
      : t("reflect_alreadyWaiting", new Date(info.waitingUntil).toLocaleString());
  $("to-pending").hidden = !info.waitingDue;
}

async function main() {
  try {
    info = await ask({ type: "reflect.get", id: requestId });
  } catch (err) {
    if (over) return;
    $("reflect-what").textContent = t(/** @type {Error} */ (err).message);
    $("pause").hidden = true;
    return;
  }
  const site = info.platform ? t(`site_${info.platform}`) : "";
  $("reflect-what").textContent = t(`reflect_what_${info.action}`, info.label, site, info.host || "");
  $("schedule").textContent = plural("reflect_schedule", info.coolingOffHours);
  for (const m of MOTIVES) {
    const radio = el("input", { type: "radio", name: "motive", value: m.id });
    radio.addEventListener("change", () => {
      chosen = m.id;
      go("answer");
    });
    const label = el("label");
    label.append(radio, t(m.answer));
    $("motives").append(label);
  }
  $("other-text").addEventListener("input", () => {
    if (chosen === "other") showAnswer();
  });
  $("schedule").addEventListener("click", async () => {
    const { effectiveAt } = await ask({ type: "reflect.schedule", id: requestId, motive: chosen || null });
    finish(t("reflect_scheduled", new Date(effectiveAt).toLocaleString()));
  });
  if (!over) go("pause");
}

void main();
