// The record's weekly view counts the moments the boundary was kept, week by week, quiet weeks too.
import assert from "node:assert/strict";
import { test } from "node:test";

import { weeklyMoments, weekStart } from "../../extension/lib/journal.js";

const DAY = 24 * 3600 * 1000;
// A Wednesday at noon, local time.
const now = new Date(2026, 11, 2, 12, 0, 0).getTime();

test("weeks start on Monday at midnight", () => {
  const start = new Date(weekStart(now));
  assert.equal(start.getDay(), 1);
  assert.equal(start.getHours(), 0);
  assert.equal(start.getDate(), 30); // Monday 30 November 2026
});

test("kept and cancelled moments count; scheduled and applied ones do not", () => {
  const events = [
    { at: now - 1000, choice: "kept" },
    { at: now - DAY, choice: "cancelled" },
    { at: now - 2000, choice: "scheduled" },
    { at: now - 3000, choice: "applied" },
    { at: now - 7 * DAY, choice: "kept" },
    { at: now - 60 * DAY, choice: "kept" }, // before the chart's eight weeks
  ];
  const weeks = weeklyMoments(events, now);
  assert.equal(weeks.length, 8);
  assert.deepEqual(
    weeks.map((w) => w.kept),
    [0, 0, 0, 0, 0, 0, 1, 2],
  );
  assert.equal(weeks.at(-1).start, weekStart(now));
  for (let i = 1; i < weeks.length; i += 1) assert.ok(weeks[i].start > weeks[i - 1].start);
});

test("an empty record is eight quiet weeks", () => {
  assert.deepEqual(
    weeklyMoments([], now, 8).map((w) => w.kept),
    [0, 0, 0, 0, 0, 0, 0, 0],
  );
});
