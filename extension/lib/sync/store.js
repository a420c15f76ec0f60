// The engine's SyncStore over a chrome.storage area: the `sync` record and the `doc.<name>` documents
// of the storage contract in extension/README.md.
import { canonical } from "../merge.js";

/**
 * @param {{get: (keys: string|string[]) => Promise<Record<string, any>>,
 *   set: (items: Record<string, any>) => Promise<void>}} area chrome.storage.local or a stand-in
 * @param {(name: any, change: (doc: any) => any) => Promise<any>} [update] the background's one
 *   read-change-write at a time (background/store.js updateDoc): with it, a merge can never
 *   overwrite an edit the user made on this device while the round was on the network
 * @returns {import("./engine.js").SyncStore}
 */
export function createStorageStore(area, update) {
  /** @param {string} key */
  async function read(key) {
    const items = await area.get(key);
    return items[key] ?? null;
  }
  return {
    getState: () => read("sync"),
    setState: (state) => area.set({ sync: state }),
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
