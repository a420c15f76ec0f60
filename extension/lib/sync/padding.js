// Padding of a document's plaintext before encryption (PROTOCOL §1.3). Without it the size of the
// ciphertext tells the service how many people are on the list (about 450 bytes each) and how many
// moments the journal holds. The JSON is followed by spaces up to the next size bucket: 4 KiB,
// 8 KiB ... 64 KiB, then every further 64 KiB (so a document near the service's size limit is never
// doubled past it). JSON allows whitespace after the value, so every reader, old ones included,
// parses a padded document as it is.

export const PAD_MIN_BYTES = 4096;
export const PAD_STEP_BYTES = 65536;
const SPACE = 0x20;

/**
 * The size a plaintext of `length` bytes is padded to.
 * @param {number} length
 * @returns {number}
 */
export function paddedLength(length) {
  if (length > PAD_STEP_BYTES) return Math.ceil(length / PAD_STEP_BYTES) * PAD_STEP_BYTES;
  let size = PAD_MIN_BYTES;
  while (size < length) size *= 2;
  return size;
}

/**
 * The plaintext followed by spaces up to its bucket.
 * @param {Uint8Array} plaintext UTF-8 JSON
 * @returns {Uint8Array<ArrayBuffer>}
 */
export function pad(plaintext) {
  const out = new Uint8Array(paddedLength(plaintext.length));
  out.set(plaintext);
  out.fill(SPACE, plaintext.length);
  return out;
}
