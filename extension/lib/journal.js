// The record of strength, read for people: how many times the user kept their boundary, week by
// week. Only the journal's own fields are read (when, which choice); it holds nothing of the person.

export const WEEK_MS = 7 * 24 * 3600 * 1000;

/** The choices that are a moment of keeping the boundary. */
export const KEPT = Object.freeze(["kept", "cancelled"]);

/**
 * The start (local midnight, Monday) of the week holding `at`.
 * @param {number} at
 */
export function weekStart(at) {
  const day = new Date(at);
  day.setHours(0, 0, 0, 0);
  const sinceMonday = (day.getDay() + 6) % 7;
  day.setDate(day.getDate() - sinceMonday);
  return day.getTime();
}

/**
 * The moments kept in each of the last `weeks` weeks, oldest first (empty weeks included, so the
 * chart shows quiet weeks as quiet rather than skipping them).
 * @param {{at: number, choice: string|null}[]} events
 * @param {number} now
 * @param {number} [weeks]
 * @returns {{start: number, kept: number}[]}
 */
export function weeklyMoments(events, now, weeks = 8) {
  const starts = [];
  let start = weekStart(now);
  for (let i = 0; i < weeks; i += 1) {
    starts.unshift(start);
    // One day before this week's Monday is in the week before (safe across clock changes).
    start = weekStart(start - 24 * 3600 * 1000);
  }
  const counts = new Map(starts.map((s) => [s, 0]));
  for (const event of events) {
    if (!KEPT.includes(/** @type {string} */ (event.choice))) continue;
    const key = weekStart(event.at);
    if (counts.has(key)) counts.set(key, /** @type {number} */ (counts.get(key)) + 1);
  }
  return starts.map((s) => ({ start: s, kept: /** @type {number} */ (counts.get(s)) }));
}
