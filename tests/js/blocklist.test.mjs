// The list operations a user notices: add by any form, no duplicates, edits, removal only of what
// was seen, switches, the content scripts' index, and imports that refuse bad files.
import assert from "node:assert/strict";
import { test } from "node:test";

import * as bl from "../../extension/lib/blocklist.js";
import { emptyBlocklist, mergeBlocklist } from "../../extension/lib/merge.js";

const ctx = { device: "dev-a", now: 1000 };

test("a person with accounts on several sites is listed and indexed per site", () => {
  const { doc, id } = bl.addPerson(
    emptyBlocklist(),
    {
      label: "R.",
      note: "I deserve quiet",
      accounts: [
        { platform: "x", handle: "@Robbie_R" },
        { platform: "bluesky", handle: null, id: "did:plc:abc123" },
        { platform: "mastodon", handle: "rob", instance: "Mastodon.Social" },
      ],
    },
    ctx,
  );
  const [person] = bl.presentPeople(doc);
  assert.equal(person.id, id);
  assert.equal(person.note, "I deserve quiet");
  assert.deepEqual(person.accounts.map((a) => a.key).sort(), [
    "bluesky:id:did:plc:abc123",
    "mastodon:h:rob@mastodon.social",
    "x:h:robbie_r",
  ]);
  const index = bl.buildMatchIndex(doc);
  assert.deepEqual(index.platforms.x.handles, ["robbie_r"]);
  assert.deepEqual(index.platforms.bluesky.ids, ["did:plc:abc123"]);
  assert.deepEqual(index.platforms.mastodon.handles, ["rob@mastodon.social"]);
  assert.equal(index.paused, false);
});

test("the same account is found again, whatever its case or @", () => {
  const { doc, id } = bl.addPerson(
    emptyBlocklist(),
    { label: "A", accounts: [{ platform: "x", handle: "abuser" }] },
    ctx,
  );
  assert.equal(bl.personWithAccount(doc, { platform: "x", handle: "@ABUSER" }), id);
  assert.equal(bl.personWithAccount(doc, { platform: "x", handle: "abuser2" }), null);
});

test("edits are last-writer-wins and removal hides exactly the person", () => {
  let { doc, id } = bl.addPerson(emptyBlocklist(), { label: "A", accounts: [{ platform: "x", handle: "a" }] }, ctx);
  const other = bl.addPerson(doc, { label: "B", accounts: [{ platform: "x", handle: "b" }] }, ctx);
  doc = bl.editPerson(other.doc, id, { note: "new note" }, { device: "dev-a", now: 2000 });
  assert.equal(bl.presentPeople(doc).find((p) => p.id === id).note, "new note");
  doc = bl.removePerson(doc, id);
  assert.deepEqual(
    bl.presentPeople(doc).map((p) => p.label),
    ["B"],
  );
  assert.deepEqual(bl.buildMatchIndex(doc).platforms.x.handles, ["b"]);
});

test("an add on another device concurrent with a removal keeps the person (the safe side)", () => {
  const { doc, id } = bl.addPerson(emptyBlocklist(), { label: "A", accounts: [{ platform: "x", handle: "a" }] }, ctx);
  const removedHere = bl.removePerson(doc, id);
  const addedThere = bl.addAccount(doc, id, { platform: "reddit", handle: "a_reddit" });
  const merged = mergeBlocklist(removedHere, addedThere);
  const people = bl.presentPeople(merged);
  assert.equal(people.length, 1);
  assert.deepEqual(
    people[0].accounts.map((a) => a.key),
    ["reddit:h:a_reddit"],
  );
});

test("site switches and pause reach the index", () => {
  let { doc } = bl.addPerson(emptyBlocklist(), { label: "A", accounts: [{ platform: "x", handle: "a" }] }, ctx);
  doc = bl.setSite(doc, "x", false, ctx);
  doc = bl.setPaused(doc, true, ctx);
  const index = bl.buildMatchIndex(doc);
  assert.equal(index.platforms.x.enabled, false);
  assert.equal(index.platforms.reddit.enabled, true);
  assert.equal(index.paused, true);
});

test("unknown sites and empty accounts are refused with a message key", () => {
  assert.throws(
    () => bl.addPerson(emptyBlocklist(), { label: "A", accounts: [{ platform: "myspace", handle: "a" }] }, ctx),
    {
      message: "options_unknownSite",
    },
  );
  assert.throws(() => bl.addPerson(emptyBlocklist(), { label: "A", accounts: [{ platform: "x", handle: " " }] }, ctx), {
    message: "options_notAProfile",
  });
});

test("imports: the CLI backup and a bare document work, bad files say why", () => {
  const { doc } = bl.addPerson(emptyBlocklist(), { label: "A", accounts: [{ platform: "x", handle: "a" }] }, ctx);
  const backup = JSON.stringify(bl.makeExport(doc, null, null));
  assert.deepEqual(bl.presentPeople(bl.parseImport(backup)), bl.presentPeople(doc));
  assert.deepEqual(bl.presentPeople(bl.parseImport(JSON.stringify(doc))), bl.presentPeople(doc));
  const cases = [
    ["{oops", "options_importNotJson"],
    ['{"hello": 1}', "options_importNotBackup"],
    ['{"format": 2, "people": {}}', "options_importNewerFormat"],
    ['{"nocontact_backup": 3, "documents": {}}', "options_importNewerFormat"],
    [
      '{"format": 1, "people": {"p": {"adds": [], "accounts": {}}}, "removed": [], "pending": {}}',
      "options_importDamaged",
    ],
    ['{"format": 1, "people": [], "removed": [], "pending": {}}', "options_importDamaged"],
  ];
  for (const [text, key] of cases) assert.throws(() => bl.parseImport(text), { message: key }, text);
});
