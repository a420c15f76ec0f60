// Weakening waits out the cooling-off on every device, can be cancelled any time, and then applies.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as bl from "../../extension/lib/blocklist.js";
import { emptyBlocklist, mergeBlocklist } from "../../extension/lib/merge.js";
import * as pending from "../../extension/lib/pending.js";
import { MOTIVES, motive, needsHelp } from "../../extension/lib/reflection.js";

const H = pending.HOUR_MS;
const start = { device: "laptop", now: 1_000_000 };

function listed() {
  return bl.addPerson(emptyBlocklist(), { label: "A", accounts: [{ platform: "x", handle: "a" }] }, start);
}

test("a scheduled removal changes nothing until the cooling-off has passed", () => {
  const { doc, id } = listed();
  const s = pending.schedule(
    doc,
    { type: "remove_person", person: id },
    { motive: "changed", coolingOffHours: 24 },
    start,
  );
  assert.equal(bl.presentPeople(s.doc).length, 1);
  assert.deepEqual(bl.buildMatchIndex(s.doc).platforms.x.handles, ["a"]);
  assert.throws(() => pending.apply(s.doc, s.id, { device: "laptop", now: start.now + 23 * H }), {
    message: "reflect_notYet",
  });
  const done = pending.apply(s.doc, s.id, { device: "laptop", now: start.now + 24 * H });
  assert.equal(bl.presentPeople(done.doc).length, 0);
  assert.deepEqual(pending.listPending(done.doc), []);
});

test("another device cannot apply it early, and a cancel anywhere wins over the wait", () => {
  const { doc, id } = listed();
  const s = pending.schedule(doc, { type: "remove_person", person: id }, { motive: null, coolingOffHours: 48 }, start);
  const phone = mergeBlocklist(emptyBlocklist(), s.doc);
  assert.throws(() => pending.apply(phone, s.id, { device: "phone", now: start.now + 47 * H }), {
    message: "reflect_notYet",
  });
  const cancelledOnPhone = pending.cancel(phone, s.id);
  const laptop = mergeBlocklist(s.doc, cancelledOnPhone);
  assert.deepEqual(pending.listPending(laptop), []);
  assert.throws(() => pending.apply(laptop, s.id, { device: "laptop", now: start.now + 100 * H }), {
    message: "reflect_noSuchPending",
  });
});

test("site off and pause take effect only when applied", () => {
  const { doc } = listed();
  let s = pending.schedule(doc, { type: "site_off", platform: "x" }, { motive: null, coolingOffHours: 1 }, start);
  assert.equal(bl.buildMatchIndex(s.doc).platforms.x.enabled, true);
  const applied = pending.apply(s.doc, s.id, { device: "laptop", now: start.now + H });
  assert.equal(bl.buildMatchIndex(applied.doc).platforms.x.enabled, false);
  s = pending.schedule(applied.doc, { type: "pause_all" }, { motive: null, coolingOffHours: 1 }, start);
  assert.equal(bl.buildMatchIndex(pending.apply(s.doc, s.id, { device: "l", now: start.now + H }).doc).paused, true);
});

test("every motive has its own reframe, and fear points to help", () => {
  assert.equal(new Set(MOTIVES.map((m) => m.reframe)).size, MOTIVES.length);
  assert.equal(needsHelp("afraid"), true);
  assert.equal(needsHelp("other", "I'm scared he will find me"), true);
  assert.equal(needsHelp("other", "I just miss the old days"), false);
  assert.throws(() => motive("nope"));
});
