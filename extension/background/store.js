// The background's access to the documents in storage.local: one read-change-write at a time,
// so two messages arriving together can never overwrite each other's change.
//
// Damaged storage never loses the list: every write that passes the document's shape check also
// writes `lastGood.<name>`; a read that finds the document missing while a last-good copy exists,
// not an object, of the wrong shape, or unreadable (the read throws) puts the last-good copy back,
// keeps what it found in `damaged.<name>` (never over the last-good copy) and raises the
// `restoredFromLastGood` flag the options page and the popup show a calm word about.
import { b64u } from "../lib/base64url.js";
import { DOC_NAMES, docShapeError } from "../lib/doc-shape.js";
import { emptyBlocklist, emptyJournal, emptySettings } from "../lib/merge.js";
import { emptyRecords } from "../lib/records.js";
import { answerPages } from "./messages.js";

const EMPTY = { blocklist: emptyBlocklist, journal: emptyJournal, settings: emptySettings, records: emptyRecords };
/** @type {Promise<any>} */
let queue = Promise.resolve();

/**
 * The current time for everything that waits (cooling-off, exceptions). Tests shift it through
 * session storage instead of waiting a day; nothing else ever writes that key.
 * @returns {Promise<number>}
 */
export async function now() {
  const { testClockOffsetMs } = await chrome.storage.session.get("testClockOffsetMs");
  return Date.now() + (Number(testClockOffsetMs) || 0);
}

/**
 * One value of this device's local storage (its shape is the README's storage table).
 * @param {string} key @returns {Promise<any>} undefined when absent
 */
export async function readLocal(key) {
  return (await chrome.storage.local.get(key))[key];
}

/** This device's id (for registers), created once. @returns {Promise<string>} */
export async function deviceId() {
  const device = await readLocal("device");
  if (device?.id) return device.id;
  const id = b64u(crypto.getRandomValues(new Uint8Array(12)));
  await chrome.storage.local.set({ device: { id } });
  return id;
}

/** The flag pages read: `{docs: [names], at}` while the user has not yet seen the word about it. */
export const RESTORED_FLAG = "restoredFromLastGood";
const lastGoodKey = (/** @type {string} */ name) => `lastGood.${name}`;

/**
 * The stored value of one key (undefined when absent), and whether storage failed to hand it over
 * (a damaged database throws on read, or cannot parse what it holds).
 * @param {string} key @returns {Promise<{value: any, failed: boolean}>}
 */
async function readRaw(key) {
  try {
    const items = await chrome.storage.local.get(key);
    return { value: items?.[key], failed: false };
  } catch {
    return { value: undefined, failed: true };
  }
}

/**
 * Put the last-good copy of `name` back, if there is a sound one. Returns it, or null.
 * @param {string} name @param {any} found what was there instead (kept aside, never over lastGood)
 */
async function restoreLastGood(name, found) {
  const copy = (await readRaw(lastGoodKey(name))).value;
  if (copy === undefined || docShapeError(name, copy)) return null;
  const flag = (await readRaw(RESTORED_FLAG)).value;
  const docs = [...new Set([...(Array.isArray(flag?.docs) ? flag.docs : []), name])];
  /** @type {Record<string, any>} */
  const items = { [`doc.${name}`]: copy, [RESTORED_FLAG]: { docs, at: Date.now() } };
  // Keep the damaged value for someone who wants to look at it later; a value storage cannot
  // serialise is simply not kept.
  if (found !== undefined) items[`damaged.${name}`] = safeCopy(found);
  await chrome.storage.local.set(items);
  return copy;
}

/** @param {any} value @returns {any} a JSON copy of value, or a note that there was none */
function safeCopy(value) {
  try {
    return JSON.parse(JSON.stringify(value) ?? "null");
  } catch {
    return { unreadable: true };
  }
}

/** @param {"blocklist"|"journal"|"settings"|"records"} name */
export async function readDoc(name) {
  const read = await readRaw(`doc.${name}`);
  const found = read.value;
  if (found !== undefined && !docShapeError(name, found)) return found;
  // Missing with no last-good copy is simply a document never written yet (a fresh install).
  const restored = await restoreLastGood(name, found);
  if (restored) return restored;
  if (read.failed) throw new Error("options_somethingWrong");
  if (found !== undefined) {
    // Damaged and nothing to go back to: work from an empty document, but keep the damaged one
    // aside before the next write replaces it.
    const kept = await readRaw(`damaged.${name}`);
    if (!kept.failed && kept.value === undefined) {
      await chrome.storage.local.set({ [`damaged.${name}`]: safeCopy(found) });
    }
  }
  return EMPTY[name]();
}

/**
 * At startup: bring back any damaged document at once (the match index and the redirect rules
 * follow the restored list), and give documents written before last-good copies existed one.
 */
export async function checkDocs() {
  for (const name of DOC_NAMES) {
    const raw = await readRaw(`doc.${name}`);
    const sound = raw.value !== undefined && !docShapeError(name, raw.value);
    if (!sound) {
      await readDoc(/** @type {any} */ (name)).catch(() => {});
      continue;
    }
    // Only a document that exists gets a copy: a copy of a never-written one would make its
    // absence look like damage.
    const saved = await readRaw(lastGoodKey(name));
    if (!saved.failed && saved.value === undefined) {
      await chrome.storage.local.set({ [lastGoodKey(name)]: raw.value });
    }
  }
}

void checkDocs().catch(() => {});

/**
 * Change a document: `change(doc, ctx)` returns the new document (or throws to change nothing).
 * @template T
 * @param {"blocklist"|"journal"|"settings"|"records"} name
 * @param {(doc: any, ctx: {device: string, now: number}) => any} change
 * @returns {Promise<any>} the new document
 */
export function updateDoc(name, change) {
  const run = queue.then(async () => {
    const ctx = { device: await deviceId(), now: Date.now() };
    const next = change(await readDoc(name), ctx);
    // A change that would write something unreadable is refused: the stored document and its
    // last-good copy stay as they were.
    if (docShapeError(name, next)) throw new Error("options_somethingWrong");
    await chrome.storage.local.set({ [`doc.${name}`]: next, [lastGoodKey(name)]: next });
    return next;
  });
  queue = run.catch(() => {});
  return run;
}

answerPages({
  // Whether a document was brought back from its last-good copy and the user has not been told yet.
  "store.restored": async () => {
    const flag = (await readRaw(RESTORED_FLAG)).value;
    return { restored: Array.isArray(flag?.docs) && flag.docs.length > 0 };
  },
  // The user has read the word about it.
  "store.dismissRestored": async () => {
    await chrome.storage.local.remove(RESTORED_FLAG);
    return {};
  },
});
