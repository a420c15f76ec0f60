// The sync engine on two simulated devices against a stand-in service that can misbehave: adds travel,
// concurrent edits survive, pending unblocks follow, and nothing bad ever overwrites local data.
import assert from "node:assert/strict";
import { after, before, beforeEach, test } from "node:test";

import { unb64u } from "../../extension/lib/base64url.js";
import * as envelopeLib from "../../extension/lib/envelope.js";
import { isPresent } from "../../extension/lib/merge.js";
import * as pendingLib from "../../extension/lib/pending.js";
import { createClient } from "../../extension/lib/sync/client.js";
import { syncCrypto } from "../../extension/lib/sync/crypto.js";
import { createSyncEngine } from "../../extension/lib/sync/engine.js";
import { pad, paddedLength } from "../../extension/lib/sync/padding.js";
import { createStorageStore } from "../../extension/lib/sync/store.js";
import { readFileSync } from "node:fs";
import { startFakeServer } from "./support/fake_server.mjs";

const PASSPHRASE = "juniper lantern cobalt meadow pebble";
let server;

before(async () => {
  server = await startFakeServer();
});
after(async () => {
  await server.close();
});
beforeEach(() => {
  Object.assign(server.mode, { down: false, garbage: false, rateLimit: 0, status500: false, hold: null });
});

