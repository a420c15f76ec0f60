// The engine's SyncStore over a chrome.storage area: the `sync` record and the `doc.<name>` documents
// of the storage contract in extension/README.md. Given a KeyStore (lib/keystore.js), the record's
// keys live there instead of in the area, which content scripts can read; a record still holding
// keys from before is moved over on its first read, and the area's copy deleted.
import { canonical } from "../merge.js";

/** The fields of the sync state that are secrets: they never go into the storage area. */
export const KEY_FIELDS = Object.freeze(["authKey", "dataKey"]);

/** @param {any} state @returns {{keys: Record<string, string> | null, rest: any}} */
function splitKeys(state) {
  if (!state || typeof state !== "object") return { keys: null, rest: state };
  const rest = { ...state };
  /** @type {Record<string, string>} */
  const keys = {};
  for (const field of KEY_FIELDS) {
    if (field in rest) {
      if (typeof rest[field] === "string") keys[field] = rest[field];
      delete rest[field];
    }
  }
  return { keys: Object.keys(keys).length ? keys : null, rest };
}

/**
 * @param {{get: (keys: string|string[]) => Promise<Record<string, any>>,
 *   set: (items: Record<string, any>) => Promise<void>}} area chrome.storage.local or a stand-in
 * @param {(name: any, change: (doc: any) => any) => Promise<any>} [update] the background's one
 *   read-change-write at a time (background/store.js updateDoc): with it, a merge can never
 *   overwrite an edit the user made on this device while the round was on the network
 * @param {import("../keystore.js").KeyStore} [keystore] where the keys live (without it: in the area)
 * @returns {import("./engine.js").SyncStore}
 */
export function createStorageStore(area, update, keystore) {
  /** @param {string} key */
  async function read(key) {
    const items = await area.get(key);
    return items[key] ?? null;
  }
  /** The keys of a record from before they moved: to the key store first, then off the area. */
  async function migrate(/** @type {any} */ record) {
    const { keys, rest } = splitKeys(record);
    if (!keystore || !keys) return record;
    await keystore.set(keys);
    // Delete the old copy only once the new one reads back the same.
    const stored = await keystore.get();
    if (KEY_FIELDS.every((field) => stored?.[field] === keys[field])) await area.set({ sync: rest });
    return record;
  }

  return {
    async getState() {
      const record = await read("sync");
      if (!keystore || record === null) return record;
      if (splitKeys(record).keys) return migrate(record);
      const keys = await keystore.get();
      return keys ? { ...record, ...keys } : record;
    },
    async setState(state) {
      if (!keystore) return area.set({ sync: state });
      const { keys, rest } = splitKeys(state);
      // Keys first: a record that says "enabled" never exists without the keys it needs.
      const held = await keystore.get();
      if (!keys) {
        if (held) await keystore.clear();
      } else if (!KEY_FIELDS.every((field) => held?.[field] === keys[field])) {
        await keystore.set(keys);
      }
      await area.set({ sync: rest });
    },
    readDoc: (name) => read(`doc.${name}`),
    async mergeIntoDoc(name, remote, merge) {
      if (update) {
        return update(name, (current) => {
          const merged = merge(current, remote);
          return canonical(current) === canonical(merged) ? current : merged;
        });
      }
      // Re-read right before writing, so an edit made on this device during the round is merged in
      // rather than overwritten.
      const current = await read(`doc.${name}`);
      const merged = merge(current, remote);
      if (current === null || canonical(current) !== canonical(merged)) {
        await area.set({ [`doc.${name}`]: merged });
      }
      return merged;
    },
  };
}
