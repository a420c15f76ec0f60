// Unpadded base64url, the encoding of every binary field in the sync protocol (PROTOCOL §1).
// The browsers' own Uint8Array.toBase64/fromBase64 where they exist: a document of a thousand people
// is half a megabyte of ciphertext, and the byte-by-byte string route took 50 ms of the 100 ms an
// encrypt and decrypt cost there (BENCHMARKS.md, "Crypto"); the route below is the fallback.

/** @type {any} */
const NativeBytes = Uint8Array;

/** @param {Uint8Array} bytes @returns {string} */
export function b64u(bytes) {
  if (typeof (/** @type {any} */ (bytes).toBase64) === "function") {
    return /** @type {any} */ (bytes).toBase64({ alphabet: "base64url", omitPadding: true });
  }
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/**
 * Decode strictly: padding or characters outside the alphabet are an error, not silently dropped.
 * @param {string} text @returns {Uint8Array<ArrayBuffer>}
 */
export function unb64u(text) {
  if (typeof text !== "string" || !/^[A-Za-z0-9_-]*$/.test(text) || text.length % 4 === 1) {
    throw new TypeError("not unpadded base64url");
  }
  if (typeof NativeBytes.fromBase64 === "function") {
    // "loose": no padding needed (the check above already refused everything else).
    return NativeBytes.fromBase64(text, { alphabet: "base64url", lastChunkHandling: "loose" });
  }
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