/** A device: an in-memory storage area, the real store, engine, client and crypto. */
function device(name, options = {}) {
  const data = new Map();
  const area = {
    async get(keys) {
      const out = {};
      for (const k of [keys].flat()) if (data.has(k)) out[k] = structuredClone(data.get(k));
      return out;
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
  };
  const engine = createSyncEngine({
    store: createStorageStore(area),
    crypto: syncCrypto,
    clientFor: (url) => createClient({ baseUrl: url, timeoutMs: 2000 }),
    ...options,
  });
  return { name, data, area, engine };
}

const reg = (value, ts, dev) => ({ value, ts, device: dev });
let tagCounter = 0;
const tag = () => `tag${++tagCounter}`;

/** Add a person to a device's local list the way the extension does (a fresh add tag). */
function addPerson(dev, id, label, handle, ts = Date.now()) {
  const doc = dev.data.get("doc.blocklist") ?? { format: 1, people: {}, removed: [], pending: {}, sites: {} };
  doc.people[id] = {
    adds: [tag()],
    label: reg(label, ts, dev.name),
    note: reg("", ts, dev.name),
    names: reg([], ts, dev.name),
    created_at: ts,
    accounts: { [`x:h:${handle}`]: { adds: [tag()], platform: "x", handle, id: null, instance: null } },
  };
  dev.data.set("doc.blocklist", doc);
}

const present = (dev) => {
  const doc = dev.data.get("doc.blocklist");
  return Object.entries(doc?.people ?? {})
    .filter(([, p]) => isPresent(p, doc.removed))
    .map(([id]) => id)
    .sort();
};

async function pair() {
  const a = device("laptop");
  const b = device("phone");
  const { syncId } = await a.engine.setUp({ server: server.url, passphrase: PASSPHRASE });
  const joined = await b.engine.join({ server: server.url, code: syncId.toUpperCase(), passphrase: PASSPHRASE });
  assert.equal(joined.status.error, null);
  return { a, b, syncId };
}

test("a person added on one device reaches the other, and the server sees only ciphertext", async () => {
  const { a, b } = await pair();
  addPerson(a, "p1", "Ozymandias Feltwright", "ozy_feltwright");
  assert.equal((await a.engine.syncNow()).error, null);
  assert.equal((await b.engine.syncNow()).error, null);
  assert.deepEqual(present(b), ["p1"]);
  assert.equal(b.data.get("doc.blocklist").people.p1.label.value, "Ozymandias Feltwright");
  const everything = server.requests.map((r) => r.body + r.url).join("\n");
  for (const secret of ["Ozymandias", "Feltwright", "ozy_feltwright", PASSPHRASE]) {
    assert.ok(!everything.includes(secret), secret);
  }
});

test("joining merges the phone's own list with the server's instead of replacing it", async () => {
  const a = device("laptop");
  const b = device("phone");
  addPerson(a, "pa", "A", "aaa");
  addPerson(b, "pb", "B", "bbb");
  const { syncId } = await a.engine.setUp({ server: server.url, passphrase: PASSPHRASE });
  await b.engine.join({ server: server.url, code: syncId, passphrase: PASSPHRASE });
  await a.engine.syncNow();
  assert.deepEqual(present(a), ["pa", "pb"]);
  assert.deepEqual(present(b), ["pa", "pb"]);
});

test("concurrent edits on two devices both survive (412, merge, retry)", async () => {
  const { a, b } = await pair();
  addPerson(a, "p1", "First", "first_one", 1000);
  await a.engine.syncNow();
  await b.engine.syncNow();
  // Offline-style concurrency: both change before either syncs again.
  addPerson(a, "p2", "Second", "second_one", 2000);
  const docB = b.data.get("doc.blocklist");
  docB.people.p1.note = reg("I am allowed to be safe", 3000, "phone");
  b.data.set("doc.blocklist", docB);
  await a.engine.syncNow();
  const status = await b.engine.syncNow(); // stale version: 412, fetch, merge, retry
  assert.equal(status.error, null);
  await a.engine.syncNow();
  for (const dev of [a, b]) {
    assert.deepEqual(present(dev), ["p1", "p2"]);
    assert.equal(dev.data.get("doc.blocklist").people.p1.note.value, "I am allowed to be safe");
  }
  assert.ok(server.requests.some((r) => r.method === "PUT" && r.headers["if-match"]));
});

test("a pending unblock started on one device is pending on the other and not yet effective", async () => {
  const { a, b } = await pair();
  addPerson(a, "p1", "P", "pp");
  const doc = a.data.get("doc.blocklist");
  const now = Date.now();
  doc.pending.q1 = {
    adds: [tag()],
    action: { type: "remove_person", person: "p1" },
    requested_at: now,
    effective_at: now + 24 * 3600 * 1000,
    motive: "changed",
    device: "laptop",
  };
  a.data.set("doc.blocklist", doc);
  await a.engine.syncNow();
  await b.engine.syncNow();
  const pending = b.data.get("doc.blocklist").pending.q1;
  assert.equal(pending.effective_at, now + 24 * 3600 * 1000);
  assert.deepEqual(present(b), ["p1"]); // the person stays hidden during the cooling-off
});

test("a wrong passphrase is a clear error and changes nothing local", async () => {
  const a = device("laptop");
  const { syncId } = await a.engine.setUp({ server: server.url, passphrase: PASSPHRASE });
  const b = device("phone");
  addPerson(b, "mine", "Mine", "mine");
  const before = structuredClone([...b.data]);
  await assert.rejects(b.engine.join({ server: server.url, code: syncId, passphrase: "not the right words at all" }), {
    code: "wrong_passphrase",
  });
  assert.deepEqual([...b.data], before);
});

test("server down: keeps working locally, records why, schedules a retry, recovers later", async () => {
  const { a, b } = await pair();
  server.mode.down = true;
  addPerson(a, "p1", "P", "pp");
  const status = await a.engine.syncNow();
  assert.equal(status.error, "offline");
  assert.ok(status.nextRetryAt > status.lastAttempt);
  assert.deepEqual(present(a), ["p1"]);
  server.mode.down = false;
  assert.equal((await a.engine.syncNow()).error, null);
  await b.engine.syncNow();
  assert.deepEqual(present(b), ["p1"]);
});

test("a server answering garbage leaves the local list intact", async () => {
  const { a } = await pair();
  addPerson(a, "p1", "P", "pp");
  const before = structuredClone(a.data.get("doc.blocklist"));
  server.mode.garbage = true;
  const status = await a.engine.syncNow();
  assert.equal(status.error, "bad_response");
  assert.deepEqual(a.data.get("doc.blocklist"), before);
});

test("an unknown format version on the server is never merged in nor overwritten", async () => {
  const { a, b, syncId } = await pair();
  addPerson(b, "p1", "P", "pp");
  await b.engine.syncNow();
  const doc = server.syncs.get(syncId).docs.blocklist;
  doc.envelope = { ...doc.envelope, v: 2 };
  doc.version += 1;
  const mine = structuredClone(a.data.get("doc.blocklist") ?? null);
  const status = await a.engine.syncNow();
  assert.equal(status.error, "unknown_format");
  assert.deepEqual(a.data.get("doc.blocklist") ?? null, mine);
  assert.equal(server.syncs.get(syncId).docs.blocklist.envelope.v, 2);
});

test("a round still on the network when the sync record is replaced leaves the new record alone", async () => {
  const { a } = await pair();
  let release;
  server.mode.hold = new Promise((resolve) => (release = resolve));
  server.mode.status500 = true;
  const sent = server.requests.length;
  const pending = a.engine.syncNow();
  while (server.requests.length === sent) await new Promise((r) => setTimeout(r, 5));
  // Meanwhile the record moves to another server (as a test or another extension context may do).
  const moved = { ...a.data.get("sync"), server: "http://127.0.0.1:9" };
  a.data.set("sync", structuredClone(moved));
  release();
  const status = await pending;
  assert.deepEqual(a.data.get("sync"), moved);
  assert.deepEqual(status, moved.status);
});

test("an idle poll costs one request answered 304", async () => {
  const { a } = await pair();
  await a.engine.syncNow();
  const count = server.requests.length;
  assert.equal((await a.engine.syncNow()).error, null);
  const polls = server.requests.slice(count);
  assert.equal(polls.length, 1);
  assert.ok(polls[0].headers["if-none-match"]);
});

test("turning sync off keeps the local list", async () => {
  const { a } = await pair();
  addPerson(a, "p1", "P", "pp");
  await a.engine.syncNow();
  await a.engine.turnOff();
  assert.deepEqual(present(a), ["p1"]);
  assert.equal(a.data.get("sync").enabled, false);
  assert.equal(a.data.get("sync").authKey, undefined);
});

test("a passphrase change makes a new data key, re-encrypts everything and locks out the old passphrase", async () => {
  const { a, syncId } = await pair();
  addPerson(a, "p0", "Before", "before_handle");
  await a.engine.syncNow();
  const oldKey = a.data.get("sync").dataKey;
  const oldEnvelope = server.syncs.get(syncId).docs.blocklist.envelope;
  await a.engine.changePassphrase("a completely new set of quiet words");
  const newKey = a.data.get("sync").dataKey;
  assert.notEqual(newKey, oldKey, "a new data key");
  const stored = server.syncs.get(syncId).docs.blocklist;
  assert.notDeepEqual(stored.envelope, oldEnvelope, "the document was re-encrypted");
  await assert.rejects(syncCrypto.decryptDocument(oldKey, syncId, "blocklist", stored.envelope));
  assert.ok(
    Object.keys((await syncCrypto.decryptDocument(newKey, syncId, "blocklist", stored.envelope)).people).includes("p0"),
  );
  addPerson(a, "p1", "P", "pp");
  assert.equal((await a.engine.syncNow()).error, null);
  const late = device("tablet");
  await assert.rejects(late.engine.join({ server: server.url, code: syncId, passphrase: PASSPHRASE }), {
    code: "wrong_passphrase",
  });
  await late.engine.join({ server: server.url, code: syncId, passphrase: "a completely new set of quiet words" });
  assert.deepEqual(present(late).sort(), ["p0", "p1"]);
});

test("deleting from the server removes the sync there and keeps the list here", async () => {
  const { a, syncId } = await pair();
  addPerson(a, "p1", "P", "pp");
  await a.engine.syncNow();
  await a.engine.deleteFromServer();
  assert.equal(server.syncs.has(syncId), false);
  assert.deepEqual(present(a), ["p1"]);
  assert.equal(a.data.get("sync").enabled, false);
});

test("an edit made on the device while a merge is being written is not lost (one queue)", async () => {
  const { a, b } = await pair();
  addPerson(a, "p1", "First", "first_one");
  await a.engine.syncNow();
  await b.engine.syncNow();
  addPerson(a, "p2", "Second", "second_one");
  await a.engine.syncNow();
  // The phone again, its store on a queue like the background's updateDoc, and a storage write
  // of its list that waits until the test lets it go.
  let gate = null;
  const area = {
    get: (keys) => b.area.get(keys),
    async set(items) {
      if (gate && "doc.blocklist" in items) {
        const held = gate;
        gate = null;
        held.reached();
        await held.wait;
      }
      return b.area.set(items);
    },
  };
  let queue = Promise.resolve();
  const update = (name, change) => {
    const run = queue.then(async () => {
      const key = `doc.${name}`;
      const next = change((await area.get(key))[key] ?? null);
      await area.set({ [key]: next });
      return next;
    });
    queue = run.catch(() => {});
    return run;
  };
  const phone = createSyncEngine({
    store: createStorageStore(area, update),
    crypto: syncCrypto,
    clientFor: (url) => createClient({ baseUrl: url, timeoutMs: 2000 }),
  });
  let release;
  let reached;
  const merging = new Promise((resolve) => (reached = resolve));
  gate = { wait: new Promise((resolve) => (release = resolve)), reached };
  const round = phone.syncNow();
  await merging;
  // While the round writes A's second person into the list, the user edits a note here.
  const edit = update("blocklist", (doc) => {
    const out = structuredClone(doc);
    out.people.p1.note = reg("mine", Date.now(), "phone");
    return out;
  });
  await new Promise((resolve) => setTimeout(resolve, 50));
  release();
  await Promise.all([round, edit]);
  assert.equal(b.data.get("doc.blocklist").people.p1.note.value, "mine");
  assert.deepEqual(present(b), ["p1", "p2"]);
});

// ---- Another writer with the keys (issue #15): the cooling-off holds against it too ----

/** Change a document on the server as another client with the keys would (the CLI's pull, edit, push). */
async function writeBehind(syncId, dataKey, name, change) {
  const stored = server.syncs.get(syncId).docs[name];
  const doc = await syncCrypto.decryptDocument(dataKey, syncId, name, stored.envelope);
  const envelope = await syncCrypto.encryptDocument(dataKey, syncId, name, change(doc));
  server.syncs.get(syncId).docs[name] = { version: stored.version + 1, envelope };
}

async function serverDoc(syncId, dataKey, name) {
  return syncCrypto.decryptDocument(dataKey, syncId, name, server.syncs.get(syncId).docs[name].envelope);
}

test("a list uploaded with everyone removed removes no one on the devices; the removals wait", async () => {
  const { a, b, syncId } = await pair();
  addPerson(a, "p1", "First", "first_one");
  addPerson(a, "p2", "Second", "second_one");
  await a.engine.syncNow();
  await b.engine.syncNow();
  const { dataKey } = a.data.get("sync");
  await writeBehind(syncId, dataKey, "blocklist", (doc) => {
    for (const p of Object.values(doc.people)) {
      doc.removed.push(...p.adds, ...Object.values(p.accounts).flatMap((acc) => acc.adds));
    }
    return doc;
  });
  assert.equal((await b.engine.syncNow()).error, null);
  assert.deepEqual(present(b), ["p1", "p2"]);
  const waiting = pendingLib.listPending(b.data.get("doc.blocklist"));
  assert.deepEqual(waiting.map((p) => [p.action.type, p.action.person]).sort(), [
    ["remove_person", "p1"],
    ["remove_person", "p2"],
  ]);
  for (const p of waiting) assert.ok(p.effective_at - p.requested_at === 24 * 3600 * 1000);
  // B put the list back on the server, with the removals waiting; A follows.
  const onServer = await serverDoc(syncId, dataKey, "blocklist");
  assert.equal(Object.values(onServer.people).filter((p) => isPresent(p, onServer.removed)).length, 2);
  assert.equal((await a.engine.syncNow()).error, null);
  assert.deepEqual(present(a), ["p1", "p2"]);
  assert.equal(pendingLib.listPending(a.data.get("doc.blocklist")).length, 2);
});

test("a pause or a site switched off by another writer waits; the devices stay protected", async () => {
  const { a, b, syncId } = await pair();
  addPerson(a, "p1", "First", "first_one");
  await a.engine.syncNow();
  await b.engine.syncNow();
  await writeBehind(syncId, a.data.get("sync").dataKey, "blocklist", (doc) => ({
    ...doc,
    paused: reg(true, Date.now(), "cli"),
    sites: { ...doc.sites, x: reg(false, Date.now(), "cli") },
  }));
  await b.engine.syncNow();
  const doc = b.data.get("doc.blocklist");
  assert.notEqual(doc.paused?.value, true);
  assert.notEqual(doc.sites.x?.value, false);
  assert.deepEqual(
    pendingLib
      .listPending(doc)
      .map((p) => p.action.type)
      .sort(),
    ["pause_all", "site_off"],
  );
});

test("Undo of a mistaken add on one device takes the person off the other too", async () => {
  const { a, b } = await pair();
  addPerson(a, "p1", "Kept", "kept_one");
  addPerson(a, "p2", "Mistake", "mistaken_one");
  await a.engine.syncNow();
  await b.engine.syncNow();
  assert.deepEqual(present(b), ["p1", "p2"]);
  // background/list.js undoAdd: a removal due at once, applied in the same step.
  const ctx = { device: "laptop", now: Date.now() };
  const s = pendingLib.schedule(
    a.data.get("doc.blocklist"),
    { type: "remove_person", person: "p2" },
    { motive: null, coolingOffHours: 0 },
    ctx,
  );
  a.data.set("doc.blocklist", pendingLib.apply(s.doc, s.id, ctx).doc);
  await a.engine.syncNow();
  await b.engine.syncNow();
  assert.deepEqual(present(b), ["p1"]);
  assert.deepEqual(pendingLib.listPending(b.data.get("doc.blocklist")), []);
});

test("a label stamped in the year 2100 by another writer is overridden by a later edit", async () => {
  const { a, b, syncId } = await pair();
  addPerson(a, "p1", "Mine", "mine_one");
  await a.engine.syncNow();
  await b.engine.syncNow();
  await writeBehind(syncId, a.data.get("sync").dataKey, "blocklist", (doc) => {
    doc.people.p1.label = reg("Forever", Date.UTC(2100, 0, 1), "zzz");
    return doc;
  });
  await b.engine.syncNow();
  assert.ok(b.data.get("doc.blocklist").people.p1.label.ts <= Date.now() + 5 * 60 * 1000);
  // Six minutes later, the user renames them on A.
  await a.engine.syncNow();
  const doc = a.data.get("doc.blocklist");
  doc.people.p1.label = reg("Mine again", Date.now() + 6 * 60 * 1000, "laptop");
  a.data.set("doc.blocklist", doc);
  await a.engine.syncNow();
  await b.engine.syncNow();
  assert.equal(b.data.get("doc.blocklist").people.p1.label.value, "Mine again");
});

// ---- When the journal goes up (issue #15: the moments of pushes told the server the attempts) ----

const puts = (name) => server.requests.filter((r) => r.method === "PUT" && r.url.endsWith(`/documents/${name}`)).length;

function addEvent(dev, id, at) {
  const doc = dev.data.get("doc.journal") ?? { format: 1, events: {}, cleared_before: 0 };
  doc.events[id] = { at, kind: "attempt", site: "x", motive: null, choice: "kept", action: null };
  dev.data.set("doc.journal", doc);
}

test("a journal change alone waits its random moment; it goes with the next other push, or then", async () => {
  let clock = Date.now();
  const a = device("laptop", { now: () => clock, batchWait: () => 15 * 60 * 1000 });
  const b = device("phone");
  addEvent(a, "e0", clock);
  const { syncId } = await a.engine.setUp({ server: server.url, passphrase: PASSPHRASE });
  assert.ok(server.syncs.get(syncId).docs.journal.version > 0, "setting up sends the journal at once");
  await b.engine.join({ server: server.url, code: syncId, passphrase: PASSPHRASE });

  // An attempt is recorded: the next rounds do not send it.
  const before = puts("journal");
  addEvent(a, "e1", clock);
  assert.equal((await a.engine.syncNow()).error, null);
  clock += 60_000;
  await a.engine.syncNow();
  assert.equal(puts("journal"), before, "a journal change alone is not pushed at once");
  assert.equal(a.data.get("sync").batchDueAt, clock - 60_000 + 15 * 60 * 1000);
  // A person added goes up at once and takes the journal with it.
  addPerson(a, "p1", "P", "pp");
  await a.engine.syncNow();
  assert.equal(puts("journal"), before + 1);
  assert.equal(a.data.get("sync").batchDueAt, null);
  await b.engine.syncNow();
  assert.deepEqual(Object.keys(b.data.get("doc.journal").events).sort(), ["e0", "e1"]);

  // Another attempt: held until its moment, then sent by an ordinary round.
  addEvent(a, "e2", clock);
  await a.engine.syncNow();
  clock += 14 * 60 * 1000;
  await a.engine.syncNow();
  assert.equal(puts("journal"), before + 1);
  clock += 2 * 60 * 1000;
  await a.engine.syncNow();
  assert.equal(puts("journal"), before + 2);
  await b.engine.syncNow();
  assert.ok("e2" in b.data.get("doc.journal").events);
});

test("a journal change waits between 10 and 30 minutes, drawn at random", async () => {
  const { batchDelay, BATCH_MIN_MS, BATCH_MAX_MS } = await import("../../extension/lib/sync/batching.js");
  assert.equal(
    batchDelay(() => 0),
    10 * 60 * 1000,
  );
  assert.ok(batchDelay(() => 0.999999) < 30 * 60 * 1000);
  const draws = Array.from({ length: 200 }, () => batchDelay());
  assert.ok(draws.every((d) => d >= BATCH_MIN_MS && d < BATCH_MAX_MS));
  assert.ok(new Set(draws).size > 150, "random");
});

test("the background pushes 1.5 s after a list change, and not after a journal change alone", async () => {
  const { installFakeBrowser } = await import("./support/fake_browser.mjs");
  installFakeBrowser();
  const sync = await import("../../extension/background/sync.js");
  const timers = [];
  const real = globalThis.setTimeout;
  globalThis.setTimeout = (fn, ms) => {
    timers.push(ms);
    return real(() => {}, 0);
  };
  try {
    await globalThis.chrome.storage.local.set({ "doc.journal": { format: 1, events: {}, cleared_before: 0 } });
    assert.deepEqual(timers, [], "a journal change alone sets no push");
    await globalThis.chrome.storage.local.set({ "doc.records": { format: 1, records: {}, log: {}, deleted: [] } });
    assert.deepEqual(timers, [], "nor a sealed record alone");
    await globalThis.chrome.storage.local.set({ "doc.blocklist": { format: 1, people: {}, removed: [], pending: {} } });
    assert.deepEqual(timers, [sync.PUSH_DELAY_MS]);
    await globalThis.chrome.storage.local.set({ "doc.settings": { format: 1, values: {} }, "doc.journal": null });
    assert.deepEqual(timers, [sync.PUSH_DELAY_MS, sync.PUSH_DELAY_MS]);
  } finally {
    globalThis.setTimeout = real;
  }
});

// ---- Sizes (issue #15: the ciphertext told the number of people, about 450 bytes each) ----

const paddingVectors = JSON.parse(readFileSync(new URL("../../shared/vectors/padding.json", import.meta.url), "utf8"));

test("lists of one and of five people go up as ciphertexts of one size", async () => {
  const sizes = [];
  for (const count of [1, 5]) {
    const a = device("laptop");
    for (let n = 0; n < count; n++) addPerson(a, `p${n}`, `Person number ${n}`, `person_${n}`);
    const { syncId } = await a.engine.setUp({ server: server.url, passphrase: PASSPHRASE });
    const stored = server.syncs.get(syncId).docs.blocklist.envelope;
    sizes.push(stored.ct.length);
    // The other device reads it back as it was.
    const b = device("phone");
    await b.engine.join({ server: server.url, code: syncId, passphrase: PASSPHRASE });
    assert.equal(present(b).length, count);
  }
  assert.equal(sizes[0], sizes[1]);
});

test("padding: the buckets and the padded vector, read by the envelope every version has", async () => {
  for (const [length, padded] of paddingVectors.lengths) {
    assert.equal(paddedLength(length), padded, `${length}`);
    const out = pad(new Uint8Array(length).fill(120));
    assert.equal(out.length, padded);
    assert.ok(out.subarray(length).every((b) => b === 0x20));
  }
  const v = paddingVectors.document;
  const key = unb64u(v.data_key);
  const plaintext = pad(new TextEncoder().encode(JSON.stringify(v.document)));
  const aad = envelopeLib.documentAad(v.sync_id, v.name);
  assert.deepEqual(await envelopeLib.seal(key, plaintext, aad, unb64u(v.envelope.iv)), v.envelope);
  // decryptDocument is unchanged: an extension from before padding reads a padded document.
  assert.deepEqual(await envelopeLib.decryptDocument(key, v.sync_id, v.name, v.envelope), v.document);
  assert.deepEqual(await syncCrypto.decryptDocument(v.data_key, v.sync_id, v.name, v.envelope), v.document);
  // And the engine's own encryption is the padded one.
  const sealed = await syncCrypto.encryptDocument(v.data_key, v.sync_id, v.name, v.document);
  assert.equal(unb64u(sealed.ct).length, v.padded_length + 16);
});

// ---- The sealed records (issue #13): synced like the other documents, sealed, and batched ----

const { capturedId, clearRecords, keep, emptyRecords } = await import("../../extension/lib/records.js");
const { BATCH_MAX_MS } = await import("../../extension/lib/sync/batching.js");

const sighting = (n, seenAt) => ({
  kind: "captured",
  site: "x",
  url: `https://x.com/quill_marrow/status/${n}`,
  seen_at: seenAt,
  author: "quill_marrow",
  text: `Unsettling words number ${n}`,
  person: "p1",
});

/** Keep a post in a device's sealed records, as the background does on a capture. */
async function keepPost(dev, n, seenAt) {
  const record = sighting(n, seenAt);
  const doc = dev.data.get("doc.records") ?? emptyRecords();
  dev.data.set("doc.records", keep(doc, await capturedId("x", record.url), record).doc);
}

const recordTexts = (dev) =>
  Object.values(dev.data.get("doc.records")?.records ?? {})
    .map((r) => r.text)
    .sort();

/** Two devices on one clock that a test moves, so a held change can be let go. */
async function clockedPair() {
  const clock = { at: Date.now() };
  const options = { now: () => clock.at, pendingNow: () => clock.at };
  const a = device("laptop", options);
  const b = device("phone", options);
  const { syncId } = await a.engine.setUp({ server: server.url, passphrase: PASSPHRASE });
  await b.engine.join({ server: server.url, code: syncId, passphrase: PASSPHRASE });
  /** One round on `dev` after the longest batching wait, so what it holds goes up. */
  const roundAfterWait = async (dev) => {
    assert.equal((await dev.engine.syncNow()).error, null);
    clock.at += BATCH_MAX_MS;
    assert.equal((await dev.engine.syncNow()).error, null);
  };
  return { a, b, syncId, clock, roundAfterWait };
}

test("a record kept on one device reaches the other, sealed, after its moment", async () => {
  const { a, b, syncId, clock, roundAfterWait } = await clockedPair();
  const before = puts("records");
  await keepPost(a, 1, clock.at);
  assert.equal((await a.engine.syncNow()).error, null);
  assert.equal(puts("records"), before, "a capture alone waits, like the journal");
  await roundAfterWait(a);
  assert.equal(puts("records"), before + 1);
  assert.equal((await b.engine.syncNow()).error, null);
  assert.deepEqual(recordTexts(b), ["Unsettling words number 1"]);
  const stored = JSON.stringify(server.syncs.get(syncId).docs.records);
  for (const secret of ["Unsettling", "quill_marrow"]) assert.ok(!stored.includes(secret), secret);
});

test("deleting the records on one device clears the other, and its next round brings none back", async () => {
  const { a, b, clock, roundAfterWait } = await clockedPair();
  await keepPost(a, 1, clock.at);
  await keepPost(a, 2, clock.at);
  await roundAfterWait(a);
  await b.engine.syncNow();
  // The phone keeps one more before it hears of the deletion; it was seen before it, so it goes too.
  clock.at += 1000;
  await keepPost(b, 3, clock.at);
  clock.at += 1000;
  a.data.set("doc.records", clearRecords(a.data.get("doc.records"), "deletion", clock.at));
  await roundAfterWait(a);
  await roundAfterWait(b);
  assert.deepEqual(recordTexts(b), []);
  await roundAfterWait(a);
  assert.deepEqual(recordTexts(a), [], "the phone's round brought nothing back");
  assert.equal(b.data.get("doc.records").cleared_before, a.data.get("doc.records").cleared_before);
  // What is seen after the deletion is kept and travels as before.
  clock.at += 1000;
  await keepPost(b, 3, clock.at);
  await roundAfterWait(b);
  await a.engine.syncNow();
  assert.deepEqual(recordTexts(a), ["Unsettling words number 3"]);
});

test("two devices' records merge into one set, a post both saw kept once", async () => {
  const { a, b, clock, roundAfterWait } = await clockedPair();
  const start = clock.at;
  await keepPost(a, 1, start);
  await keepPost(a, 2, start + 5);
  await keepPost(b, 2, start + 1);
  await keepPost(b, 3, start);
  await roundAfterWait(a);
  await roundAfterWait(b);
  await a.engine.syncNow();
  const words = ["Unsettling words number 1", "Unsettling words number 2", "Unsettling words number 3"];
  assert.deepEqual(recordTexts(a), words);
  assert.deepEqual(a.data.get("doc.records"), b.data.get("doc.records"));
  const id = await capturedId("x", sighting(2, 0).url);
  assert.equal(a.data.get("doc.records").records[id].seen_at, start + 5, "the later sighting");
});

// ---- A document this version does not know (one a later version syncs) ----

test("a document name this version does not know is left alone, and a passphrase change keeps it", async () => {
  const later = await startFakeServer({ names: ["blocklist", "journal", "settings", "records", "future"] });
  try {
    const a = device("laptop");
    addPerson(a, "p1", "P", "pp");
    const { syncId } = await a.engine.setUp({ server: later.url, passphrase: PASSPHRASE });
    // A later version writes a document of its own.
    const future = { format: 1, what: "only a later version reads this" };
    const stored = later.syncs.get(syncId).docs.future;
    stored.envelope = await syncCrypto.encryptDocument(a.data.get("sync").dataKey, syncId, "future", future);
    stored.version = 1;
    addPerson(a, "p2", "Q", "qq");
    assert.equal((await a.engine.syncNow()).error, null);
    assert.ok(!later.requests.some((r) => r.url.endsWith("/documents/future")), "never read nor written");
    assert.equal([...a.data.keys()].filter((k) => k.includes("future")).length, 0);

    await a.engine.changePassphrase("a completely new set of quiet words");
    const newKey = a.data.get("sync").dataKey;
    const moved = later.syncs.get(syncId).docs.future;
    assert.equal(moved.version, 2);
    assert.deepEqual(await syncCrypto.decryptDocument(newKey, syncId, "future", moved.envelope), future);
    assert.equal((await a.engine.syncNow()).error, null);
  } finally {
    await later.close();
  }
});
