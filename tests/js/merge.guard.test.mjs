// Accepting a document from elsewhere (extension/lib/sync/accept.js, PROTOCOL §3): the cooling-off
// holds against every writer, not only honest ones. A document that removes everyone, pauses
// everything or switches a site off takes effect only with a due pending entry; otherwise the
// change waits its cooling-off like one asked for here. Registers from the far future are clamped.
import assert from "node:assert/strict";
import { test } from "node:test";
import fc from "fast-check";

import * as bl from "../../extension/lib/blocklist.js";
import { isPresent, mergeBlocklist } from "../../extension/lib/merge.js";
import * as pending from "../../extension/lib/pending.js";
import { acceptRemote, CLOCK_SKEW_MS, refusalNames } from "../../extension/lib/sync/accept.js";
import { sha256 } from "../../extension/lib/sync/sha256.js";
import { createHash } from "node:crypto";

const H = pending.HOUR_MS;
const T0 = 1_700_000_000_000;
const laptop = { device: "laptop", now: T0 };
const accept = (local, remote, now, hours = 24) =>
  acceptRemote("blocklist", local, remote, { now, coolingOffHours: hours });

/** A list of `n` people as the extension makes it. */
function listOf(n) {
  let doc = bl.emptyBlocklist?.() ?? mergeBlocklist(null, null);
  const ids = [];
  for (let i = 0; i < n; i++) {
    const added = bl.addPerson(doc, { label: `P${i}`, accounts: [{ platform: "x", handle: `person_${i}` }] }, laptop);
    doc = added.doc;
    ids.push(added.id);
  }
  return { doc, ids };
}

/** What the CLI's pull, edit, push did: every tag of every person in `removed`. */
function everyoneRemoved(doc) {
  const out = structuredClone(doc);
  for (const p of Object.values(out.people)) {
    out.removed.push(...p.adds, ...Object.values(p.accounts).flatMap((a) => a.adds));
  }
  return out;
}

const presentIds = (doc) => bl.presentPeople(doc).map((p) => p.id);

test("a list with everyone removed removes no one; each removal waits its cooling-off", () => {
  const { doc, ids } = listOf(3);
  const hostile = everyoneRemoved(doc);
  // The pure merge alone would take it at once: that is why the guard exists.
  assert.deepEqual(presentIds(mergeBlocklist(doc, hostile)), []);
  const now = T0 + H;
  const accepted = accept(doc, hostile, now);
  assert.deepEqual(presentIds(accepted).sort(), [...ids].sort());
  const waiting = pending.listPending(accepted);
  assert.deepEqual(waiting.map((p) => p.action.person).sort(), [...ids].sort());
  for (const p of waiting) {
    assert.equal(p.action.type, "remove_person");
    assert.equal(p.requested_at, now);
    assert.equal(p.effective_at, now + 24 * H);
    assert.ok(!pending.isDue(p, now));
  }
  // Another device refusing the same document names the same entries: the merge converges.
  const elsewhere = accept(mergeBlocklist(doc, null), hostile, now + 1000);
  assert.deepEqual(Object.keys(elsewhere.pending).sort(), Object.keys(accepted.pending).sort());
  assert.deepEqual(presentIds(mergeBlocklist(accepted, elsewhere)).sort(), [...ids].sort());
});

test("once due, the refused removal is applied only by the user here, like any other", () => {
  const { doc, ids } = listOf(1);
  const accepted = accept(doc, everyoneRemoved(doc), T0);
  const [entry] = pending.listPending(accepted);
  assert.throws(() => pending.apply(accepted, entry.id, { device: "laptop", now: T0 + 23 * H }), {
    message: "reflect_notYet",
  });
  const applied = pending.apply(accepted, entry.id, { device: "laptop", now: T0 + 24 * H }).doc;
  assert.deepEqual(presentIds(applied), []);
  // ...and that removal, carrying its due entry, is taken by a device that still lists them.
  assert.deepEqual(presentIds(accept(doc, applied, T0 + 24 * H)), []);
  assert.equal(ids.length, 1);
});

