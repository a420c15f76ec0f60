// The scenarios of PROTOCOL §3 as a user lives them, one example each.
import { test } from "node:test";
import assert from "node:assert/strict";

import {
  isPresent,
  mergeBlocklist,
  mergeJournal,
  mergeSettings,
  UnknownFormatError,
} from "../../extension/lib/merge.js";

const reg = (value, ts, device) => ({ value, ts, device });

function laptopList() {
  return {
    format: 1,
    people: {
      p1: {
        adds: ["a1"],
        label: reg("J", 10, "laptop"),
        note: reg("I deserve peace", 10, "laptop"),
        names: reg([], 10, "laptop"),
        created_at: 10,
        accounts: {
          "x:h:jdoe": { adds: ["a2"], platform: "x", handle: "jdoe", id: null, instance: null },
        },
      },
    },
    removed: [],
    pending: {},
    sites: {},
  };
}

test("an account added on the phone and a note edited on the laptop both survive", () => {
  const laptop = laptopList();
  const phone = structuredClone(laptop);
  laptop.people.p1.note = reg("I deserve peace and quiet", 20, "laptop");
  phone.people.p1.accounts["reddit:h:jdoe2"] = {
    adds: ["b1"],
    platform: "reddit",
    handle: "jdoe2",
    id: null,
    instance: null,
  };
  const merged = mergeBlocklist(laptop, phone);
  assert.equal(merged.people.p1.note.value, "I deserve peace and quiet");
  assert.deepEqual(Object.keys(merged.people.p1.accounts).sort(), ["reddit:h:jdoe2", "x:h:jdoe"]);
});

test("two edits of the same note at the same millisecond: the larger device id wins on both", () => {
  const a = laptopList();
  const b = structuredClone(a);
  a.people.p1.note = reg("from a", 50, "aaa");
  b.people.p1.note = reg("from b", 50, "bbb");
  assert.equal(mergeBlocklist(a, b).people.p1.note.value, "from b");
  assert.equal(mergeBlocklist(b, a).people.p1.note.value, "from b");
});

test("a removal applied on one device while the other added a new account keeps the person", () => {
  const laptop = laptopList();
  const phone = structuredClone(laptop);
  // The laptop applies a removal: it tombstones the tags it observed (person and account).
  laptop.removed = ["a1", "a2"];
  // The phone, not yet synced, adds the person again via a new account (new tags).
  phone.people.p1.adds.push("c1");
  phone.people.p1.accounts["x:id:42"] = {
    adds: ["c2"],
    platform: "x",
    handle: null,
    id: "42",
    instance: null,
  };
  const merged = mergeBlocklist(laptop, phone);
  assert.ok(isPresent(merged.people.p1, merged.removed), "the person stays listed (add wins)");
  assert.ok(isPresent(merged.people.p1.accounts["x:id:42"], merged.removed));
  assert.ok(!isPresent(merged.people.p1.accounts["x:h:jdoe"], merged.removed));
});

test("a pending unblock made on the laptop reaches the phone unchanged and is not applied", () => {
  const laptop = laptopList();
  const phone = structuredClone(laptop);
  laptop.pending.u1 = {
    adds: ["d1"],
    action: { type: "remove_person", person: "p1" },
    requested_at: 1000,
    effective_at: 1000 + 24 * 3600 * 1000,
    motive: "guilt",
    device: "laptop",
  };
  const merged = mergeBlocklist(phone, laptop);
  assert.deepEqual(merged.pending.u1, laptop.pending.u1);
  assert.ok(isPresent(merged.people.p1, merged.removed));
  // The phone cancels it: the cancel travels back and wins over the still-pending copy.
  merged.removed.push("d1");
  const back = mergeBlocklist(laptop, merged);
  assert.ok(!isPresent(back.pending.u1, back.removed));
});

test("turning a site back on wins over an older switch-off; pausing is a register too", () => {
  const a = laptopList();
  const b = structuredClone(a);
  a.sites.x = reg(false, 5, "a");
  b.sites.x = reg(true, 6, "b");
  a.paused = reg(true, 1, "a");
  const merged = mergeBlocklist(a, b);
  assert.equal(merged.sites.x.value, true);
  assert.equal(merged.paused.value, true);
});

test("created_at is the earliest either device knew", () => {
  const a = laptopList();
  const b = structuredClone(a);
  b.people.p1.created_at = 5;
  assert.equal(mergeBlocklist(a, b).people.p1.created_at, 5);
});

test("journal: union of events and the record cleared up to the later time", () => {
  const a = {
    format: 1,
    events: { e1: { at: 5, kind: "attempt", site: "x", motive: "guilt", choice: "kept", action: null } },
    cleared_before: 0,
  };
  const b = {
    format: 1,
    events: { e2: { at: 20, kind: "attempt", site: null, motive: null, choice: "kept", action: null } },
    cleared_before: 10,
  };
  const merged = mergeJournal(a, b);
  assert.deepEqual(Object.keys(merged.events), ["e2"]);
  assert.equal(merged.cleared_before, 10);
});

test("settings: per key the later write wins", () => {
  const a = { format: 1, values: { cooling_off_hours: reg(48, 2, "a"), discreet: reg(true, 9, "a") } };
  const b = { format: 1, values: { cooling_off_hours: reg(72, 3, "b"), discreet: reg(false, 1, "b") } };
  const merged = mergeSettings(a, b);
  assert.equal(merged.values.cooling_off_hours.value, 72);
  assert.equal(merged.values.discreet.value, true);
});

test("a document of an unknown format is refused, whichever side it is on", () => {
  const future = { format: 2, people: {} };
  assert.throws(() => mergeBlocklist(laptopList(), future), UnknownFormatError);
  assert.throws(() => mergeBlocklist(future, laptopList()), UnknownFormatError);
  assert.throws(() => mergeJournal({ events: {} }, null), UnknownFormatError);
  assert.throws(() => mergeSettings("garbage", null), UnknownFormatError);
});

test("merging does not share objects with its inputs", () => {
  const a = laptopList();
  const merged = mergeBlocklist(a, null);
  merged.people.p1.adds.push("zzz");
  assert.deepEqual(a.people.p1.adds, ["a1"]);
});
