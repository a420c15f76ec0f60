// The shape every stored document must have before it is trusted (the required fields of
// shared/schemas/<name>.schema.json, checked by type only). Deep validation is the merge's job; this
// only tells a document the background can work with from one that storage damaged or that something
// other than the background wrote (a string, an array, a half-written object).

/** @typedef {"object" | "array" | "number"} FieldType */

/** @type {Record<string, Record<string, FieldType>>} the required fields of each document */
const REQUIRED = {
  blocklist: { people: "object", removed: "array", pending: "object" },
  journal: { events: "object", cleared_before: "number" },
  settings: { values: "object" },
  records: { records: "object", log: "object", deleted: "array" },
};

/** @type {Record<string, Record<string, FieldType>>} fields that may be absent but, when present, have a type */
const OPTIONAL = {
  blocklist: { sites: "object", paused: "object" },
};

/** @param {any} value @param {FieldType} type */
function hasType(value, type) {
  if (type === "array") return Array.isArray(value);
  if (type === "number") return typeof value === "number" && Number.isFinite(value);
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * Why `doc` cannot be the document `name`, or null when it can.
 * @param {string} name "blocklist" | "journal" | "settings" | "records"
 * @param {any} doc
 * @returns {string | null}
 */
export function docShapeError(name, doc) {
  const required = REQUIRED[name];
  if (!required) return `no document called ${name}`;
  if (!hasType(doc, "object")) return `${name} is not an object`;
  if (doc.format !== 1) return `${name} has format ${String(doc.format)}`;
  for (const [field, type] of Object.entries(required)) {
    if (!hasType(doc[field], type)) return `${name}.${field} is not a ${type}`;
  }
  for (const [field, type] of Object.entries(OPTIONAL[name] ?? {})) {
    if (field in doc && !hasType(doc[field], type)) return `${name}.${field} is not a ${type}`;
  }
  return null;
}

/** The document names there are. */
export const DOC_NAMES = Object.freeze(Object.keys(REQUIRED));
