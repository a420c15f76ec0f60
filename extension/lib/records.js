// The sealed records (PROTOCOL §3.4): what a listed person posted where the user would have seen it,
// kept without being shown, for an advocate or a court. Pure functions over the document, so the
// background and the tests share every rule: record ids (one per post, whichever device saw it),
// the limit, the deletion that reaches every device, what the options page may show without
// opening the sealed box, and the export with its hash chain. The merge (nothing but a typed
// deletion ever removes a record) is in merge.js with the other synced documents'.
import { canonical, emptyRecords, MAX_RECORDS, mergeRecords, readRecords, recordOrder } from "./merge.js";

// The merge and the limit live with the other documents' merges (the sync engine needs them).
export { emptyRecords, MAX_RECORDS, mergeRecords };

/** Bytes of the document's JSON at most (it must travel under the service's records budget). */
export const MAX_BYTES = 2_500_000;
/** Characters of a post's text kept. */
export const MAX_TEXT = 2000;

/**
 * @typedef {{kind: "captured"|"saved", site: string, url: string, seen_at: number, author: string,
 *   text: string, person: string|null}} SealedRecord
 * @typedef {{at: number, kind: "opened"|"exported"|"deleted", count: number}} LogEvent
 * @typedef {{format: 1, records: Record<string, SealedRecord>, log: Record<string, LogEvent>,
 *   deleted: string[], cleared_before?: number}} RecordsDoc
 */

/** @param {string} text @returns {Promise<string>} SHA-256 as lower-case hex */
export async function sha256(text) {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text));
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * The id of a captured post: the same post seen on two devices is one record.
 * @param {string} site @param {string} url
 */
export async function capturedId(site, url) {
  return `${site}:${(await sha256(`${site} ${url}`)).slice(0, 32)}`;
}

/** A post's text as kept: whitespace folded, at most MAX_TEXT characters. @param {string} text */
export function cleanText(text) {
  return String(text || "")
    .replace(/\s+/g, " ")
    .trim()
    .slice(0, MAX_TEXT);
}

/**
 * Whether another record fits (how many there are, and how large the document is).
 * @param {RecordsDoc} doc
 * @returns {"ok" | "full"}
 */
export function room(doc) {
  if (Object.keys(doc.records).length >= MAX_RECORDS) return "full";
  return JSON.stringify(doc).length >= MAX_BYTES ? "full" : "ok";
}

/**
 * Keep one record (a post seen and hidden, or a page saved by hand). An id already kept, or
 * deleted, changes nothing; a full record keeps what it has.
 * @param {RecordsDoc} doc @param {string} id @param {SealedRecord} record
 * @returns {{doc: RecordsDoc, added: boolean, full: boolean}}
 */
export function keep(doc, id, record) {
  const current = readRecords(doc);
  const deleted = current.deleted.includes(id) || record.seen_at < (current.cleared_before ?? 0);
  if (current.records[id] || deleted) return { doc: current, added: false, full: false };
  if (room(current) === "full") return { doc: current, added: false, full: true };
  const next = structuredClone(current);
  next.records[id] = { ...record, text: cleanText(record.text) };
  return { doc: next, added: true, full: false };
}

/**
 * Add one event to the access log.
 * @param {RecordsDoc} doc @param {string} eventId @param {LogEvent} event
 */
export function logEvent(doc, eventId, event) {
  const next = structuredClone(readRecords(doc));
  next.log[eventId] = event;
  return next;
}

/**
 * Delete every record (after the user typed their confirmation), on every device: `cleared_before`
 * becomes now, so a record seen before now goes wherever it is kept, including ones this device has
 * not received yet. A record stamped later than now (a device whose clock runs ahead) is
 * tombstoned by id, so all that was shown goes. The deletion is logged.
 * @param {RecordsDoc} doc @param {string} eventId @param {number} now
 * @returns {RecordsDoc}
 */
export function clearRecords(doc, eventId, now) {
  const current = readRecords(doc);
  const clearedBefore = Math.max(current.cleared_before ?? 0, now);
  const ahead = Object.keys(current.records).filter((id) => current.records[id].seen_at >= clearedBefore);
  const next = mergeRecords(
    { ...current, deleted: [...current.deleted, ...ahead], cleared_before: clearedBefore },
    null,
  );
  next.log[eventId] = { at: now, kind: "deleted", count: Object.keys(current.records).length };
  return next;
}

