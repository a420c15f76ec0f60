// Passphrases for a sync: a generated one from our word list, or the user's own, refused when weak.
// The passphrase is the only thing between the server's copy and whoever holds the database, so a
// weak one is refused with a reason rather than accepted with a warning.
import { WORDS } from "./wordlist.js";

/** How many words a generated passphrase has: 7 × log2(6106) ≈ 88 bits. */
export const GENERATED_WORDS = 7;

/** Below this many estimated bits a typed passphrase is refused. */
export const MIN_BITS = 60;

/**
 * A uniformly random index below `n` (rejection sampling, no modulo bias).
 * @param {number} n
 * @returns {number}
 */
function randomIndex(n) {
  const limit = Math.floor(0x100000000 / n) * n;
  const buf = new Uint32Array(1);
  for (;;) {
    globalThis.crypto.getRandomValues(buf);
    if (buf[0] < limit) return buf[0] % n;
  }
}

/**
 * Suggest a passphrase of random words separated by spaces.
 * @param {number} [count]
 * @returns {string}
 */
export function generatePassphrase(count = GENERATED_WORDS) {
  return Array.from({ length: count }, () => WORDS[randomIndex(WORDS.length)]).join(" ");
}

const WORD_SET = new Set(WORDS);

/**
 * A cautious estimate of the bits of a passphrase: exact for our generated ones, halved character
 * entropy for anything else (people choose far less randomly than the character set suggests).
 * @param {string} passphrase
 * @returns {number}
 */
export function estimateBits(passphrase) {
  const text = passphrase.normalize("NFKC").trim();
  const tokens = text
    .toLowerCase()
    .split(/[\s\-_.]+/)
    .filter(Boolean);
  if (tokens.length && tokens.every((t) => WORD_SET.has(t))) {
    // Repeated words add nothing.
    return new Set(tokens).size * Math.log2(WORDS.length);
  }
  let pool = 0;
  if (/[a-z]/.test(text)) pool += 26;
  if (/[A-Z]/.test(text)) pool += 26;
  if (/[0-9]/.test(text)) pool += 10;
  if (/[^A-Za-z0-9]/.test(text)) pool += 33;
  return pool ? (text.length * Math.log2(pool)) / 2 : 0;
}

/**
 * Why a passphrase is too weak, as a message key, or null when it is strong enough.
 * @param {string} passphrase
 * @returns {null|"sync_weak_short"|"sync_weak_repetitive"|"sync_weak_guessable"}
 */
export function passphraseProblem(passphrase) {
  const text = (passphrase || "").normalize("NFKC").trim();
  if (text.length < 16) return "sync_weak_short";
  if (new Set(text.toLowerCase().replace(/\s/g, "")).size < 8) return "sync_weak_repetitive";
  if (estimateBits(text) < MIN_BITS) return "sync_weak_guessable";
  return null;
}
