// Pure merge of the synced documents (shared/PROTOCOL.md §3).
//
// Every function here is a join: commutative, associative and idempotent, so two devices that have
// seen the same edits end up with byte-identical documents whatever order the edits reached them in.
// To make that true of the JSON itself (not only of its meaning), every set is written sorted and every
// choice between two values that should be equal is made by a deterministic rule.
// Nothing is ever applied here: a pending unblock is merged like any other element and stays pending.
// This merge trusts both sides; a document from elsewhere (sync, an import) goes through the guard in
// sync/accept.js, which keeps another writer's removals, pauses and far-future stamps in check.

export const FORMAT = 1;

/** Thrown when a document is not one this code understands; the caller must keep its local data. */
export class UnknownFormatError extends Error {
  /** @param {string} what */
  constructor(what) {
    super(`unknown document format: ${what}`);
    this.name = "UnknownFormatError";
    this.code = "unknown_format";
  }
}

/**
 * @typedef {{value: any, ts: number, device: string}} Register
 * @typedef {{adds: string[], [field: string]: any}} Element
 */

/**
 * Stable JSON with sorted object keys, used only to break ties between values that should be equal.
 * @param {any} value
 * @returns {string}
 */
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    return `{${Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

/**
 * A fresh plain-JSON copy, so the result shares no objects with (and has no odd prototypes from) inputs.
 * @param {any} value
 * @returns {any}
 */
function plain(value) {
  return JSON.parse(JSON.stringify(value));
}

/**
 * Pick one of two values deterministically (whichever order they come in).
 * @template T
 * @param {T} a
 * @param {T} b
 * @returns {T}
 */
function pickStable(a, b) {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return canonical(a) <= canonical(b) ? a : b;
}

/**
 * @param {string} a
 * @param {string} b
 */
function cmpStr(a, b) {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Sorted union of two string arrays, without duplicates.
 * @param {string[]|undefined} a
 * @param {string[]|undefined} b
 * @returns {string[]}
 */
export function unionTags(a, b) {
  return [...new Set([...(a || []), ...(b || [])])].sort(cmpStr);
}

/**
 * Order two registers by (ts, device); the value only breaks a tie that a correct client never makes.
 * @param {Register} a
 * @param {Register} b
 * @returns {number}
 */
function cmpRegister(a, b) {
  if (a.ts !== b.ts) return a.ts < b.ts ? -1 : 1;
  if (a.device !== b.device) return cmpStr(a.device, b.device);
  return cmpStr(canonical(a.value), canonical(b.value));
}

/**
 * The last writer wins: the register with the larger (ts, device). A missing register loses.
 * @param {Register|undefined} a
 * @param {Register|undefined} b
 * @returns {Register|undefined}
 */
export function mergeRegister(a, b) {
  if (!a) return b;
  if (!b) return a;
  return cmpRegister(a, b) >= 0 ? a : b;
}

/**
 * An OR-set element is present while at least one of its add tags has not been tombstoned.
 * @param {{adds?: string[]}|undefined} element
 * @param {Set<string>|string[]} removed
 * @returns {boolean}
 */
export function isPresent(element, removed) {
  if (!element) return false;
  const gone = removed instanceof Set ? removed : new Set(removed);
  return (element.adds || []).some((tag) => !gone.has(tag));
}

/**
 * Merge two maps of OR-set elements: union of keys, union of adds, the rest by `mergeFields`.
 * @param {Record<string, Element>|undefined} a
 * @param {Record<string, Element>|undefined} b
 * @param {(x: Element, y: Element) => Element} mergeFields
 * @returns {Record<string, Element>}
 */
function mergeElements(a, b, mergeFields) {
  const left = a || {};
  const right = b || {};
  /** @type {Record<string, Element>} */
  const out = {};
  for (const key of unionTags(Object.keys(left), Object.keys(right))) {
    const x = left[key];
    const y = right[key];
    // Run one-sided elements through mergeFields too, so the output is normalised either way.
    const merged = mergeFields(x || y, y || x);
    merged.adds = unionTags(x?.adds, y?.adds);
    out[key] = merged;
  }
  return out;
}

/**
 * Fields that are immutable once added (platform, handle, action ...) come from either side; if two
 * sides ever disagree, the same side is chosen whatever the order.
 * @param {Element} x
 * @param {Element} y
 * @param {string[]} skip fields merged by other rules
 * @returns {Element}
 */
function immutableFields(x, y, skip) {
  /** @type {Element} */
  const out = { adds: [] };
  const keys = unionTags(Object.keys(x), Object.keys(y));
  for (const key of keys) {
    if (key === "adds" || skip.includes(key)) continue;
    const value = pickStable(x[key], y[key]);
    if (value !== undefined) out[key] = value;
  }
  return out;
}

/**
 * @param {Element} x
 * @param {Element} y
 * @returns {Element}
 */
function mergeAccount(x, y) {
  return immutableFields(x, y, []);
}

// `messages` ("hide" | "keep", absent = "hide") is the person's message choice (PROTOCOL §3.1).
const PERSON_REGISTERS = ["label", "note", "names", "messages"];

/**
 * @param {Element} x
 * @param {Element} y
 * @returns {Element}
 */
function mergePerson(x, y) {
  const out = immutableFields(x, y, [...PERSON_REGISTERS, "created_at", "accounts"]);
  for (const key of PERSON_REGISTERS) {
    const reg = mergeRegister(x[key], y[key]);
    if (reg) out[key] = reg;
  }
  const created = [x.created_at, y.created_at].filter((t) => typeof t === "number");
  if (created.length) out.created_at = Math.min(...created);
  out.accounts = mergeElements(x.accounts, y.accounts, mergeAccount);
  return out;
}

/**
 * @param {Element} x
 * @param {Element} y
 * @returns {Element}
 */
function mergePending(x, y) {
  return immutableFields(x, y, []);
}

/**
 * Merge two maps of registers key by key.
 * @param {Record<string, Register>|undefined} a
 * @param {Record<string, Register>|undefined} b
 * @returns {Record<string, Register>}
 */
function mergeRegisterMap(a, b) {
  const left = a || {};
  const right = b || {};
  /** @type {Record<string, Register>} */
  const out = {};
  for (const key of unionTags(Object.keys(left), Object.keys(right))) {
    const reg = mergeRegister(left[key], right[key]);
    if (reg) out[key] = reg;
  }
  return out;
}

/**
 * Refuse a document this code does not understand (PROTOCOL §1.3: stop, keep local data).
 * @param {any} doc
 * @param {string} name
 */
export function checkFormat(doc, name) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    throw new UnknownFormatError(`${name} is not an object`);
  }
  if (doc.format !== FORMAT) throw new UnknownFormatError(`${name} format ${String(doc.format)}`);
}

/** @returns {any} an empty blocklist document */
export function emptyBlocklist() {
  return { format: FORMAT, people: {}, removed: [], pending: {}, sites: {} };
}

/** @returns {any} an empty journal document */
export function emptyJournal() {
  return { format: FORMAT, events: {}, cleared_before: 0 };
}

/** @returns {any} an empty settings document */
export function emptySettings() {
  return { format: FORMAT, values: {} };
}

/**
 * Merge two blocklist documents (PROTOCOL §3.1). Either side may be missing (null/undefined).
 * @param {any} a
 * @param {any} b
 * @returns {any}
 */
export function mergeBlocklist(a, b) {
  const left = a ?? emptyBlocklist();
  const right = b ?? emptyBlocklist();
  checkFormat(left, "blocklist");
  checkFormat(right, "blocklist");
  const out = {
    format: FORMAT,
    people: mergeElements(left.people, right.people, mergePerson),
    removed: unionTags(left.removed, right.removed),
    pending: mergeElements(left.pending, right.pending, mergePending),
    sites: mergeRegisterMap(left.sites, right.sites),
  };
  const paused = mergeRegister(left.paused, right.paused);
  if (paused) out.paused = paused;
  return plain(out);
}

/**
 * Events are immutable, so two versions of one event id mean a faulty writer. Keep the later one: if
 * the earlier were kept instead, whether the event survives a `cleared_before` would depend on the
 * order of merges.
 * @param {any} x
 * @param {any} y
 * @returns {any}
 */
function pickEvent(x, y) {
  if (!x || !y || x.at === y.at) return pickStable(x, y);
  return x.at > y.at ? x : y;
}

/**
 * Merge two journal documents (PROTOCOL §3.2): union of events, the later `cleared_before` wins and
 * drops what it covers.
 * @param {any} a
 * @param {any} b
 * @returns {any}
 */
export function mergeJournal(a, b) {
  const left = a ?? emptyJournal();
  const right = b ?? emptyJournal();
  checkFormat(left, "journal");
  checkFormat(right, "journal");
  const clearedBefore = Math.max(left.cleared_before || 0, right.cleared_before || 0);
  const l = left.events || {};
  const r = right.events || {};
  /** @type {Record<string, any>} */
  const events = {};
  for (const id of unionTags(Object.keys(l), Object.keys(r))) {
    const event = pickEvent(l[id], r[id]);
    if (typeof event?.at === "number" && event.at >= clearedBefore) events[id] = event;
  }
  return plain({ format: FORMAT, events, cleared_before: clearedBefore });
}

/**
 * Merge two settings documents (PROTOCOL §3.3): per key, the larger (ts, device).
 * @param {any} a
 * @param {any} b
 * @returns {any}
 */
export function mergeSettings(a, b) {
  const left = a ?? emptySettings();
  const right = b ?? emptySettings();
  checkFormat(left, "settings");
  checkFormat(right, "settings");
  return plain({ format: FORMAT, values: mergeRegisterMap(left.values, right.values) });
}

// ---- The sealed records (PROTOCOL §3.4; the rules of keeping them are in lib/records.js) ----

/** Records kept at most; past it the oldest are kept, on this device and after every merge. */
export const MAX_RECORDS = 2000;

/** @returns {any} an empty records document */
export function emptyRecords() {
  return { format: FORMAT, records: {}, log: {}, deleted: [], cleared_before: 0 };
}

/**
 * Read a records document as this version understands it (or throw UnknownFormatError). A document
 * from before `cleared_before` existed reads as cleared before 0.
 * @param {any} doc @param {string} [name]
 * @returns {any}
 */
export function readRecords(doc, name = "records") {
  if (doc === null || doc === undefined) return emptyRecords();
  checkFormat(doc, name);
  const isMap = (/** @type {any} */ value) => Boolean(value) && typeof value === "object" && !Array.isArray(value);
  if (!isMap(doc.records) || !isMap(doc.log) || !Array.isArray(doc.deleted)) throw new UnknownFormatError(name);
  return doc;
}

/** @param {any} record @returns {number} when it was seen (a malformed stamp reads as 0) */
const seenAt = (record) => (typeof record?.seen_at === "number" ? record.seen_at : 0);

/**
 * The order of records: oldest first, then by id. The export's hash chain and the limit both follow it.
 * @param {[string, any]} a @param {[string, any]} b
 */
export function recordOrder([idA, a], [idB, b]) {
  return seenAt(a) !== seenAt(b) ? seenAt(a) - seenAt(b) : cmpStr(idA, idB);
}

/**
 * Of two copies of one record (the same post seen on two devices), the one seen last, then the
 * smaller canonical JSON, so every device keeps the same one. The last, not the first: a record
 * goes when it was seen before `cleared_before`, and only the latest sighting decides that the
 * same way whatever the order of merges (a post seen again after a deletion stays, one seen only
 * before it goes everywhere).
 * @param {any} a @param {any} b
 */
function laterCopy(a, b) {
  if (!a || !b) return a || b;
  if (seenAt(a) !== seenAt(b)) return seenAt(a) > seenAt(b) ? a : b;
  return pickStable(a, b);
}

/**
 * Merge two records documents (PROTOCOL §3.4). Per id the copy seen last; a record goes only when
 * its id is tombstoned in `deleted` or it was seen before the later `cleared_before` (the deletion
 * the user confirmed on some device), and past MAX_RECORDS the newest go. Log events are never
 * removed. A join as long as the limit is not reached; at the limit every device still keeps the
 * same oldest records, but one dropped there is not brought back by a later deletion (unless a
 * device still holds it and merges it in again).
 * @param {any} a @param {any} b
 * @returns {any}
 */
export function mergeRecords(a, b) {
  const left = readRecords(a);
  const right = readRecords(b);
  const clearedBefore = Math.max(numberOrZero(left.cleared_before), numberOrZero(right.cleared_before));
  const deleted = unionTags(left.deleted, right.deleted);
  const gone = new Set(deleted);
  /** @type {[string, any][]} */
  const kept = [];
  for (const id of unionTags(Object.keys(left.records), Object.keys(right.records))) {
    const record = laterCopy(left.records[id], right.records[id]);
    if (!gone.has(id) && seenAt(record) >= clearedBefore) kept.push([id, record]);
  }
  const records = Object.fromEntries(kept.sort(recordOrder).slice(0, MAX_RECORDS));
  /** @type {Record<string, any>} */
  const log = {};
  for (const id of unionTags(Object.keys(left.log), Object.keys(right.log))) {
    log[id] = pickStable(left.log[id], right.log[id]);
  }
  return plain({ format: FORMAT, records, log, deleted, cleared_before: clearedBefore });
}

/** @param {any} value @returns {number} */
function numberOrZero(value) {
  return typeof value === "number" ? value : 0;
}

/** The merge function of each synced document, by its name on the server. */
export const MERGERS = Object.freeze({
  blocklist: mergeBlocklist,
  journal: mergeJournal,
  settings: mergeSettings,
  records: mergeRecords,
});