test("a removal the flow scheduled and applied after its cooling-off is taken", () => {
  const { doc, ids } = listOf(2);
  const s = pending.schedule(
    doc,
    { type: "remove_person", person: ids[0] },
    { motive: "changed", coolingOffHours: 24 },
    laptop,
  );
  const phone = mergeBlocklist(s.doc, null);
  const applied = pending.apply(s.doc, s.id, { device: "laptop", now: T0 + 25 * H }).doc;
  assert.deepEqual(presentIds(accept(phone, applied, T0 + 25 * H)), [ids[1]]);
  // Applied early by a writer that skips the wait: refused, and the entry keeps waiting.
  const early = structuredClone(s.doc);
  early.removed.push(...early.people[ids[0]].adds);
  const refused = accept(phone, early, T0 + 2 * H);
  assert.deepEqual(presentIds(refused).sort(), [...ids].sort());
  assert.deepEqual(Object.keys(refused.pending), [s.id], "no second entry for the same removal");
});

test("Undo of a mistaken add (a removal due at once, applied) is taken by the other devices", () => {
  const { doc, ids } = listOf(2);
  const phone = mergeBlocklist(doc, null);
  // background/list.js undoAdd, five minutes after the add.
  const at = T0 + 5 * 60 * 1000 - 1;
  const s = pending.schedule(
    doc,
    { type: "remove_person", person: ids[1] },
    { motive: null, coolingOffHours: 0 },
    { ...laptop, now: at },
  );
  const undone = pending.apply(s.doc, s.id, { ...laptop, now: at }).doc;
  assert.deepEqual(presentIds(accept(phone, undone, at)), [ids[0]]);
  assert.deepEqual(presentIds(accept(phone, undone, at + 30_000)), [ids[0]]);
  assert.deepEqual(pending.listPending(accept(phone, undone, at)), []);
});

test("pause and a site switched off from elsewhere wait; switching back on does not", () => {
  const { doc } = listOf(1);
  const hostile = bl.setSite(bl.setPaused(doc, true, { device: "cli", now: T0 + H }), "x", false, {
    device: "cli",
    now: T0 + H,
  });
  assert.equal(mergeBlocklist(doc, hostile).paused.value, true, "the plain merge pauses at once");
  const accepted = accept(doc, hostile, T0 + 2 * H);
  assert.equal(bl.buildMatchIndex(accepted).paused, false);
  assert.equal(bl.siteEnabled(accepted, "x"), true);
  assert.deepEqual(
    pending
      .listPending(accepted)
      .map((p) => p.action.type)
      .sort(),
    ["pause_all", "site_off"],
  );
  // A due entry for exactly that change, asked for after the value it changes, lets it through.
  const s = pending.schedule(doc, { type: "pause_all" }, { motive: null, coolingOffHours: 24 }, laptop);
  const paused = pending.apply(s.doc, s.id, { device: "phone", now: T0 + 24 * H }).doc;
  assert.equal(bl.buildMatchIndex(accept(doc, paused, T0 + 24 * H)).paused, true);
  // Turning protection back on is stronger: taken at once.
  const resumed = bl.setPaused(paused, false, { device: "phone", now: T0 + 30 * H });
  assert.equal(bl.buildMatchIndex(accept(paused, resumed, T0 + 30 * H)).paused, false);
  // That old pause does not allow a new one after the resume.
  const again = bl.setPaused(resumed, true, { device: "cli", now: T0 + 40 * H });
  assert.equal(bl.buildMatchIndex(accept(resumed, again, T0 + 40 * H)).paused, false);
});

test("a register stamped in 2100 is taken as now + 5 minutes, so a later edit wins", () => {
  const { doc, ids } = listOf(1);
  const forever = bl.editPerson(doc, ids[0], { label: "Forever" }, { device: "zzz", now: Date.UTC(2100, 0, 1) });
  const accepted = accept(doc, forever, T0);
  assert.equal(accepted.people[ids[0]].label.value, "Forever");
  assert.equal(accepted.people[ids[0]].label.ts, T0 + CLOCK_SKEW_MS);
  // An edit made after that wins wherever the clamped copy went (the engine pushes it at once, as
  // it differs from the server's); with the pure merge the 2100 stamp would win until 2100.
  const later = bl.editPerson(accepted, ids[0], { label: "Mine again" }, { device: "laptop", now: T0 + H });
  assert.equal(accept(accepted, later, T0 + H).people[ids[0]].label.value, "Mine again");
  assert.equal(accept(later, accepted, T0 + H).people[ids[0]].label.value, "Mine again");
  assert.equal(mergeBlocklist(later, forever).people[ids[0]].label.value, "Forever");
  // A copy of 2100 still here is clamped too.
  assert.equal(accept(forever, null, T0).people[ids[0]].label.ts, T0 + CLOCK_SKEW_MS);
});

