// Property tests of the document merge (PROTOCOL §3): the algebra (commutative, associative,
// idempotent) and the safety rules a user relies on (nothing added is lost unless its add was seen
// and removed; add wins over a concurrent remove; a pending unblock follows the user everywhere).
import { test } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";

import { isPresent, mergeBlocklist, mergeJournal, mergeRecords, mergeSettings } from "../../extension/lib/merge.js";

// Small pools so that generated documents collide on ids, tags and timestamps often.
const tag = fc.constantFrom("t1", "t2", "t3", "t4", "t5", "t6");
const tags = fc.uniqueArray(tag, { maxLength: 4 });
const device = fc.constantFrom("devA", "devB", "devC");
const ts = fc.integer({ min: 0, max: 5 });
const register = (value) => fc.record({ value, ts, device });
const personId = fc.constantFrom("p1", "p2", "p3");

const account = fc.record({
  adds: tags,
  platform: fc.constantFrom("x", "reddit"),
  handle: fc.option(fc.constantFrom("alice", "bob"), { nil: null }),
  id: fc.option(fc.constantFrom("1", "2"), { nil: null }),
  instance: fc.constant(null),
});

const person = fc.record(
  {
    adds: tags,
    label: register(fc.constantFrom("Ex", "Mum", "M")),
    note: register(fc.constantFrom("", "why", "because")),
    names: register(fc.uniqueArray(fc.constantFrom("a", "b"), { maxLength: 2 })),
    created_at: fc.integer({ min: 0, max: 100 }),
    accounts: fc.dictionary(fc.constantFrom("x:h:alice", "x:id:1", "reddit:h:bob"), account, {
      maxKeys: 2,
    }),
  },
  { requiredKeys: ["adds", "created_at", "accounts"] },
);

const action = fc.oneof(
  personId.map((p) => ({ type: "remove_person", person: p })),
  fc.constant({ type: "pause_all" }),
  fc.constantFrom("x", "reddit").map((p) => ({ type: "site_off", platform: p })),
);

const pending = fc.record({
  adds: tags,
  action,
  requested_at: fc.integer({ min: 0, max: 10 }),
  effective_at: fc.integer({ min: 10, max: 20 }),
  motive: fc.option(fc.constantFrom("guilt", "changed"), { nil: null }),
  device,
});

const blocklist = fc.record(
  {
    format: fc.constant(1),
    people: fc.dictionary(personId, person, { maxKeys: 3 }),
    removed: tags,
    pending: fc.dictionary(fc.constantFrom("q1", "q2"), pending, { maxKeys: 2 }),
    sites: fc.dictionary(fc.constantFrom("x", "reddit"), register(fc.boolean()), { maxKeys: 2 }),
    paused: register(fc.boolean()),
  },
  { requiredKeys: ["format", "people", "removed", "pending", "sites"] },
);

const journal = fc.record({
  format: fc.constant(1),
  events: fc.dictionary(
    fc.constantFrom("e1", "e2", "e3", "e4"),
    fc.record({
      at: fc.integer({ min: 0, max: 20 }),
      kind: fc.constant("attempt"),
      site: fc.option(fc.constantFrom("x", "reddit"), { nil: null }),
      motive: fc.option(fc.constantFrom("guilt", "changed"), { nil: null }),
      choice: fc.constantFrom("kept", "scheduled", "cancelled", "applied"),
      action: fc.constant(null),
    }),
    { maxKeys: 4 },
  ),
  cleared_before: fc.integer({ min: 0, max: 10 }),
});

const settings = fc.record({
  format: fc.constant(1),
  values: fc.dictionary(
    fc.constantFrom("cooling_off_hours", "discreet", "if_then_plan"),
    register(fc.oneof(fc.integer({ min: 1, max: 72 }), fc.boolean(), fc.string({ maxLength: 3 }))),
    { maxKeys: 3 },
  ),
});

// Few records, far under MAX_RECORDS: the limit has its own test (records.test.mjs).
const recordId = fc.constantFrom("x:1", "x:2", "saved:3", "saved:4");
const records = fc.record(
  {
    format: fc.constant(1),
    records: fc.dictionary(
      recordId,
      fc.record({
        kind: fc.constantFrom("captured", "saved"),
        site: fc.constant("x"),
        url: fc.constantFrom("https://x.com/a/status/1", "https://x.com/a"),
        seen_at: fc.integer({ min: 0, max: 20 }),
        author: fc.constantFrom("a", "b"),
        text: fc.constantFrom("", "words", "other words"),
        person: fc.option(fc.constant("p1"), { nil: null }),
      }),
      { maxKeys: 4 },
    ),
    log: fc.dictionary(
      fc.constantFrom("l1", "l2", "l3"),
      fc.record({
        at: fc.integer({ min: 0, max: 20 }),
        kind: fc.constantFrom("opened", "exported", "deleted"),
        count: fc.integer({ min: 0, max: 4 }),
      }),
      { maxKeys: 3 },
    ),
    deleted: fc.uniqueArray(recordId, { maxLength: 2 }),
    cleared_before: fc.integer({ min: 0, max: 10 }),
  },
  // Documents from before `cleared_before` existed have none.
  { requiredKeys: ["format", "records", "log", "deleted"] },
);

