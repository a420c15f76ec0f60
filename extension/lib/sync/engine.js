// The sync service: encrypts before upload, decrypts and merges after download (bitwarden-style split:
// the documents live in a `store`, the HTTP client knows only routes, crypto is passed in).
//
// Safety rules this file exists to keep:
// - every changed remote document is fetched AND decrypted AND understood before anything local is
//   written; a document that cannot be read stops the whole round and local data stays as it was;
// - local data is only ever replaced by merge(local, remote), never by remote alone, so a sync can add
//   but never silently drop what this device has;
// - what another device wrote is accepted through the guard (accept.js): a removal, a pause or a
//   site switched off that is not due here waits its cooling-off instead of taking effect;
// - a document this device could not read is never overwritten on the server either;
// - a change to the journal alone waits a random while before it goes up (batching.js), so the
//   moments of writes do not tell the server when the user was tempted.
import { canonical, MERGERS, UnknownFormatError } from "../merge.js";
import { acceptRemote, coolingOffHoursOf } from "./accept.js";
import { BATCHED_DOCS, batchDelay } from "./batching.js";
import { SyncError, TRANSIENT } from "./client.js";
import { parseSyncCode } from "./code.js";

/**
 * The synced documents, in the order they are reconciled. A document the service lists under
 * another name (one a later version syncs) is left alone, except that a passphrase change
 * re-encrypts it as it is.
 */
export const DOC_NAMES = /** @type {const} */ (["blocklist", "journal", "settings", "records"]);

/** How many times one document is re-merged after a 412 before the round gives up. */
export const MAX_CONFLICT_RETRIES = 4;

/** Backoff after a transient failure: 30 s, 1 min, 2 min ... at most one hour. */
export const BACKOFF_BASE_MS = 30_000;
export const BACKOFF_MAX_MS = 3_600_000;

/**
 * What the engine needs from the crypto envelope (PROTOCOL §1). Keys cross this boundary as b64u
 * strings so that they can be kept in extension storage between service-worker lives.
 * @typedef {object} SyncCrypto
 * @property {() => any} newKdf fresh KDF parameters (new random salt)
 * @property {(passphrase: string, kdf: any) => Promise<{authKey: string, kek: any}>} deriveKeys
 *   throws with code "weak_kdf" for parameters weaker than the protocol allows
 * @property {() => string} newDataKey
 * @property {(kek: any, dataKey: string) => Promise<any>} wrapDataKey
 * @property {(kek: any, wrapped: any) => Promise<string>} unwrapDataKey throws when the key does not fit
 * @property {(dataKey: string, syncId: string, name: string, doc: any) => Promise<any>} encryptDocument
 * @property {(dataKey: string, syncId: string, name: string, envelope: any) => Promise<any>} decryptDocument
 *   throws with code "unknown_format" for an envelope version it does not know
 */

/**
 * Where the engine reads and writes. The background implements it over chrome.storage.local; tests
 * over a Map.
 * @typedef {object} SyncStore
 * @property {() => Promise<any>} getState the local-only `sync` record (or null)
 * @property {(state: any) => Promise<void>} setState
 * @property {(name: string) => Promise<any>} readDoc
 * @property {(name: string, remote: any, merge: (a: any, b: any) => any) => Promise<any>} mergeIntoDoc
 *   re-reads the local document, writes merge(local, remote) when it differs, returns it
 */

/**
 * The delay before the next automatic try after `failures` transient failures in a row.
 * @param {number} failures
 * @param {number} [retryAfterSeconds] from a 429
 * @returns {number} milliseconds
 */
export function backoffDelay(failures, retryAfterSeconds = 0) {
  const exp = Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** Math.max(0, failures - 1));
  return Math.max(exp, retryAfterSeconds * 1000);
}

/**
 * SHA-256 of a document's canonical JSON, to tell cheaply whether it changed since the last sync.
 * @param {any} doc
 * @returns {Promise<string|null>}
 */
