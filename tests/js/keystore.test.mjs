// The sync keys leave chrome.storage.local (which content scripts can read) for a KeyStore
// (IndexedDB in the extension; an in-memory stand-in here): new state is split on write, and a
// record still holding keys from an earlier version is moved over on its first read and deleted
// from the area only once the key store holds the same keys.
import assert from "node:assert/strict";
import { test } from "node:test";

import { createMemoryKeyStore } from "../../extension/lib/keystore.js";
import { createStorageStore, KEY_FIELDS } from "../../extension/lib/sync/store.js";

/** A storage area in memory. @param {Record<string, any>} [items] */
function memoryArea(items = {}) {
  return {
    items,
    async get(/** @type {string} */ key) {
      return key in this.items ? { [key]: structuredClone(this.items[key]) } : {};
    },
    async set(/** @type {Record<string, any>} */ more) {
      Object.assign(this.items, structuredClone(more));
    },
  };
}

const KEYS = { authKey: "auth-b64u", dataKey: "data-b64u" };
const RECORD = { enabled: true, server: "https://sync.example", syncId: "s1", versions: {}, status: null };

test("the keys written with the state go to the key store, never to the area", async () => {
  const area = memoryArea();
  const keys = createMemoryKeyStore();
  const store = createStorageStore(area, undefined, keys);
  await store.setState({ ...RECORD, ...KEYS });
  for (const field of KEY_FIELDS) assert.equal(field in area.items.sync, false, field);
  assert.deepEqual(keys.peek(), KEYS);
  assert.deepEqual(await store.getState(), { ...RECORD, ...KEYS });
});

test("an earlier version's keys move to the key store on first read, and the old copy is deleted", async () => {
  const area = memoryArea({ sync: { ...RECORD, ...KEYS } });
  const keys = createMemoryKeyStore();
  const store = createStorageStore(area, undefined, keys);
  assert.deepEqual(await store.getState(), { ...RECORD, ...KEYS });
  assert.deepEqual(keys.peek(), KEYS);
  assert.deepEqual(area.items.sync, RECORD);
  // And after the move, the state still reads whole.
  assert.deepEqual(await store.getState(), { ...RECORD, ...KEYS });
});

test("if the key store does not hold the keys, the old copy is not deleted", async () => {
  const area = memoryArea({ sync: { ...RECORD, ...KEYS } });
  const keys = { ...createMemoryKeyStore(), set: async () => {}, get: async () => null };
  const store = createStorageStore(area, undefined, keys);
  assert.deepEqual(await store.getState(), { ...RECORD, ...KEYS });
  assert.deepEqual(area.items.sync, { ...RECORD, ...KEYS });
});

test("turning sync off forgets the keys", async () => {
  const area = memoryArea();
  const keys = createMemoryKeyStore();
  const store = createStorageStore(area, undefined, keys);
  await store.setState({ ...RECORD, ...KEYS });
  await store.setState({ server: RECORD.server, enabled: false, status: null });
  assert.equal(keys.peek(), null);
  assert.deepEqual(await store.getState(), { server: RECORD.server, enabled: false, status: null });
});

test("without a key store (older callers, the engine's own tests) the record stays as it was", async () => {
  const area = memoryArea();
  const store = createStorageStore(area);
  await store.setState({ ...RECORD, ...KEYS });
  assert.deepEqual(area.items.sync, { ...RECORD, ...KEYS });
});
