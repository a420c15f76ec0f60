// Thin HTTP client of the sync service (PROTOCOL §2). It knows routes, headers and status codes and
// nothing about crypto or documents: every failure becomes a SyncError with one of the codes below, so
// the engine and the pages can say plainly what went wrong.

/**
 * Codes of SyncError. Each has a `sync_error_<code>` message in _locales.
 * @typedef {"offline"|"server_error"|"unauthorized"|"version_conflict"|"too_large"|"rate_limited"|
 *   "bad_response"|"bad_request"|"not_found"|"unknown_format"|"wrong_passphrase"|"weak_kdf"|
 *   "bad_sync_code"|"not_enabled"} SyncErrorCode
 */

/** @typedef {{count: number, since: number|null, last: number|null}} FailedAttempts */

export class SyncError extends Error {
  /**
   * @param {SyncErrorCode} code
   * @param {string} message
   * @param {{status?: number, retryAfter?: number, etag?: string|null}} [extra]
   */
  constructor(code, message, extra = {}) {
    super(message);
    this.name = "SyncError";
    this.code = code;
    this.status = extra.status ?? 0;
    /** Seconds to wait before trying again (429 with Retry-After). */
    this.retryAfter = extra.retryAfter ?? 0;
    /** The server's current ETag on a 412. */
    this.etag = extra.etag ?? null;
  }
}

/** Codes that mean "the service is not reachable right now": keep working locally and retry later. */
export const TRANSIENT = new Set(["offline", "server_error", "rate_limited"]);

/**
 * Parse Retry-After (seconds or an HTTP date) into seconds; 60 when absent or unreadable.
 * @param {string|null} header
 * @param {number} nowMs
 * @returns {number}
 */