const RUNS = { numRuns: 300 };

for (const [name, merge, arb] of [
  ["blocklist", mergeBlocklist, blocklist],
  ["journal", mergeJournal, journal],
  ["settings", mergeSettings, settings],
  ["records", mergeRecords, records],
]) {
  test(`${name}: merge is commutative`, () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        assert.deepEqual(merge(a, b), merge(b, a));
      }),
      RUNS,
    );
  });

  test(`${name}: merge is associative`, () => {
    fc.assert(
      fc.property(arb, arb, arb, (a, b, c) => {
        assert.deepEqual(merge(merge(a, b), c), merge(a, merge(b, c)));
      }),
      RUNS,
    );
  });

  test(`${name}: merge is idempotent`, () => {
    fc.assert(
      fc.property(arb, arb, (a, b) => {
        const ab = merge(a, b);
        assert.deepEqual(merge(ab, ab), ab);
        assert.deepEqual(merge(ab, a), ab, "merging in something already seen changes nothing");
        assert.deepEqual(merge(a, a), merge(a, null), "merging a document with itself only normalises it");
      }),
      RUNS,
    );
  });
}

test("blocklist: an add that was not observed-removed is never lost", () => {
  fc.assert(
    fc.property(blocklist, blocklist, (a, b) => {
      const merged = mergeBlocklist(a, b);
      const removed = new Set([...a.removed, ...b.removed]);
      for (const side of [a, b]) {
        for (const [id, p] of Object.entries(side.people)) {
          if (p.adds.some((t) => !removed.has(t))) {
            assert.ok(isPresent(merged.people[id], merged.removed), `person ${id} was lost`);
          }
          for (const [key, acc] of Object.entries(p.accounts)) {
            if (acc.adds.some((t) => !removed.has(t))) {
              assert.ok(isPresent(merged.people[id].accounts[key], merged.removed), `account ${key} lost`);
            }
          }
        }
        for (const [id, q] of Object.entries(side.pending)) {
          if (q.adds.some((t) => !removed.has(t))) {
            assert.ok(isPresent(merged.pending[id], merged.removed), `pending ${id} lost`);
          }
        }
      }
    }),
    RUNS,
  );
});

test("blocklist: registers take the larger (ts, device) from either side", () => {
  fc.assert(
    fc.property(blocklist, blocklist, (a, b) => {
      const merged = mergeBlocklist(a, b);
      for (const [id, p] of Object.entries(merged.people)) {
        for (const key of ["label", "note"]) {
          const candidates = [a.people[id]?.[key], b.people[id]?.[key]].filter(Boolean);
          if (!candidates.length) continue;
          const best = candidates.reduce((x, y) => (x.ts > y.ts || (x.ts === y.ts && x.device >= y.device) ? x : y));
          assert.equal(p[key].ts, best.ts);
          assert.equal(p[key].device, best.device);
        }
        const created = [a.people[id]?.created_at, b.people[id]?.created_at].filter((t) => t !== undefined);
        assert.equal(p.created_at, Math.min(...created));
      }
    }),
    RUNS,
  );
});

test("journal: events before cleared_before are gone, all later events of both sides are kept", () => {
  fc.assert(
    fc.property(journal, journal, (a, b) => {
      const merged = mergeJournal(a, b);
      const cut = Math.max(a.cleared_before, b.cleared_before);
      assert.equal(merged.cleared_before, cut);
      for (const id of new Set([...Object.keys(a.events), ...Object.keys(b.events)])) {
        const kept = [a.events[id], b.events[id]].some((e) => e && e.at >= cut);
        assert.equal(id in merged.events, kept, `event ${id}`);
      }
    }),
    RUNS,
  );
});

test("records: only a tombstone or a deletion after a post's last sighting removes its record", () => {
  fc.assert(
    fc.property(records, records, (a, b) => {
      const merged = mergeRecords(a, b);
      const cut = Math.max(a.cleared_before ?? 0, b.cleared_before ?? 0);
      assert.equal(merged.cleared_before, cut);
      for (const id of new Set([...Object.keys(a.records), ...Object.keys(b.records)])) {
        const last = Math.max(...[a.records[id], b.records[id]].filter(Boolean).map((r) => r.seen_at));
        const gone = a.deleted.includes(id) || b.deleted.includes(id) || last < cut;
        assert.equal(id in merged.records, !gone, `record ${id}`);
        if (!gone) assert.equal(merged.records[id].seen_at, last);
      }
    }),
    RUNS,
  );
});

