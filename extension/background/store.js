// The background's access to the three documents in storage.local: one read-change-write at a time,
// so two messages arriving together can never overwrite each other's change.
import { b64u } from "../lib/base64url.js";
import { emptyBlocklist, emptyJournal, emptySettings } from "../lib/merge.js";
import { emptyRecords } from "../lib/records.js";

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

/** @param {"blocklist"|"journal"|"settings"|"records"} name */
export async function readDoc(name) {
  const key = `doc.${name}`;
  const items = await chrome.storage.local.get(key);
  return items[key] ?? EMPTY[name]();
}

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
    await chrome.storage.local.set({ [`doc.${name}`]: next });
    return next;
  });
  queue = run.catch(() => {});
  return run;
}