test("settings: a lower cooling-off needs a due lower_cooling_off; a higher one is taken", () => {
  const reg = (value, ts, device) => ({ value, ts, device });
  const local = { format: 1, values: { cooling_off_hours: reg(72, T0, "laptop") } };
  const lower = { format: 1, values: { cooling_off_hours: reg(1, T0 + H, "cli") } };
  const { doc } = listOf(0);
  const refused = acceptRemote("settings", local, lower, { now: T0 + 2 * H, blocklist: doc });
  assert.equal(refused.values.cooling_off_hours.value, 72);
  const s = pending.schedule(
    doc,
    { type: "lower_cooling_off", hours: 1 },
    { motive: null, coolingOffHours: 72 },
    {
      device: "phone",
      now: T0 + H,
    },
  );
  const due = pending.apply(s.doc, s.id, { device: "phone", now: T0 + 73 * H }).doc;
  const later = { format: 1, values: { cooling_off_hours: reg(1, T0 + 73 * H, "phone") } };
  assert.equal(
    acceptRemote("settings", local, later, { now: T0 + 73 * H, blocklist: due }).values.cooling_off_hours.value,
    1,
  );
  const higher = { format: 1, values: { cooling_off_hours: reg(168, T0 + H, "phone") } };
  assert.equal(
    acceptRemote("settings", local, higher, { now: T0 + 2 * H, blocklist: doc }).values.cooling_off_hours.value,
    168,
  );
});

test("the refusal's names are SHA-256 based and the same in any order of the tags", () => {
  const action = { type: "remove_person", person: "p1" };
  assert.deepEqual(refusalNames(action, ["b", "a"]), refusalNames(action, ["a", "b"]));
  assert.notDeepEqual(refusalNames(action, ["a"]), refusalNames(action, ["a", "b"]));
  for (const n of [0, 1, 55, 56, 63, 64, 65, 200, 1000]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 31 + n) & 255);
    assert.equal(Buffer.from(sha256(bytes)).toString("hex"), createHash("sha256").update(bytes).digest("hex"), `${n}`);
  }
});

// ---- Properties over random documents ----

// Small pools so that documents collide on ids, tags and times often. Tags are unique to their
// element (as 16 random bytes are in use): a tag names one add of one person, account or entry.
const tagsOf = (prefix) =>
  fc.uniqueArray(fc.constantFrom(`${prefix}/1`, `${prefix}/2`, `${prefix}/3`), { maxLength: 2 });
const ts = fc.integer({ min: 0, max: 40 });
const register = (value) => fc.record({ value, ts, device: fc.constantFrom("devA", "devB") });
const PEOPLE = ["p1", "p2"];
const ACCOUNTS = ["x:h:a", "x:h:b"];
const ENTRIES = ["q1", "q2"];
const ALL_TAGS = [...PEOPLE.flatMap((p) => [p, ...ACCOUNTS.map((a) => `${p}:${a}`)]), ...ENTRIES].flatMap((prefix) =>
  [1, 2, 3].map((n) => `${prefix}/${n}`),
);
const account = (prefix) =>
  fc.record({ adds: tagsOf(prefix), platform: fc.constant("x"), handle: fc.constant("h"), id: fc.constant(null) });
const person = (id) =>
  fc.record({
    adds: tagsOf(id),
    label: register(fc.constantFrom("A", "B")),
    created_at: fc.constant(1),
    accounts: fc.record(Object.fromEntries(ACCOUNTS.map((a) => [a, account(`${id}:${a}`)])), { requiredKeys: [] }),
  });
