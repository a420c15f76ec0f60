// Who an account is, written one way everywhere: the rules that decide whether two spellings name
// the same person. A classic script that only touches globalThis, loaded by content scripts and
// imported (through lib/identity.js) by the background and pages, so both worlds share one copy.
"use strict";

(() => {
  if (globalThis.NoContactIdentity) return;

  /**
   * Handles compare without case and without a leading "@". A fediverse handle is user@instance,
   * so a local one is qualified with the instance it was seen on.
   * @param {string|null|undefined} handle
   * @param {string|null} [instance] the account's instance (fediverse sites only)
   * @returns {string|null}
   */
  function normaliseHandle(handle, instance = null) {
    if (!handle) return null;
    let h = String(handle).trim().toLowerCase().replace(/^@/, "");
    if (instance && h && !h.includes("@")) h = `${h}@${String(instance).toLowerCase()}`;
    return h || null;
  }

  /**
   * The account key of PROTOCOL §3.1: by stable id when known, else by normalised handle.
   * @param {{platform: string, handle?: string|null, id?: string|null, instance?: string|null}} account
   * @returns {string}
   */
  function accountKey(account) {
    if (account.id) return `${account.platform}:id:${account.id}`;
    return `${account.platform}:h:${normaliseHandle(account.handle, account.instance)}`;
  }

  /**
   * Whether a page's match (a handle or an id, as content scripts report it) names this account.
   * @param {{platform: string, handle?: string|null, id?: string|null, instance?: string|null}} account
   * @param {string} platform
   * @param {{handle?: string, id?: string}} key
   */
  function accountMatches(account, platform, key) {
    if (account.platform !== platform) return false;
    const handle = key.handle ? normaliseHandle(key.handle) : null;
    if (handle && normaliseHandle(account.handle, account.instance) === handle) return true;
    return Boolean(key.id && account.id === String(key.id));
  }

  globalThis.NoContactIdentity = { normaliseHandle, accountKey, accountMatches };
})();