/**
 * The records oldest first (the order of the export and of its hash chain).
 * @param {RecordsDoc} doc @returns {[string, SealedRecord][]}
 */
export function inOrder(doc) {
  return Object.entries(readRecords(doc).records).sort(recordOrder);
}

/**
 * What the options page may show without opening the sealed box: counts, and addresses with times.
 * Never the text.
 * @param {RecordsDoc} doc @param {number} now
 */
export function summary(doc, now) {
  const all = inOrder(doc);
  const week = now - 7 * 24 * 3600 * 1000;
  const events = Object.values(readRecords(doc).log);
  return {
    count: all.length,
    thisWeek: all.filter(([, r]) => r.seen_at >= week).length,
    opened: events.filter((e) => e.kind === "opened").length,
    full: room(readRecords(doc)) === "full",
    addresses: all.map(([id, r]) => ({ id, site: r.site, url: r.url, seenAt: r.seen_at, kind: r.kind })),
    log: events.sort((a, b) => b.at - a.at),
  };
}

/**
 * One exported row: the record's fields and its own hash, and the chain hash up to it. The chain
 * is SHA-256(previous chain hash + this record's hash), starting from 64 zeros: editing, adding
 * or removing any row changes every chain hash after it.
 * @typedef {{id: string, site: string, url: string, seenAt: number, author: string, text: string,
 *   kind: string, hash: string, chain: string}} ExportRow
 */

/** @param {string} id @param {SealedRecord} r the canonical bytes a record's hash is taken over */
function hashed(id, r) {
  return canonical({ id, site: r.site, url: r.url, seen_at: r.seen_at, author: r.author, text: r.text, kind: r.kind });
}

/** @param {RecordsDoc} doc @returns {Promise<ExportRow[]>} */
export async function exportRows(doc) {
  let chain = "0".repeat(64);
  /** @type {ExportRow[]} */
  const rows = [];
  for (const [id, r] of inOrder(doc)) {
    const hash = await sha256(hashed(id, r));
    chain = await sha256(chain + hash);
    rows.push({
      id,
      site: r.site,
      url: r.url,
      seenAt: r.seen_at,
      author: r.author,
      text: r.text,
      kind: r.kind,
      hash,
      chain,
    });
  }
  return rows;
}

/**
 * Check an export's hashes: the index of the first row whose record or chain does not match, or -1.
 * @param {ExportRow[]} rows
 */
export async function firstBrokenRow(rows) {
  let chain = "0".repeat(64);
  for (const [i, row] of rows.entries()) {
    const record = {
      site: row.site,
      url: row.url,
      seen_at: row.seenAt,
      author: row.author,
      text: row.text,
      kind: row.kind,
    };
    const hash = await sha256(hashed(row.id, /** @type {SealedRecord} */ ({ ...record, person: null })));
    chain = await sha256(chain + hash);
    if (hash !== row.hash || chain !== row.chain) return i;
  }
  return -1;
}

/** @param {string} value one CSV field, quoted (RFC 4180) */
const csvField = (value) => `"${String(value).replace(/"/g, '""')}"`;

/**
 * The CSV export: a header line, then one row per record, oldest first.
 * @param {ExportRow[]} rows @param {(at: number) => string} localTime
 */
export function toCsv(rows, localTime) {
  const head = [
    "site",
    "address",
    "seen (local time)",
    "seen (UTC)",
    "author",
    "text",
    "kind",
    "record sha256",
    "chain sha256",
  ];
  const lines = rows.map((r) =>
    [r.site, r.url, localTime(r.seenAt), new Date(r.seenAt).toISOString(), r.author, r.text, r.kind, r.hash, r.chain]
      .map(csvField)
      .join(","),
  );
  return `${[head.map(csvField).join(","), ...lines].join("\r\n")}\r\n`;
}

/** @param {string} text escaped for HTML text and attributes */
export const escapeHtml = (text) =>
  String(text).replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] || c,
  );