// ---- Replicas: devices doing real operations, exchanging state in arbitrary orders ----

let tagCounter = 0;
const mint = () => `tag${++tagCounter}`;

/** Operations a device performs on its own replica, as the blocklist module does. */
const ops = {
  add(doc, id) {
    const p = doc.people[id] || { adds: [], created_at: 1, accounts: {} };
    p.adds = [...p.adds, mint()];
    doc.people[id] = p;
  },
  remove(doc, id) {
    // Applying a removal tombstones exactly the tags this device has observed.
    const p = doc.people[id];
    if (p) doc.removed = [...doc.removed, ...p.adds];
  },
  schedule(doc, qid, personIdValue) {
    doc.pending[qid] = {
      adds: [mint()],
      action: { type: "remove_person", person: personIdValue },
      requested_at: 0,
      effective_at: 100,
      motive: null,
      device: "devA",
    };
  },
  cancel(doc, qid) {
    const q = doc.pending[qid];
    if (q) doc.removed = [...doc.removed, ...q.adds];
  },
};

const empty = () => mergeBlocklist(null, null);

test("a person added on one device and removed concurrently on another stays listed", () => {
  const base = empty();
  ops.add(base, "p1");
  const a = structuredClone(base);
  const b = structuredClone(base);
  ops.remove(a, "p1"); // device A removes what it saw
  ops.add(b, "p1"); // device B adds the same person again meanwhile
  const merged = mergeBlocklist(a, b);
  assert.ok(isPresent(merged.people.p1, merged.removed));
  // ... and a removal made after observing both adds does remove.
  ops.remove(merged, "p1");
  assert.ok(!isPresent(mergeBlocklist(merged, b).people.p1, mergeBlocklist(merged, b).removed));
});

test("random concurrent sessions: each replica converges, and add-wins holds", () => {
  const opArb = fc.record({
    replica: fc.integer({ min: 0, max: 2 }),
    kind: fc.constantFrom("add", "remove", "schedule", "cancel", "sync"),
    target: fc.constantFrom("p1", "p2"),
    other: fc.integer({ min: 0, max: 2 }),
  });
  fc.assert(
    fc.property(fc.array(opArb, { maxLength: 25 }), (steps) => {
      const replicas = [empty(), empty(), empty()];
      for (const s of steps) {
        const doc = replicas[s.replica];
        if (s.kind === "add") ops.add(doc, s.target);
        else if (s.kind === "remove") ops.remove(doc, s.target);
        else if (s.kind === "schedule") ops.schedule(doc, `q-${s.target}`, s.target);
        else if (s.kind === "cancel") ops.cancel(doc, `q-${s.target}`);
        else replicas[s.replica] = mergeBlocklist(doc, replicas[s.other]);
      }
      const all = replicas.reduce((x, y) => mergeBlocklist(x, y));
      const removed = new Set(all.removed);
      // Every add tag that no replica tombstoned keeps its person listed after full sync.
      for (const r of replicas) {
        for (const [id, p] of Object.entries(r.people)) {
          if (p.adds.some((t) => !removed.has(t))) assert.ok(isPresent(all.people[id], removed));
        }
      }
      // Full sync in any order gives the same document.
      const reversed = [...replicas].reverse().reduce((x, y) => mergeBlocklist(x, y));
      assert.deepEqual(all, reversed);
    }),
    RUNS,
  );
});

test("a pending unblock from either side survives merging until cancelled", () => {
  fc.assert(
    fc.property(blocklist, fc.boolean(), (other, onA) => {
      const mine = empty();
      ops.add(mine, "p9");
      ops.schedule(mine, "q9", "p9");
      const [x, y] = onA ? [mine, other] : [other, mine];
      const merged = mergeBlocklist(x, y);
      assert.ok(isPresent(merged.pending.q9, merged.removed), "pending unblock lost");
      assert.equal(merged.pending.q9.effective_at, 100, "cooling-off changed by a merge");
      assert.ok(isPresent(merged.people.p9, merged.removed), "a merge applied the unblock early");
      // Cancelling on any device cancels it everywhere.
      const cancelled = structuredClone(merged);
      ops.cancel(cancelled, "q9");
      const again = mergeBlocklist(cancelled, mine);
      assert.ok(!isPresent(again.pending.q9, again.removed));
      assert.ok(isPresent(again.people.p9, again.removed));
    }),
    RUNS,
  );
});
