// Pure merge of the three synced documents (shared/PROTOCOL.md §3).
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

const PERSON_REGISTERS = ["label", "note", "names"];

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

/** The merge function of each synced document, by its name on the server. */
export const MERGERS = Object.freeze({
  blocklist: mergeBlocklist,
  journal: mergeJournal,
  settings: mergeSettings,
});