async function fingerprint(doc) {
  if (doc === null || doc === undefined) return null;
  const bytes = new TextEncoder().encode(canonical(doc));
  const digest = await globalThis.crypto.subtle.digest("SHA-256", bytes);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Turn any failure into a SyncError with a code the pages can explain.
 * @param {any} err
 * @returns {SyncError}
 */
function asSyncError(err) {
  if (err instanceof SyncError) return err;
  if (err instanceof UnknownFormatError || err?.code === "unknown_format") {
    return new SyncError("unknown_format", String(err.message || err));
  }
  if (err?.code === "weak_kdf") return new SyncError("weak_kdf", String(err.message || err));
  return new SyncError("bad_response", String(err?.message || err));
}

/**
 * @param {{store: SyncStore, crypto: SyncCrypto, clientFor: (server: string) => any,
 *   now?: () => number, pendingNow?: () => number | Promise<number>, batchWait?: () => number}} deps
 *   now: the clock of the status and of batching; pendingNow: the clock pending entries are judged
 *   by (the background's, which tests may shift); batchWait: how long a journal change waits
 */
export function createSyncEngine({
  store,
  crypto,
  clientFor,
  now = () => Date.now(),
  pendingNow = now,
  batchWait = () => batchDelay(),
}) {
  // One round at a time: an alarm, a local change and a click on "Sync now" may coincide.
  /** @type {Promise<any>} */
  let queue = Promise.resolve();
  /**
   * @template T
   * @param {() => Promise<T>} job
   * @returns {Promise<T>}
   */
  function serial(job) {
    const run = queue.then(job, job);
    queue = run.catch(() => {});
    return run;
  }

  /**
   * Record the outcome of a round in the local status.
   * @param {any} state
   * @param {SyncError|null} error
   */
  async function finish(state, error) {
    // The record may have been replaced while the round was on the network (sync turned off, another
    // server or sync chosen): then this outcome belongs to nothing stored, and writing it would bring
    // back the old server or stamp the new one with an error it never gave.
    const current = await store.getState();
    if (!current?.enabled || current.syncId !== state.syncId || current.server !== state.server) {
      return current?.status ?? null;
    }
    const status = { ...(state.status || {}) };
    status.lastAttempt = now();
    if (!error) {
      status.lastSuccess = status.lastAttempt;
      status.error = null;
      status.errorMessage = null;
      status.failures = 0;
      status.nextRetryAt = null;
    } else {
      status.error = error.code;
      status.errorMessage = error.message;
      status.failures = (status.failures || 0) + 1;
      status.nextRetryAt = TRANSIENT.has(error.code)
        ? status.lastAttempt + backoffDelay(status.failures, error.retryAfter)
        : null;
    }
    await store.setState({ ...state, status });
    return status;
  }

  /**
   * Fetch and decrypt one document. Never writes anything.
   * @param {any} client
   * @param {any} state
   * @param {string} name
   * @returns {Promise<{version: number, doc: any}>}
   */
  async function fetchDoc(client, state, name) {
    const fetched = await fetchSealed(client, state, name);
    // Parse it as the merge will, so an unknown format stops us here, before any local write.
    if (fetched.doc !== null) MERGERS[/** @type {keyof typeof MERGERS} */ (name)](fetched.doc, null);
    return fetched;
  }

  /**
   * Fetch and decrypt one document without reading it (a name this version may not know).
   * @param {any} client
   * @param {any} state
   * @param {string} name
   * @returns {Promise<{version: number, doc: any}>}
   */
  async function fetchSealed(client, state, name) {
    const { version, envelope } = await client.getDocument(state.syncId, state.authKey, name);
    if (envelope === null) return { version, doc: null };
    return { version, doc: await crypto.decryptDocument(state.dataKey, state.syncId, name, envelope) };
  }

  /**
   * How the guard judges what arrives: this device's time, cooling-off and blocklist (read now, so
   * that the settings see the blocklist merged just before them).
   * @returns {Promise<import("./accept.js").AcceptContext>}
   */
  async function acceptContext() {
    return {
      now: await pendingNow(),
      coolingOffHours: coolingOffHoursOf(await store.readDoc("settings")),
      blocklist: await store.readDoc("blocklist"),
    };
  }

  /**
   * Merge one fetched document into local and push the result when the server lacks something.
   * @param {any} client
   * @param {any} state mutated: versions and synced
   * @param {string} name
   * @param {{version: number, doc: any}|null} fetched null when the server version is the one we know
   * @param {boolean} hold keep this device's changes here for now (what arrived is still merged in)
   * @returns {Promise<"pushed"|"held"|"clean">}
   */
  async function reconcile(client, state, name, fetched, hold) {
    const merge = MERGERS[/** @type {keyof typeof MERGERS} */ (name)];
    let remote = fetched;
    for (let attempt = 0; ; attempt++) {
      let merged;
      let needPush;
      if (remote) {
        const context = await acceptContext();
        merged = await store.mergeIntoDoc(name, remote.doc, (local, doc) => acceptRemote(name, local, doc, context));
        needPush = merged !== null && (remote.doc === null || canonical(merged) !== canonical(merge(remote.doc, null)));
      } else {
        merged = await store.readDoc(name);
        needPush = merged !== null && (await fingerprint(merged)) !== state.synced[name];
      }
      let version = remote ? remote.version : state.versions[name] || 0;
      if (needPush && hold) {
        // What arrived is merged in; what is only here stays unsynced, and a later round sends it.
        state.versions[name] = version;
        return "held";
      }
      if (needPush) {
        const envelope = await crypto.encryptDocument(state.dataKey, state.syncId, name, merged);
        try {
          version = await client.putDocument(state.syncId, state.authKey, name, envelope, version);
        } catch (err) {
          if (!(err instanceof SyncError) || err.code !== "version_conflict") throw err;
          if (attempt + 1 >= MAX_CONFLICT_RETRIES) throw err;
          // Someone wrote in between: read theirs, merge again, retry.
          remote = await fetchDoc(client, state, name);
          continue;
        }
        state.etag = null; // our write changed the versions the server's ETag covers
      }
      state.versions[name] = version;
      state.synced[name] = await fingerprint(merged);
      return needPush ? "pushed" : "clean";
    }
  }

  /**
   * One full round: poll, fetch what changed, merge, push. A journal change waits for its moment
   * (state.batchDueAt), for another document's push, or for `flush`.
   * @param {{flush?: boolean}} [options]
   */
  async function round({ flush = false } = {}) {
    const state = await store.getState();
    if (!state?.enabled) throw new SyncError("not_enabled", "Sync is not turned on.");
    state.versions = state.versions || {};
    state.synced = state.synced || {};
    try {
      const client = clientFor(state.server);
      const info = await client.getSync(state.syncId, state.authKey, state.etag || null);
      /** @type {Record<string, number>} */
      const versions = info.notModified ? { ...state.versions } : info.versions;
      // Phase 1: read everything that changed on the server before touching local data.
      /** @type {Record<string, {version: number, doc: any}>} */
      const fetched = {};
      for (const name of DOC_NAMES) {
        const remoteVersion = versions[name] ?? 0;
        if (remoteVersion !== (state.versions[name] ?? 0)) {
          fetched[name] = await fetchDoc(client, state, name);
        }
      }
      if (!info.notModified) {
        state.etag = info.etag;
        state.failedAttempts = info.failedAttempts;
      }
      // Phase 2: merge into local, then push what the server lacks; the documents that wait last,
      // so that they can go with any other push of this round.
      let pushed = false;
      for (const name of DOC_NAMES.filter((n) => !BATCHED_DOCS.includes(n))) {
        pushed = (await reconcile(client, state, name, fetched[name] || null, false)) === "pushed" || pushed;
      }
      const at = now();
      const due = flush || pushed || (typeof state.batchDueAt === "number" && at >= state.batchDueAt);
      let held = false;
      for (const name of DOC_NAMES.filter((n) => BATCHED_DOCS.includes(n))) {
        held = (await reconcile(client, state, name, fetched[name] || null, !due)) === "held" || held;
      }
      if (!held) state.batchDueAt = null;
      else if (typeof state.batchDueAt !== "number") state.batchDueAt = at + batchWait();
      return await finish(state, null);
    } catch (err) {
      const error = asSyncError(err);
      // Keep versions of this round only when nothing failed: a retry then starts from a clean slate.
      const fresh = await store.getState();
      const same = fresh?.syncId === state.syncId && fresh?.server === state.server;
      return await finish(same ? fresh : state, error);
    }
  }

  /**
   * Derive keys for `passphrase` from `kdf` and unwrap the data key; wrong → SyncError wrong_passphrase.
   * @param {any} client
   * @param {string} syncId
   * @param {string} passphrase
   */
  async function openSync(client, syncId, passphrase) {
    const kdf = await client.getKdf(syncId);
    let keys;
    try {
      keys = await crypto.deriveKeys(passphrase, kdf);
    } catch (err) {
      throw asSyncError(err);
    }
    let info;
    try {
      info = await client.getSync(syncId, keys.authKey);
    } catch (err) {
      if (err instanceof SyncError && err.code === "unauthorized") {
        throw new SyncError("wrong_passphrase", "The sync code or the passphrase is not right.");
      }
      throw err;
    }
    let dataKey;
    try {
      dataKey = await crypto.unwrapDataKey(keys.kek, info.wrapped_key);
    } catch {
      throw new SyncError("wrong_passphrase", "The passphrase does not open this sync's key.");
    }
    return { authKey: keys.authKey, dataKey };
  }

  /** @param {any} state */
  async function enable(state) {
    await store.setState({
      ...state,
      enabled: true,
      etag: null,
      versions: {},
      synced: {},
      batchDueAt: null,
      status: { lastSuccess: null, error: null, failures: 0, nextRetryAt: null },
    });
  }

  return {
    /**
     * Create a new sync on `server` protected by `passphrase` and upload this device's documents.
     * @param {{server: string, passphrase: string}} args
     * @returns {Promise<{syncId: string, status: any}>}
     */
    setUp({ server, passphrase }) {
      return serial(async () => {
        const client = clientFor(server);
        const kdf = crypto.newKdf();
        const keys = await crypto.deriveKeys(passphrase, kdf);
        const dataKey = crypto.newDataKey();
        const wrapped = await crypto.wrapDataKey(keys.kek, dataKey);
        const syncId = await client.createSync({ kdf, auth_key: keys.authKey, wrapped_key: wrapped });
        const previous = (await store.getState()) || {};
        await enable({ ...previous, server, syncId, authKey: keys.authKey, dataKey });
        return { syncId, status: await round({ flush: true }) };
      });
    },

    /**
     * Join an existing sync from this device. Local data is merged with the server's, never replaced;
     * a wrong code or passphrase changes nothing.
     * @param {{server: string, code: string, passphrase: string}} args
     * @returns {Promise<{syncId: string, status: any}>}
     */
    join({ server, code, passphrase }) {
      return serial(async () => {
        const syncId = parseSyncCode(code);
        if (!syncId) throw new SyncError("bad_sync_code", "That does not look like a sync code.");
        const client = clientFor(server);
        const { authKey, dataKey } = await openSync(client, syncId, passphrase);
        const previous = (await store.getState()) || {};
        await enable({ ...previous, server, syncId, authKey, dataKey });
        return { syncId, status: await round({ flush: true }) };
      });
    },

    /** Run one round now; resolves to the new status (errors are recorded there, not thrown). */
    syncNow() {
      return serial(() => round());
    },

    /**
     * Protect the sync with a new passphrase and a new data key: every document is read and
     * decrypted with the old key, re-encrypted under the new one and replaced together with the
     * key material in one request (PROTOCOL §1.2). Someone who learnt the old passphrase and kept
     * the old data key learns nothing of what is written after. Other devices must join again.
     * @param {string} passphrase
     */
    changePassphrase(passphrase) {
      return serial(async () => {
        const before = await store.getState();
        if (!before?.enabled) throw new SyncError("not_enabled", "Sync is not turned on.");
        // First bring the server and this device in step, so the re-encrypted copy holds both.
        await round({ flush: true });
        const state = await store.getState();
        const client = clientFor(state.server);
        const kdf = crypto.newKdf();
        const keys = await crypto.deriveKeys(passphrase, kdf);
        const dataKey = crypto.newDataKey();
        const wrapped = await crypto.wrapDataKey(keys.kek, dataKey);
        for (let attempt = 0; ; attempt++) {
          const info = await client.getSync(state.syncId, state.authKey);
          /** @type {Record<string, {version: number, envelope: any}>} */
          const documents = {};
          /** @type {Record<string, any>} */
          const plain = {};
          const listed = info.notModified ? {} : info.versions;
          // Every document the service has goes over to the new key (it refuses the change
          // otherwise), the ones this version does not know as they are.
          for (const name of new Set([...DOC_NAMES, ...Object.keys(listed)])) {
            if ((listed[name] ?? 0) === 0) continue;
            const known = /** @type {readonly string[]} */ (DOC_NAMES).includes(name);
            const fetched = await (known ? fetchDoc : fetchSealed)(client, state, name);
            plain[name] = fetched.doc;
            documents[name] = {
              version: fetched.version,
              envelope: await crypto.encryptDocument(dataKey, state.syncId, name, fetched.doc),
            };
          }
          let versions;
          try {
            versions = await client.changeKey(state.syncId, state.authKey, {
              kdf,
              auth_key: keys.authKey,
              wrapped_key: wrapped,
              documents,
            });
          } catch (err) {
            // Another device wrote in between: read again and re-encrypt what is there now.
            if (err instanceof SyncError && err.code === "version_conflict" && attempt + 1 < MAX_CONFLICT_RETRIES)
              continue;
            throw err;
          }
          /** @type {Record<string, string|null>} */
          const synced = {};
          for (const name of DOC_NAMES) synced[name] = await fingerprint(plain[name] ?? null);
          await store.setState({
            ...state,
            authKey: keys.authKey,
            dataKey,
            etag: null,
            versions,
            synced,
            failedAttempts: null,
          });
          return;
        }
      });
    },

    /** Stop syncing on this device; the local list and record stay exactly as they are. */
    turnOff() {
      return serial(async () => {
        const state = (await store.getState()) || {};
        await store.setState({ server: state.server, enabled: false, status: null });
      });
    },

    /** Delete the sync and its documents from the server, then stop syncing here. */
    deleteFromServer() {
      return serial(async () => {
        const state = await store.getState();
        if (!state?.enabled) throw new SyncError("not_enabled", "Sync is not turned on.");
        await clientFor(state.server).deleteSync(state.syncId, state.authKey);
        await store.setState({ server: state.server, enabled: false, status: null });
      });
    },
  };
}
