// Rule packs (issue 17 part 3; shared/PROTOCOL.md "Rule packs"): newer copies of the site files'
// data, signed by the maintainer, served by the user's own sync server. This module is pure: it
// verifies an envelope's signature with the keys that ship in the extension (keys.js) and checks
// that the pack is plain data in the shape of the site-file type (types/site.d.ts), newer than the
// one in use. The Python side (server/nocontact/rulepack.py) applies the same rules; both run the
// cases of shared/vectors/rule-packs.json.
//
// Envelope: {"pack": {...}, "signature": "<b64u of the raw r||s>", "key_id": "<id>"}; the signature
// is ECDSA P-256 with SHA-256 over canonicalJson(pack): keys sorted (by UTF-16 code units, as
// Array.prototype.sort does), no spaces, UTF-8. Numbers in a pack are integers only, so both
// languages write them the same way.
import { unb64u } from "../base64url.js";

/** The largest envelope taken, in bytes of its JSON text. */
export const MAX_PACK_BYTES = 256 * 1024;
export const PACK_FORMAT = 1;

/** The reasons a pack is refused (the `reason` of rulePackStatus). */
export const REASONS = Object.freeze([
  "too_large",
  "malformed",
  "unknown_key",
  "bad_signature",
  "not_newer",
  "unknown_field",
  "unknown_platform",
  "bad_value",
  "code_like",
]);

