// The reflection flow's content: the motives people name when they reach for "unblock", each with
// its own short reframe (message keys in _locales), and the pause. Kept as data so the page stays
// small and the words stay reviewable in one place.

/** Seconds of calm before the question; restarts when the page loses focus or visibility. */
export const PAUSE_SECONDS = 10;

/** Each motive: its answer, its reframe; `help` points to local help (without pretending to be it). */
export const MOTIVES = Object.freeze([
  { id: "punish", answer: "reflect_motivePunish", reframe: "reflect_reframePunish" },
  { id: "changed", answer: "reflect_motiveChanged", reframe: "reflect_reframeChanged" },
  { id: "guilt", answer: "reflect_motiveGuilt", reframe: "reflect_reframeGuilt" },
  { id: "practical", answer: "reflect_motivePractical", reframe: "reflect_reframePractical" },
  { id: "afraid", answer: "reflect_motiveAfraid", reframe: "reflect_reframeAfraid", help: true },
  { id: "other", answer: "reflect_motiveOther", reframe: "reflect_reframeOther", freeText: true },
]);

/** Words in a free-text answer that mean the user may be in danger. */
const DANGER = /\b(afraid|scared|danger|unsafe|threat|hurt me|kill|stalk|follow(?:s|ing)? me)\b/i;

/** @param {string} id @param {string} [text] free text for "other" @returns {boolean} */
export function needsHelp(id, text = "") {
  return id === "afraid" || (id === "other" && DANGER.test(text));
}

/** @param {string} id */
export function motive(id) {
  const found = MOTIVES.find((m) => m.id === id);
  if (!found) throw new Error("reflect_unknownMotive");
  return found;
}
