// Which local changes go up at once, and which wait (SECURITY.md, "What the operator can see").
//
// The service sees when each document is written. A change to the journal alone is an interrupted
// attempt or a choice in the flow: pushed at once, its moment would tell the operator (or whoever
// reads the server) when the user was tempted. So a journal change waits a random 10 to 30 minutes,
// unless another document goes up first, and then it goes with it; a sealed record likewise (its
// moment would tell when a listed person's post was on the user's screen). The periodic rounds
// (every 30 s) and "Sync now" still fetch and merge these documents; they send this device's
// changes to them only once their moment has come. Setting up, joining and a passphrase change
// send everything.

/** The documents whose own changes wait (a new document that records moments belongs here too). */
export const BATCHED_DOCS = Object.freeze(["journal", "records"]);
export const BATCH_MIN_MS = 10 * 60 * 1000;
export const BATCH_MAX_MS = 30 * 60 * 1000;

/**
 * A random wait between BATCH_MIN_MS and BATCH_MAX_MS.
 * @param {() => number} [random] a number in [0, 1); by default from the system's random source
 * @returns {number} milliseconds
 */
export function batchDelay(random = systemRandom) {
  return BATCH_MIN_MS + Math.floor(random() * (BATCH_MAX_MS - BATCH_MIN_MS));
}

function systemRandom() {
  return crypto.getRandomValues(new Uint32Array(1))[0] / 2 ** 32;
}

/**
 * Whether a change to these storage keys should be pushed soon: a synced document that does not
 * wait changed (`doc.<name>` keys; anything else is not synced).
 * @param {string[]} keys
 */
export function pushesSoon(keys) {
  return keys.some((key) => key.startsWith("doc.") && !BATCHED_DOCS.includes(key.slice(4)));
}