export function parseRetryAfter(header, nowMs = Date.now()) {
  if (!header) return 60;
  if (/^\s*\d+\s*$/.test(header)) return Number(header);
  const at = Date.parse(header);
  return Number.isNaN(at) ? 60 : Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/**
 * Map a non-success response to a SyncError.
 * @param {Response} res
 * @param {any} body parsed JSON error body, or null
 * @returns {SyncError}
 */
function errorFor(res, body) {
  const status = res.status;
  const serverMessage = body && typeof body.message === "string" ? body.message : res.statusText;
  if (status === 401) return new SyncError("unauthorized", serverMessage, { status });
  if (status === 412) {
    return new SyncError("version_conflict", serverMessage, { status, etag: res.headers.get("ETag") });
  }
  if (status === 413) return new SyncError("too_large", serverMessage, { status });
  if (status === 429) {
    return new SyncError("rate_limited", serverMessage, {
      status,
      retryAfter: parseRetryAfter(res.headers.get("Retry-After")),
    });
  }
  if (status === 404) return new SyncError("not_found", serverMessage, { status });
  if (status >= 500) return new SyncError("server_error", serverMessage, { status });
  return new SyncError("bad_request", serverMessage, { status });
}

/**
 * The ETag of a document version, as the service writes it.
 * @param {number} version
 */
export function versionTag(version) {
  return `"${version}"`;
}

/**
 * @param {string|null} tag
 * @returns {number|null}
 */
function versionFromTag(tag) {
  const m = tag && /^(?:W\/)?"?(\d+)"?$/.exec(tag.trim());
  return m ? Number(m[1]) : null;
}

/**
 * Create a client bound to one server address.
 * @param {{baseUrl: string, fetch?: typeof fetch, timeoutMs?: number}} options
 */
export function createClient({ baseUrl, fetch: fetchImpl = globalThis.fetch.bind(globalThis), timeoutMs = 15000 }) {
  const base = baseUrl.replace(/\/+$/, "");

  /**
   * One request; returns {res, body} for 2xx and 304, throws SyncError otherwise.
   * @param {string} method
   * @param {string} path
   * @param {{token?: string, body?: any, headers?: Record<string,string>, expectJson?: boolean}} [opts]
   */
  async function request(method, path, opts = {}) {
    /** @type {Record<string,string>} */
    const headers = { Accept: "application/json", ...(opts.headers || {}) };
    if (opts.token) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.body !== undefined) headers["Content-Type"] = "application/json";
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), timeoutMs);
    /** @type {Response} */
    let res;
    try {
      res = await fetchImpl(base + path, {
        method,
        headers,
        body: opts.body === undefined ? undefined : JSON.stringify(opts.body),
        signal: controller.signal,
        credentials: "omit",
        cache: "no-store",
        redirect: "error",
      });
    } catch (err) {
      const timedOut = controller.signal.aborted;
      throw new SyncError("offline", timedOut ? "The sync server did not answer in time." : String(err));
    } finally {
      clearTimeout(timer);
    }
    if (res.status === 304) return { res, body: null };
    let body = null;
    let text = "";
    try {
      text = await res.text();
    } catch (err) {
      throw new SyncError("offline", String(err));
    }
    if (text) {
      try {
        body = JSON.parse(text);
      } catch {
        body = undefined;
      }
    }
    if (!res.ok) throw errorFor(res, body || null);
    if (opts.expectJson !== false && (body === undefined || body === null || typeof body !== "object")) {
      throw new SyncError("bad_response", "The sync server sent something that is not JSON.", {
        status: res.status,
      });
    }
    return { res, body };
  }

  /**
   * @param {boolean} ok
   * @param {string} what
   */
  function expect(ok, what) {
    if (!ok) throw new SyncError("bad_response", `The sync server's answer is missing ${what}.`);
  }

  const enc = encodeURIComponent;

  return {
    baseUrl: base,

    /** Check that the service and its database answer. */
    async health() {
      const { body } = await request("GET", "/healthz");
      expect(body.status === "ok", "status");
      return body;
    },

    /**
     * Create a sync; returns its id.
     * @param {{kdf: any, auth_key: string, wrapped_key: any}} keys
     * @returns {Promise<string>}
     */
    async createSync(keys) {
      const { body } = await request("POST", "/v1/syncs", { body: keys });
      expect(typeof body.sync_id === "string", "sync_id");
      return body.sync_id;
    },

    /**
     * The public KDF parameters of a sync (to join it).
     * @param {string} syncId
     */
    async getKdf(syncId) {
      const { body } = await request("GET", `/v1/syncs/${enc(syncId)}/kdf`);
      expect(body.kdf && typeof body.kdf === "object", "kdf");
      return body.kdf;
    },

    /**
     * All document versions at once. With `etag`, a 304 gives `{notModified: true}`.
     * @param {string} syncId
     * @param {string} token
     * @param {string|null} [etag]
     * @returns {Promise<{notModified: true} | {notModified: false, etag: string|null, kdf: any,
     *   wrapped_key: any, versions: Record<string, number>, failedAttempts: FailedAttempts | null}>}
     */
    async getSync(syncId, token, etag = null) {
      const { res, body } = await request("GET", `/v1/syncs/${enc(syncId)}`, {
        token,
        headers: etag ? { "If-None-Match": etag } : {},
      });
      if (res.status === 304) return { notModified: true };
      expect(body.documents && typeof body.documents === "object", "documents");
      /** @type {Record<string, number>} */
      const versions = {};
      for (const [name, info] of Object.entries(body.documents)) {
        expect(Number.isInteger(info?.version) && info.version >= 0, `the version of ${name}`);
        versions[name] = info.version;
      }
      const failed = body.failed_attempts;
      return {
        notModified: false,
        etag: res.headers.get("ETag"),
        kdf: body.kdf,
        wrapped_key: body.wrapped_key,
        versions,
        // How many wrong keys the server counted against this sync since it was made or re-keyed
        // (PROTOCOL §2), so the owner can be told; absent from older servers.
        failedAttempts:
          failed && Number.isInteger(failed.count)
            ? { count: failed.count, since: failed.since ?? null, last: failed.last ?? null }
            : null,
      };
    },

    /**
     * One document: its version and envelope (null when never written).
     * @param {string} syncId
     * @param {string} token
     * @param {string} name
     * @returns {Promise<{version: number, envelope: any}>}
     */
    async getDocument(syncId, token, name) {
      const { body } = await request("GET", `/v1/syncs/${enc(syncId)}/documents/${enc(name)}`, { token });
      expect(Number.isInteger(body.version) && body.version >= 0, "version");
      expect(body.envelope === null || typeof body.envelope === "object", "envelope");
      return { version: body.version, envelope: body.envelope };
    },

    /**
     * Write a document over version `expected`; returns the new version. 412 → version_conflict.
     * @param {string} syncId
     * @param {string} token
     * @param {string} name
     * @param {any} envelope
     * @param {number} expected
     * @returns {Promise<number>}
     */
    async putDocument(syncId, token, name, envelope, expected) {
      const { res, body } = await request("PUT", `/v1/syncs/${enc(syncId)}/documents/${enc(name)}`, {
        token,
        body: { envelope },
        headers: { "If-Match": versionTag(expected) },
      });
      const version = Number.isInteger(body.version) ? body.version : versionFromTag(res.headers.get("ETag"));
      expect(Number.isInteger(version), "version");
      return /** @type {number} */ (version);
    },

    /**
     * A passphrase change (PROTOCOL §1.2): new key material and every document re-encrypted under
     * the new data key, in one step. Each document carries the version it was read at; a version
     * that moved meanwhile is a 412 (version_conflict) and nothing changes.
     * @param {string} syncId
     * @param {string} token the current (old) auth key
     * @param {{kdf: any, auth_key: string, wrapped_key: any,
     *   documents: Record<string, {version: number, envelope: any}>}} keys
     * @returns {Promise<Record<string, number>>} every document's new version
     */
    async changeKey(syncId, token, keys) {
      const { body } = await request("PUT", `/v1/syncs/${enc(syncId)}/key`, { token, body: keys });
      expect(body.documents && typeof body.documents === "object", "documents");
      return Object.fromEntries(
        Object.entries(body.documents).map(([name, info]) => [name, Number(info?.version) || 0]),
      );
    },

    /**
     * Delete the sync and every document of it from the server.
     * @param {string} syncId
     * @param {string} token
     */
    async deleteSync(syncId, token) {
      await request("DELETE", `/v1/syncs/${enc(syncId)}`, { token, expectJson: false });
    },
  };
}