// Strings that look like code rather than selectors, patterns or names: a pack is data, and a
// value that could be run somewhere is refused even where nothing would run it today.
export const CODE_LIKE = Object.freeze([
  /javascript\s*:/i,
  /vbscript\s*:/i,
  /data\s*:\s*text\/html/i,
  /=>/,
  /\bfunction\s*\*?\s*\(/i,
  /<\s*\/?\s*script/i,
  /\beval\s*\(/i,
  /\bimport\s*\(/i,
  /\bnew\s+Function\b/i,
  /\bset(?:Timeout|Interval)\s*\(/i,
  /\$\{/,
]);
/** Object keys that are never data (they reach into prototypes). */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// The shape of a site's replaceable data, from types/site.d.ts: for each kind of object, its
// fields and their types ("string", "regex" (a string that compiles), "int", "boolean", another
// kind, [type] for an array of it, or a list of allowed strings), and the required ones. Hosts,
// redirects and the rest stay the built-in site file's: they are the manifest's permissions.
/** @typedef {string | string[] | {of: any}} FieldType */
/** @type {Record<string, {fields: Record<string, any>, required: string[]}>} */
export const SHAPES = {
  site: { fields: { dom: "dom", profiles: { of: "profile" }, health: "health" }, required: [] },
  dom: {
    fields: {
      items: { of: "item" },
      attributes: { of: "string" },
      navigationEvents: { of: "string" },
      unblockControls: { of: "control" },
    },
    required: ["items"],
  },
  item: {
    fields: {
      kind: ["post", "reply", "comment", "repost", "quote", "user", "suggestion", "placeholder"],
      selector: "string",
      hide: "string",
      authors: { of: "reader" },
      permalink: "permalink",
      messages: ["row", "conversation"],
    },
    required: ["kind", "selector", "authors"],
  },
  reader: {
    fields: {
      selector: "string",
      attr: "string",
      pattern: "regex",
      as: ["handle", "id", "either"],
      notInside: "string",
      first: "boolean",
    },
    required: ["attr", "pattern", "as"],
  },
  permalink: { fields: { selector: "string", attr: "string", template: "string" }, required: ["attr"] },
  control: {
    fields: { selector: "string", where: "regex", row: "string", authors: { of: "reader" }, page: "boolean" },
    required: ["selector"],
  },
  profile: {
    fields: {
      pattern: "regex",
      param: "string",
      value: "regex",
      handle: "int",
      id: "int",
      domain: "int",
      idIf: "regex",
      reserved: { of: "string" },
    },
    required: ["pattern"],
  },
  health: { fields: { itemPages: { of: "regex" } }, required: ["itemPages"] },
};

const PACK_FIELDS = ["format", "version", "date", "sites"];
const ENVELOPE_FIELDS = ["pack", "signature", "key_id"];

/** @param {any} value */
const isObject = (value) => value !== null && typeof value === "object" && !Array.isArray(value);

/**
 * The canonical text of a JSON value: keys sorted by UTF-16 code units, no spaces. Numbers must be
 * safe integers (a pack holds no others).
 * @param {any} value @returns {string}
 */
export function canonicalJson(value) {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (isObject(value)) {
    const keys = Object.keys(value).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${canonicalJson(value[key])}`).join(",")}}`;
  }
  if (typeof value === "number" && !Number.isSafeInteger(value)) throw new TypeError("not an integer");
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return JSON.stringify(value);
  }
  throw new TypeError("not plain data");
}

/** @param {string} reason @param {string} [where] */
const refuse = (reason, where = "") => ({ ok: /** @type {const} */ (false), reason, where });

/**
 * Check plain data everywhere: only strings, safe integers, booleans, arrays and objects; no
 * prototype keys; no string that looks like code.
 * @param {any} value @param {string} where
 * @returns {{reason: string, where: string} | null}
 */
function plainDataProblem(value, where) {
  if (typeof value === "string") {
    return CODE_LIKE.some((form) => form.test(value)) ? { reason: "code_like", where } : null;
  }
  if (typeof value === "boolean") return null;
  if (typeof value === "number") return Number.isSafeInteger(value) ? null : { reason: "bad_value", where };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = plainDataProblem(value[i], `${where}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (isObject(value)) {
    for (const key of Object.keys(value)) {
      if (FORBIDDEN_KEYS.has(key)) return { reason: "code_like", where: `${where}.${key}` };
      const keyProblem = plainDataProblem(key, `${where}.${key}`);
      if (keyProblem) return keyProblem;
      const found = plainDataProblem(value[key], `${where}.${key}`);
      if (found) return found;
    }
    return null;
  }
  return { reason: "bad_value", where };
}

/**
 * Check `value` against a field type of SHAPES.
 * @param {any} value @param {any} type @param {string} where
 * @returns {{reason: string, where: string} | null}
 */
function typeProblem(value, type, where) {
  const bad = { reason: "bad_value", where };
  if (Array.isArray(type)) return type.includes(value) ? null : bad;
  if (isObject(type)) {
    if (!Array.isArray(value)) return bad;
    for (let i = 0; i < value.length; i++) {
      const found = typeProblem(value[i], type.of, `${where}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (type === "string") return typeof value === "string" ? null : bad;
  if (type === "boolean") return typeof value === "boolean" ? null : bad;
  if (type === "int") return Number.isSafeInteger(value) && value >= 0 && value <= 99 ? null : bad;
  if (type === "regex") {
    if (typeof value !== "string") return bad;
    try {
      new RegExp(value);
      return null;
    } catch {
      return bad;
    }
  }
  const shape = SHAPES[type];
  if (!isObject(value)) return bad;
  for (const key of Object.keys(value)) {
    if (!Object.hasOwn(shape.fields, key)) return { reason: "unknown_field", where: `${where}.${key}` };
  }
  for (const key of shape.required) {
    if (!Object.hasOwn(value, key)) return { reason: "bad_value", where: `${where}.${key}` };
  }
  for (const [key, field] of Object.entries(shape.fields)) {
    if (!Object.hasOwn(value, key)) continue;
    const found = typeProblem(value[key], field, `${where}.${key}`);
    if (found) return found;
  }
  return null;
}

/**
 * Whether a verified pack may replace the rules in use: its header, its version, its platforms,
 * every value plain data in the site-file shape.
 * @param {any} pack
 * @param {{platforms: readonly string[], appliedVersion?: number}} context
 * @returns {{reason: string, where: string} | null} null when it may
 */
export function packProblem(pack, { platforms, appliedVersion = 0 }) {
  if (!isObject(pack)) return { reason: "malformed", where: "pack" };
  for (const key of Object.keys(pack)) {
    if (!PACK_FIELDS.includes(key)) return { reason: "unknown_field", where: `pack.${key}` };
  }
  if (pack.format !== PACK_FORMAT) return { reason: "malformed", where: "pack.format" };
  if (!Number.isSafeInteger(pack.version) || pack.version < 1) return { reason: "malformed", where: "pack.version" };
  if (typeof pack.date !== "string" || !/^\d{4}-\d{2}-\d{2}(?:T[0-9:.]+Z)?$/.test(pack.date)) {
    return { reason: "malformed", where: "pack.date" };
  }
  if (!isObject(pack.sites)) return { reason: "malformed", where: "pack.sites" };
  if (pack.version <= appliedVersion) return { reason: "not_newer", where: "pack.version" };
  const plain = plainDataProblem(pack.sites, "pack.sites");
  if (plain) return plain;
  for (const [platform, site] of Object.entries(pack.sites)) {
    if (!platforms.includes(platform)) return { reason: "unknown_platform", where: `pack.sites.${platform}` };
    const found = typeProblem(site, "site", `pack.sites.${platform}`);
    if (found) return found;
  }
  return null;
}

/**
 * Import the shipped public keys (JWK, P-256) for verifying.
 * @param {readonly {key_id: string, jwk: JsonWebKey}[]} keys
 */
async function keyFor(keys, keyId) {
  const entry = keys.find((known) => known.key_id === keyId);
  if (!entry) return null;
  const { kty, crv, x, y } = entry.jwk;
  return crypto.subtle.importKey("jwk", { kty, crv, x, y }, { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
}

/**
 * Verify and check a rule-pack envelope as served by GET /v1/rules.
 * @param {string} text the envelope's JSON text
 * @param {{keys: readonly {key_id: string, jwk: JsonWebKey}[], platforms: readonly string[], appliedVersion?: number}} context
 * @returns {Promise<{ok: true, pack: any, keyId: string} | {ok: false, reason: string, where: string}>}
 */
export async function verifyEnvelope(text, { keys, platforms, appliedVersion = 0 }) {
  if (typeof text !== "string") return refuse("malformed");
  if (new TextEncoder().encode(text).length > MAX_PACK_BYTES) return refuse("too_large");
  let envelope;
  try {
    envelope = JSON.parse(text);
  } catch {
    return refuse("malformed");
  }
  if (!isObject(envelope) || Object.keys(envelope).some((key) => !ENVELOPE_FIELDS.includes(key))) {
    return refuse("malformed", "envelope");
  }
  const { pack, signature, key_id: keyId } = envelope;
  if (!isObject(pack) || typeof signature !== "string" || typeof keyId !== "string") {
    return refuse("malformed", "envelope");
  }
  const key = await keyFor(keys, keyId);
  if (!key) return refuse("unknown_key", "key_id");
  let bytes, raw;
  try {
    bytes = new TextEncoder().encode(canonicalJson(pack));
    raw = unb64u(signature);
  } catch {
    return refuse("malformed", "pack");
  }
  const good = raw.length === 64 && (await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, key, raw, bytes));
  if (!good) return refuse("bad_signature", "signature");
  const problem = packProblem(pack, { platforms, appliedVersion });
  if (problem) return refuse(problem.reason, problem.where);
  return { ok: true, pack, keyId };
}
