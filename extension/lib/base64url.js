// Unpadded base64url, the encoding of every binary field in the sync protocol (PROTOCOL §1).

/** @param {Uint8Array} bytes @returns {string} */
export function b64u(bytes) {
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
  const binary = atob(text.replace(/-/g, "+").replace(/_/g, "/") + "=".repeat((4 - (text.length % 4)) % 4));
  return Uint8Array.from(binary, (c) => c.charCodeAt(0));
}