const action = fc.oneof(
  fc.constantFrom(...PEOPLE).map((p) => ({ type: "remove_person", person: p })),
  fc.constantFrom(...PEOPLE).map((p) => ({ type: "remove_account", person: p, account: "x:h:a" })),
  fc.constant({ type: "pause_all" }),
  fc.constant({ type: "site_off", platform: "x" }),
);
const entry = (id) =>
  fc.record({
    adds: tagsOf(id),
    action,
    requested_at: fc.integer({ min: 0, max: 20 }),
    effective_at: fc.integer({ min: 0, max: 40 }),
    motive: fc.constant(null),
    device: fc.constant("devA"),
  });
const blocklist = fc.record(
  {
    format: fc.constant(1),
    people: fc.record(Object.fromEntries(PEOPLE.map((p) => [p, person(p)])), { requiredKeys: [] }),
    removed: fc.uniqueArray(fc.constantFrom(...ALL_TAGS), { maxLength: 6 }),
    pending: fc.record(Object.fromEntries(ENTRIES.map((q) => [q, entry(q)])), { requiredKeys: [] }),
    sites: fc.record({ x: register(fc.boolean()) }, { requiredKeys: [] }),
    paused: register(fc.boolean()),
  },
  { requiredKeys: ["format", "people", "removed", "pending", "sites"] },
);
const now = fc.integer({ min: 0, max: 40 });
const RUNS = { numRuns: 400 };

/** @returns {boolean} whether `doc` holds a due entry whose action matches */
const due = (doc, match, at) => Object.values(doc.pending).some((e) => match(e.action) && e.effective_at <= at);

test("property: nothing present here is removed, paused or switched off without a due entry", () => {
  fc.assert(
    fc.property(blocklist, blocklist, now, (local, remote, at) => {
      const merged = mergeBlocklist(local, remote);
      const out = accept(local, remote, at);
      for (const [id, p] of Object.entries(local.people)) {
        if (!isPresent(p, local.removed)) continue;
        const byPerson = (a) => a?.type === "remove_person" && a.person === id;
        if (!due(merged, byPerson, at)) assert.ok(isPresent(out.people[id], out.removed), `person ${id}`);
        for (const [key, acc] of Object.entries(p.accounts)) {
          if (!isPresent(acc, local.removed)) continue;
          const byAccount = (a) =>
            byPerson(a) || (a?.type === "remove_account" && a.person === id && a.account === key);
          if (!due(merged, byAccount, at)) assert.ok(isPresent(out.people[id].accounts[key], out.removed), key);
        }
      }
      if (local.paused?.value !== true && !due(merged, (a) => a?.type === "pause_all", at)) {
        assert.notEqual(out.paused?.value, true);
      }
      if (local.sites.x?.value !== false && !due(merged, (a) => a?.type === "site_off", at)) {
        assert.notEqual(out.sites.x?.value, false);
      }
    }),
    RUNS,
  );
});

test("property: every add of either side is kept, and accepting the same document again changes nothing", () => {
  fc.assert(
    fc.property(blocklist, blocklist, now, (local, remote, at) => {
      const out = accept(local, remote, at);
      const merged = mergeBlocklist(local, remote);
      for (const [id, p] of Object.entries(merged.people)) {
        assert.deepEqual(out.people[id].adds, p.adds);
      }
      for (const t of local.removed) assert.ok(out.removed.includes(t), "a tombstone of this side was lost");
      assert.deepEqual(accept(out, remote, at), out);
    }),
    RUNS,
  );
});

test("property: two devices exchanging through a server converge once the refusals are due", () => {
  // A device that already holds a weakening without its due entry (written before this guard, or
  // by hand) and one that refuses it disagree while the refusal's entry waits; after its cooling-off
  // the entry is due and both hold the same document.
  fc.assert(
    fc.property(blocklist, blocklist, blocklist, now, (a0, b0, hostile, at) => {
      let a = accept(a0, hostile, at);
      let b = accept(b0, a, at);
      for (const t of [at, at + 25 * H, at + 25 * H, at + 25 * H]) {
        a = accept(a, b, t);
        b = accept(b, a, t);
      }
      assert.deepEqual(a, b);
    }),
    RUNS,
  );
});
