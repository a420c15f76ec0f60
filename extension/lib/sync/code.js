// The sync code (PROTOCOL §1.4): the sync id, 26 base32 characters, shown in groups of four.

const ID = /^[a-z2-7]{26}$/;

/**
 * Read a sync code as typed or pasted (any case, with or without dashes and spaces); null if invalid.
 * @param {string} code
 * @returns {string|null}
 */
export function parseSyncCode(code) {
  const id = String(code || "")
    .toLowerCase()
    .replace(/[\s-]+/g, "");
  return ID.test(id) ? id : null;
}

/**
 * Show a sync id the way users copy it: groups of four separated by dashes.
 * @param {string} syncId
 * @returns {string}
 */
export function formatSyncCode(syncId) {
  return (syncId.match(/.{1,4}/g) || []).join("-");
}
