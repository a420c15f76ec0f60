// A confirmed look or site Unblock shows one person on one site for one hour, and only that: a look
// keeps their Unblock guarded, everyone else stays hidden, and the hour ends by itself.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as bl from "../../extension/lib/blocklist.js";
import { activeExceptions, EXCEPTION_MS, exceptionFor, grant, nextEnd } from "../../extension/lib/exceptions.js";
import { emptyBlocklist } from "../../extension/lib/merge.js";
import * as pending from "../../extension/lib/pending.js";

const ctx = { device: "laptop", now: 5_000_000 };

function twoPeople() {
  const a = bl.addPerson(
    emptyBlocklist(),
    {
      label: "A",
      accounts: [
        { platform: "x", handle: "Alpha" },
        { platform: "reddit", handle: "alpha" },
      ],
    },
    ctx,
  );
  const b = bl.addPerson(a.doc, { label: "B", accounts: [{ platform: "x", handle: "beta", id: "42" }] }, ctx);
  return { doc: b.doc, a: a.id, b: b.id };
}

test("a look shows that person on that site only, and keeps their Unblock guarded", () => {
  const { doc, a } = twoPeople();
  const { list } = grant([], { type: "look_anyway", person: a, platform: "x" }, ctx.now);
  const index = bl.buildMatchIndex(doc, activeExceptions(list, ctx.now + 1));
  assert.deepEqual(index.platforms.x.handles, ["beta"]);
  assert.deepEqual(index.platforms.x.ids, ["42"]);
  assert.deepEqual(index.platforms.x.guardHandles, ["alpha"]);
  assert.deepEqual(index.platforms.reddit.handles, ["alpha"], "their other sites stay hidden");
});

test("a confirmed site Unblock lets their control work: neither hidden nor guarded there", () => {
  const { doc, b } = twoPeople();
  const { list } = grant([], { type: "site_unblock", person: b, platform: "x" }, ctx.now);
  const index = bl.buildMatchIndex(doc, activeExceptions(list, ctx.now));
  assert.deepEqual(index.platforms.x.handles, ["alpha"]);
  assert.deepEqual([...index.platforms.x.guardHandles, ...index.platforms.x.guardIds], []);
  assert.equal(exceptionFor(list, b, "x"), "unblockable");
  assert.equal(exceptionFor(list, b, "reddit"), null);
});

test("the hour ends by itself; asking again extends, it never adds up", () => {
  const { doc, a } = twoPeople();
  const first = grant([], { type: "look_anyway", person: a, platform: "x" }, ctx.now);
  assert.equal(first.granted.until, ctx.now + EXCEPTION_MS);
  assert.equal(nextEnd(first.list), ctx.now + EXCEPTION_MS);
  const later = ctx.now + EXCEPTION_MS;
  assert.deepEqual(activeExceptions(first.list, later), []);
  assert.deepEqual(bl.buildMatchIndex(doc, activeExceptions(first.list, later)).platforms.x.handles.sort(), [
    "alpha",
    "beta",
  ]);
  const again = grant(first.list, { type: "look_anyway", person: a, platform: "x" }, ctx.now + 1000);
  assert.equal(again.list.length, 1);
  assert.equal(again.list[0].until, ctx.now + 1000 + EXCEPTION_MS);
  assert.equal(nextEnd([]), null);
  assert.deepEqual(activeExceptions(undefined, 0), []);
});

test("applying a due look or site Unblock changes nothing in the list itself", () => {
  const { doc, a } = twoPeople();
  for (const type of ["look_anyway", "site_unblock"]) {
    const s = pending.schedule(
      doc,
      { type, person: a, platform: "x" },
      { motive: "changed", coolingOffHours: 24 },
      ctx,
    );
    assert.throws(() => pending.apply(s.doc, s.id, { ...ctx, now: ctx.now + 23 * pending.HOUR_MS }), {
      message: "reflect_notYet",
    });
    const done = pending.apply(s.doc, s.id, { ...ctx, now: ctx.now + 24 * pending.HOUR_MS });
    assert.deepEqual(bl.presentPeople(done.doc), bl.presentPeople(doc));
    assert.deepEqual(done.action, { type, person: a, platform: "x" });
  }
});

test("the same action asked for twice is found waiting, whatever the order of its fields", () => {
  const { doc, a } = twoPeople();
  const s = pending.schedule(
    doc,
    { type: "look_anyway", person: a, platform: "x" },
    { motive: null, coolingOffHours: 24 },
    ctx,
  );
  assert.equal(pending.findPending(s.doc, { platform: "x", person: a, type: "look_anyway" })?.id, s.id);
  assert.equal(pending.findPending(s.doc, { type: "look_anyway", person: a, platform: "reddit" }), null);
  assert.equal(
    pending.findPending(pending.cancel(s.doc, s.id), { type: "look_anyway", person: a, platform: "x" }),
    null,
  );
});

test("a content script's match leads back to the person, by handle or id, on that site only", () => {
  const { doc, a, b } = twoPeople();
  assert.equal(bl.personForKey(doc, "x", { handle: "ALPHA" }), a);
  assert.equal(bl.personForKey(doc, "x", { id: "42" }), b);
  assert.equal(bl.personForKey(doc, "reddit", { id: "42" }), null);
  assert.equal(bl.personForKey(doc, "x", { handle: "alpha2" }), null);
  assert.equal(bl.personForKey(bl.removePerson(doc, a), "x", { handle: "alpha" }), null);
  assert.equal(bl.personForKey(doc, "x", {}), null);
});
