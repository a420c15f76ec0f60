// Damaged storage never loses the list (background/store.js): every sound write keeps a last-good
// copy; a document found missing (when a copy says it existed), of the wrong shape, or unreadable is
// replaced by that copy, what was found is kept aside, and the pages get a flag to say so calmly.
import assert from "node:assert/strict";
import { test } from "node:test";

import { docShapeError } from "../../extension/lib/doc-shape.js";
import { emptyBlocklist, emptyJournal, emptySettings } from "../../extension/lib/merge.js";
import { emptyRecords } from "../../extension/lib/records.js";

/** chrome.storage.local in memory, with a switch that makes reads of one key throw. */
const area = {
  /** @type {Record<string, any>} */
  items: {},
  /** @type {Set<string>} */
  broken: new Set(),
  async get(/** @type {string | string[]} */ keys) {
    /** @type {Record<string, any>} */
    const out = {};
    for (const key of [keys].flat()) {
      if (this.broken.has(key)) throw new Error("Unexpected token in JSON at position 0");
      if (key in this.items) out[key] = structuredClone(this.items[key]);
    }
    return out;
  },
  async set(/** @type {Record<string, any>} */ items) {
    for (const [key, value] of Object.entries(items)) {
      this.broken.delete(key);
      this.items[key] = structuredClone(value);
    }
  },
  async remove(/** @type {string} */ key) {
    delete this.items[key];
  },
};
const noop = () => {};
globalThis.chrome = /** @type {any} */ ({
  runtime: {
    id: "test-extension",
    getURL: (/** @type {string} */ p) => `chrome-extension://test-extension/${p}`,
    onMessage: { addListener: noop },
  },
  storage: { local: area, session: { get: async () => ({}) } },
});

const { readDoc, updateDoc, checkDocs, RESTORED_FLAG } = await import("../../extension/background/store.js");

const LIST = { ...emptyBlocklist(), people: { p1: { label: "kept" } } };

function reset() {
  area.items = {};
  area.broken.clear();
}

test("the empty documents have the shape every document is checked against", () => {
  for (const [name, empty] of Object.entries({
    blocklist: emptyBlocklist,
    journal: emptyJournal,
    settings: emptySettings,
    records: emptyRecords,
  })) {
    assert.equal(docShapeError(name, empty()), null, name);
  }
  assert.match(String(docShapeError("blocklist", { format: 1, people: [], removed: [], pending: {} })), /people/);
  assert.match(String(docShapeError("journal", "{}")), /not an object/);
});

test("a sound write keeps a last-good copy of what it wrote", async () => {
  reset();
  await updateDoc("blocklist", () => LIST);
  assert.deepEqual(area.items["lastGood.blocklist"], LIST);
  assert.equal(area.items[RESTORED_FLAG], undefined);
});

test("a write that would store something unreadable is refused and changes nothing", async () => {
  reset();
  await updateDoc("blocklist", () => LIST);
  await assert.rejects(updateDoc("blocklist", () => ({ format: 1, people: "oops" })));
  assert.deepEqual(area.items["doc.blocklist"], LIST);
  assert.deepEqual(area.items["lastGood.blocklist"], LIST);
});

for (const [damage, apply] of /** @type {[string, () => void][]} */ ([
  ["not an object", () => (area.items["doc.blocklist"] = '{"format":1,')],
  ["the wrong shape", () => (area.items["doc.blocklist"] = { format: 1, people: null })],
  ["missing though a copy says it existed", () => delete area.items["doc.blocklist"]],
  ["unreadable (the read throws)", () => area.broken.add("doc.blocklist")],
])) {
  test(`a document ${damage} is replaced by its last-good copy, and the pages are told`, async () => {
    reset();
    await updateDoc("blocklist", () => LIST);
    apply();
    assert.deepEqual(await readDoc("blocklist"), LIST);
    assert.deepEqual(area.items["doc.blocklist"], LIST);
    assert.deepEqual(area.items["lastGood.blocklist"], LIST, "the copy is never overwritten");
    assert.deepEqual(area.items[RESTORED_FLAG].docs, ["blocklist"]);
    // The next change starts from the restored list, not from an empty one.
    const next = await updateDoc("blocklist", (doc) => ({ ...doc, people: { ...doc.people, p2: {} } }));
    assert.deepEqual(Object.keys(next.people), ["p1", "p2"]);
  });
}

test("a damaged value is kept aside, never over the last-good copy", async () => {
  reset();
  await updateDoc("settings", () => emptySettings());
  area.items["doc.settings"] = [1, 2, 3];
  await readDoc("settings");
  assert.deepEqual(area.items["damaged.settings"], [1, 2, 3]);
  assert.deepEqual(area.items["lastGood.settings"], emptySettings());
});

test("a fresh install is not damage: nothing missing is restored, nobody is told", async () => {
  reset();
  assert.deepEqual(await readDoc("journal"), emptyJournal());
  await checkDocs();
  assert.equal(area.items[RESTORED_FLAG], undefined);
  assert.equal(area.items["lastGood.journal"], undefined);
});

test("at startup, documents from before last-good copies get one, and damage is repaired at once", async () => {
  reset();
  area.items["doc.blocklist"] = LIST;
  await checkDocs();
  assert.deepEqual(area.items["lastGood.blocklist"], LIST);
  area.items["doc.blocklist"] = 42;
  await checkDocs();
  assert.deepEqual(area.items["doc.blocklist"], LIST);
  assert.ok(area.items[RESTORED_FLAG]);
});
