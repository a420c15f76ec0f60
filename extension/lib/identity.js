// The account rules of common/identity.js for ES modules (one copy shared with content scripts).
import "../common/identity.js";

export const { normaliseHandle, accountKey, accountMatches } = globalThis.NoContactIdentity;
