// Where this device keeps its sync keys: IndexedDB of the extension's own origin, which only the
// extension's pages and its background can open. chrome.storage.local is readable by content
// scripts, which run inside the very sites the list is about; the keys must not be one bug in a
// content script away from a site. Works in Chromium's service worker and Firefox's event page
// alike (both have `indexedDB`). The sync store reaches it through the small KeyStore interface, so
// tests use an in-memory stand-in.

/**
 * @typedef {object} KeyStore
 * @property {() => Promise<Record<string, string> | null>} get the keys, or null when there are none
 * @property {(keys: Record<string, string>) => Promise<void>} set replace the keys
 * @property {() => Promise<void>} clear forget the keys
 */

const DB_NAME = "nc-keys";
const STORE = "keys";
const RECORD = "sync";

/** @returns {Promise<IDBDatabase>} */
function open() {
  return new Promise((resolve, reject) => {
    const request = indexedDB.open(DB_NAME, 1);
    request.onupgradeneeded = () => request.result.createObjectStore(STORE);
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

/**
 * One request in its own transaction, resolved when the transaction has committed (a write is
 * then on disk before the caller goes on, e.g. before the old copy is deleted).
 * @param {IDBTransactionMode} mode @param {(store: IDBObjectStore) => IDBRequest} make
 */
async function run(mode, make) {
  const db = await open();
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, mode);
      const request = make(tx.objectStore(STORE));
      tx.oncomplete = () => resolve(request.result);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
  } finally {
    db.close();
  }
}

/** @returns {KeyStore} the keys in IndexedDB */
export function createIdbKeyStore() {
  return {
    get: async () => (await run("readonly", (store) => store.get(RECORD))) ?? null,
    set: async (keys) => void (await run("readwrite", (store) => store.put({ ...keys }, RECORD))),
    clear: async () => void (await run("readwrite", (store) => store.delete(RECORD))),
  };
}

/** @returns {KeyStore & {peek: () => any}} keys in memory (tests) */
export function createMemoryKeyStore() {
  /** @type {Record<string, string> | null} */
  let held = null;
  return {
    get: async () => (held ? { ...held } : null),
    set: async (keys) => {
      held = { ...keys };
    },
    clear: async () => {
      held = null;
    },
    peek: () => held,
  };
}
