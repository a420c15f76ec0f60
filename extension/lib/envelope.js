// The crypto envelope of PROTOCOL §1 with WebCrypto only (browsers and Node 20). The Python client
// has the twin in server/nocontact/client/envelope.py; both pass shared/vectors/envelope.json.
// Every failure is an EnvelopeError with a code, so callers can tell a wrong passphrase from a
// tampered document or an unknown format, and keep their local data in every case.
import { b64u, unb64u } from "./base64url.js";

/** @typedef {Uint8Array<ArrayBuffer>} Bytes bytes WebCrypto accepts (not a view of a shared buffer) */

export const VERSION = 1;
export const KDF_ALG = "PBKDF2-SHA256";
export const MIN_ITERATIONS = 600000;
export const MAX_ITERATIONS = 10000000;
const DATAKEY_AAD = "nocontact/v1/datakey";
const subtle = globalThis.crypto.subtle;
const utf8 = new TextEncoder();

/** @typedef {{alg: string, iterations: number, salt: string}} Kdf */
/** @typedef {{v: number, iv: string, ct: string}} Envelope */
/** @typedef {"weak_kdf"|"wrong_passphrase"|"tampered"|"unsupported_version"} EnvelopeErrorCode */

export class EnvelopeError extends Error {
  /** @param {EnvelopeErrorCode} code @param {string} message */
  constructor(code, message) {
    super(message);
    this.name = "EnvelopeError";
    this.code = code;
  }
}

/** @returns {Kdf} fresh parameters with a random salt */
export function newKdf() {
  return { alg: KDF_ALG, iterations: MIN_ITERATIONS, salt: b64u(crypto.getRandomValues(new Uint8Array(16))) };
}

/**
 * Refuse weak or unknown parameters, so a server cannot lower the work factor.
 * @param {unknown} kdf @returns {{salt: Bytes, iterations: number}}
 */
export function checkKdf(kdf) {
  const k = /** @type {any} */ (kdf);
  if (!k || typeof k !== "object" || k.alg !== KDF_ALG) {
    throw new EnvelopeError("weak_kdf", "unknown key derivation algorithm");
  }
  if (!Number.isInteger(k.iterations) || k.iterations < MIN_ITERATIONS || k.iterations > MAX_ITERATIONS) {
    throw new EnvelopeError("weak_kdf", `iterations must be ${MIN_ITERATIONS} to ${MAX_ITERATIONS}`);
  }
  let salt;
  try {
    salt = unb64u(k.salt);
  } catch {
    throw new EnvelopeError("weak_kdf", "the salt is not base64url");
  }
  if (salt.length !== 16) throw new EnvelopeError("weak_kdf", "the salt must be 16 bytes");
  return { salt, iterations: k.iterations };
}

/** @param {string} passphrase @param {Kdf} kdf @returns {Promise<Bytes>} */
export async function masterKey(passphrase, kdf) {
  const { salt, iterations } = checkKdf(kdf);
  const base = await subtle.importKey("raw", utf8.encode(passphrase.normalize("NFKC")), "PBKDF2", false, [
    "deriveBits",
  ]);
  return new Uint8Array(await subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, base, 256));
}

/** @param {Bytes} master @param {string} info @returns {Promise<Bytes>} */
export async function subkey(master, info) {
  const base = await subtle.importKey("raw", master, "HKDF", false, ["deriveBits"]);
  const params = { name: "HKDF", hash: "SHA-256", salt: new Uint8Array(0), info: utf8.encode(info) };
  return new Uint8Array(await subtle.deriveBits(params, base, 256));
}

/**
 * The auth key (sent to the server) and the key-encryption key (never leaves the device).
 * @param {string} passphrase @param {Kdf} kdf @returns {Promise<{authKey: Bytes, kek: Bytes}>}
 */
export async function deriveKeys(passphrase, kdf) {
  const master = await masterKey(passphrase, kdf);
  return { authKey: await subkey(master, "nocontact/v1/auth"), kek: await subkey(master, "nocontact/v1/kek") };
}

/** @param {Bytes} raw */
function aesKey(raw) {
  return subtle.importKey("raw", raw, "AES-GCM", false, ["encrypt", "decrypt"]);
}

/**
 * AES-256-GCM under a fresh random IV (a fixed IV is only for test vectors).
 * @param {Bytes} key @param {Bytes} plaintext @param {string} aad @param {Bytes} [iv]
 * @returns {Promise<Envelope>}
 */
export async function seal(key, plaintext, aad, iv = crypto.getRandomValues(new Uint8Array(12))) {
  const ct = await subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: utf8.encode(aad) },
    await aesKey(key),
    plaintext,
  );
  return { v: VERSION, iv: b64u(iv), ct: b64u(new Uint8Array(ct)) };
}

/**
 * @param {Bytes} key @param {unknown} envelope @param {string} aad @param {EnvelopeErrorCode} failure
 * @returns {Promise<Bytes>}
 */
async function open(key, envelope, aad, failure) {
  const e = /** @type {any} */ (envelope);
  if (!e || typeof e !== "object" || e.v !== VERSION) {
    throw new EnvelopeError("unsupported_version", "this envelope has a format version this client does not know");
  }
  let iv, ct;
  try {
    iv = unb64u(e.iv);
    ct = unb64u(e.ct);
  } catch {
    throw new EnvelopeError(failure, "the envelope is malformed");
  }
  if (iv.length !== 12) throw new EnvelopeError(failure, "the envelope is malformed");
  try {
    return new Uint8Array(
      await subtle.decrypt({ name: "AES-GCM", iv, additionalData: utf8.encode(aad) }, await aesKey(key), ct),
    );
  } catch {
    throw new EnvelopeError(
      failure,
      failure === "wrong_passphrase"
        ? "the passphrase does not open this sync"
        : "the document was altered or belongs elsewhere",
    );
  }
}

/** @param {Bytes} kek @param {Bytes} dataKey @param {Bytes} [iv] */
export function wrapDataKey(kek, dataKey, iv) {
  return seal(kek, dataKey, DATAKEY_AAD, iv);
}

/** A failure means the passphrase is wrong. @param {Bytes} kek @param {unknown} wrapped */
export function unwrapDataKey(kek, wrapped) {
  return open(kek, wrapped, DATAKEY_AAD, "wrong_passphrase");
}

/** @param {string} syncId @param {string} name */
export function documentAad(syncId, name) {
  return `nocontact/v1/doc/${syncId}/${name}`;
}

/**
 * @param {Bytes} dataKey @param {string} syncId @param {string} name @param {object} doc
 * @param {Bytes} [iv]
 */
export function encryptDocument(dataKey, syncId, name, doc, iv) {
  return seal(dataKey, utf8.encode(JSON.stringify(doc)), documentAad(syncId, name), iv);
}

/**
 * Decrypt a document; throws instead of returning anything that could overwrite local data.
 * @param {Bytes} dataKey @param {string} syncId @param {string} name @param {unknown} envelope
 * @returns {Promise<any>}
 */
export async function decryptDocument(dataKey, syncId, name, envelope) {
  const plaintext = await open(dataKey, envelope, documentAad(syncId, name), "tampered");
  let doc;
  try {
    doc = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(plaintext));
  } catch {
    throw new EnvelopeError("tampered", "the document is not JSON");
  }
  if (!doc || typeof doc !== "object" || doc.format !== VERSION) {
    throw new EnvelopeError("unsupported_version", "this document has a format this client does not know");
  }
  return doc;
}
