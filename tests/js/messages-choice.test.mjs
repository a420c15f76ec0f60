// A person's message choice (PROTOCOL §3.1 `messages`): "hide" (the default) or "keep" (keep
// messages only). It merges like the person's other registers; keeping their messages is a
// weakening (keep_messages: the flow, a pending entry, applied only when due), hiding them again is
// instant; the guard refuses another writer's switch to "keep" without a due entry; the match index
// tells content scripts whose messages stay reachable.
import assert from "node:assert/strict";
import { test } from "node:test";

import { ACTIONS, checkAction } from "../../extension/lib/actions.js";
import * as bl from "../../extension/lib/blocklist.js";
import { emptyBlocklist, mergeBlocklist } from "../../extension/lib/merge.js";
import * as pending from "../../extension/lib/pending.js";
import { acceptBlocklist, GUARD_DEVICE } from "../../extension/lib/sync/accept.js";

const HOUR = 3600 * 1000;
const ctx = { device: "dev-a", now: 1_000_000 };

function listed() {
  const { doc, id } = bl.addPerson(
    emptyBlocklist(),
    {
      label: "Them",
      accounts: [
        { platform: "x", handle: "Abuser" },
        { platform: "bluesky", id: "did:plc:them" },
      ],
    },
    ctx,
  );
  return { doc, id };
}

test("a person hides their messages by default; the choice is read as hide or keep", () => {
  const { doc, id } = listed();
  assert.equal(doc.people[id].messages, undefined, "absent reads as hide");
  assert.equal(bl.presentPeople(doc)[0].messages, "hide");
  const added = bl.addPerson(
    emptyBlocklist(),
    { label: "Co-parent", messages: "keep", accounts: [{ platform: "x", handle: "cp" }] },
    ctx,
  );
  assert.equal(bl.presentPeople(added.doc)[0].messages, "keep", "a choice made when adding is kept");
});

test("keeping their messages is refused outside the flow; hiding them again is instant", () => {
  const { doc, id } = listed();
  assert.throws(() => bl.editPerson(doc, id, { messages: "keep" }, ctx), /reflect_useFlow/);
  assert.throws(() => bl.editPerson(doc, id, { messages: "sometimes" }, ctx), /reflect_useFlow/);
  const kept = bl.setMessages(doc, id, "keep", ctx);
  const hidden = bl.editPerson(kept, id, { messages: "hide" }, { ...ctx, now: ctx.now + 1 });
  assert.deepEqual(hidden.people[id].messages, { value: "hide", ts: ctx.now + 1, device: "dev-a" });
});

test("keep_messages is a weakening action applied only when due, and only to a listed person", () => {
  assert.deepEqual(checkAction({ type: "keep_messages", person: "p1", extra: 1 }), {
    type: "keep_messages",
    person: "p1",
  });
  assert.throws(() => checkAction({ type: "keep_messages" }), /reflect_unknownAction/);
  assert.equal(ACTIONS.keep_messages.acts, "blocklist");
  const { doc, id } = listed();
  const s = pending.schedule(
    doc,
    { type: "keep_messages", person: id },
    { motive: "practical", coolingOffHours: 24 },
    ctx,
  );
  assert.throws(() => pending.apply(s.doc, s.id, { ...ctx, now: ctx.now + 23 * HOUR }), /reflect_notYet/);
  const done = pending.apply(s.doc, s.id, { ...ctx, now: ctx.now + 24 * HOUR });
  assert.equal(bl.presentPeople(done.doc)[0].messages, "keep");
  assert.equal(pending.listPending(done.doc).length, 0);
  const gone = bl.removePerson(s.doc, id);
  assert.deepEqual(bl.setMessages(gone, id, "keep", ctx), gone, "a person no longer listed is left alone");
});

test("the index lists whose messages stay reachable, only where someone chose it", () => {
  const { doc, id } = listed();
  const before = bl.buildMatchIndex(doc);
  assert.equal("keepMessagesHandles" in before.platforms.x, false);
  const index = bl.buildMatchIndex(bl.setMessages(doc, id, "keep", ctx));
  assert.deepEqual(index.platforms.x.handles, ["abuser"], "everything else of theirs stays hidden");
  assert.deepEqual(index.platforms.x.keepMessagesHandles, ["abuser"]);
  assert.deepEqual(index.platforms.bluesky.keepMessagesIds, ["did:plc:them"]);
  assert.equal("keepMessagesHandles" in index.platforms.reddit, false);
});

test("the choice merges as a register: the later write wins, in any order", () => {
  const { doc, id } = listed();
  const a = bl.setMessages(doc, id, "keep", { device: "dev-a", now: 5000 });
  const b = bl.editPerson(a, id, { messages: "hide" }, { device: "dev-b", now: 6000 });
  assert.deepEqual(mergeBlocklist(a, b), mergeBlocklist(b, a));
  assert.equal(mergeBlocklist(a, b).people[id].messages.value, "hide");
});

test("another writer's switch to keep is refused without a due entry and waits instead", () => {
  const { doc, id } = listed();
  const now = 1_700_000_000_000;
  const remote = bl.setMessages(doc, id, "keep", { device: "phone", now: now - 1000 });
  const accepted = acceptBlocklist(doc, remote, { now, coolingOffHours: 12 });
  assert.equal(accepted.people[id].messages, undefined, "this device's (absent) register stays");
  const entries = pending.listPending(accepted);
  assert.equal(entries.length, 1);
  assert.deepEqual(entries[0].action, { type: "keep_messages", person: id });
  assert.equal(entries[0].device, GUARD_DEVICE);
  assert.equal(entries[0].effective_at, now + 12 * HOUR);
  // Accepting the same document again makes no second entry.
  assert.deepEqual(acceptBlocklist(accepted, remote, { now, coolingOffHours: 12 }), accepted);

  // With a due keep_messages, asked for after this device's register, it is taken.
  const asked = pending.schedule(
    doc,
    { type: "keep_messages", person: id },
    { motive: null, coolingOffHours: 24 },
    { device: "phone", now: now - 25 * HOUR },
  );
  const applied = pending.apply(asked.doc, asked.id, { device: "phone", now: now - HOUR }).doc;
  const taken = acceptBlocklist(doc, applied, { now, coolingOffHours: 24 });
  assert.equal(taken.people[id].messages.value, "keep");

  // Switching back to hide is taken at once.
  const back = bl.editPerson(applied, id, { messages: "hide" }, { device: "phone", now: now - 10 });
  assert.equal(acceptBlocklist(taken, back, { now, coolingOffHours: 24 }).people[id].messages.value, "hide");
});
