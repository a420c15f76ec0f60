// An in-process stand-in for the sync service (PROTOCOL §2 subset) with switches to misbehave:
// go down, answer garbage, rate limit, or let a test write behind a client's back.
import http from "node:http";
import { createHash, randomBytes } from "node:crypto";

/** The documents of the real service (PROTOCOL §2). */
const SERVICE_NAMES = ["blocklist", "journal", "settings", "records"];
const B32 = "abcdefghijklmnopqrstuvwxyz234567";

function newSyncId() {
  const bytes = randomBytes(16);
  let bits = 0;
  let value = 0;
  let out = "";
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5) {
      out += B32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits) out += B32[(value << (5 - bits)) & 31];
  return out;
}

const sha = (s) => createHash("sha256").update(s).digest("hex");

/**
 * Start a fake service on a free port; resolves to {url, state, requests, mode, close}.
 * @param {{names?: string[]}} [options] the document names it keeps (a later service may keep more)
 */
export async function startFakeServer({ names = SERVICE_NAMES } = {}) {
  const NAMES = new Set(names);
  /** @type {Map<string, any>} */
  const syncs = new Map();
  const requests = [];
  // `hold`: a promise every answer waits for, so a test can act while a round is on the network.
  const mode = { down: false, garbage: false, rateLimit: 0, status500: false, hold: null };

  function send(res, status, body, headers = {}) {
    res.writeHead(status, { "Content-Type": "application/json", ...headers });
    res.end(body === undefined ? "" : JSON.stringify(body));
  }
  const err = (res, status, code, headers) => send(res, status, { error: code, message: code }, headers);

  function versionsEtag(s) {
    return `"${sha(JSON.stringify([...NAMES].map((n) => s.docs[n].version)))}"`;
  }

  function auth(req, id) {
    const s = syncs.get(id);
    const m = /^Bearer (.+)$/.exec(req.headers.authorization || "");
    return s && m && sha(m[1]) === s.authHash ? s : null;
  }

  const server = http.createServer(async (req, res) => {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString("utf8");
    requests.push({ method: req.method, url: req.url, headers: req.headers, body: raw });
    if (mode.hold) await mode.hold;
    if (mode.down) {
      req.socket.destroy();
      return;
    }
    if (mode.status500) return err(res, 500, "internal");
    if (mode.rateLimit) return err(res, 429, "rate_limited", { "Retry-After": String(mode.rateLimit) });
    if (mode.garbage) {
      res.writeHead(200, { "Content-Type": "text/html" });
      res.end("<html>captive portal</html>");
      return;
    }
    let body = null;
    if (raw) {
      try {
        body = JSON.parse(raw);
      } catch {
        return err(res, 400, "bad_request");
      }
    }
    const path = req.url.split("?")[0];
    let m;
    if (req.method === "GET" && path === "/healthz") return send(res, 200, { status: "ok" });
    if (req.method === "POST" && path === "/v1/syncs") {
      const id = newSyncId();
      const docs = {};
      for (const n of NAMES) docs[n] = { version: 0, envelope: null };
      syncs.set(id, { kdf: body.kdf, authHash: sha(body.auth_key), wrapped: body.wrapped_key, docs });
      return send(res, 201, { sync_id: id });
    }
    if ((m = /^\/v1\/syncs\/([a-z2-7]+)\/kdf$/.exec(path)) && req.method === "GET") {
      const s = syncs.get(m[1]);
      const kdf = s ? s.kdf : { alg: "PBKDF2-SHA256", iterations: 600000, salt: sha(m[1]).slice(0, 22) };
      return send(res, 200, { kdf });
    }
    if ((m = /^\/v1\/syncs\/([a-z2-7]+)(\/.*)?$/.exec(path))) {
      const id = m[1];
      const rest = m[2] || "";
      const s = auth(req, id);
      if (!s) return err(res, 401, "unauthorized");
      if (rest === "" && req.method === "GET") {
        const etag = versionsEtag(s);
        if (req.headers["if-none-match"] === etag) {
          res.writeHead(304, { ETag: etag });
          return res.end();
        }
        const documents = {};
        for (const n of NAMES) documents[n] = { version: s.docs[n].version };
        return send(res, 200, { sync_id: id, kdf: s.kdf, wrapped_key: s.wrapped, documents }, { ETag: etag });
      }
      if (rest === "" && req.method === "DELETE") {
        syncs.delete(id);
        res.writeHead(204);
        return res.end();
      }
      if (rest === "/key" && req.method === "PUT") {
        // PROTOCOL §1.2: new key material and every written document re-encrypted, in one step.
        const given = body.documents || {};
        for (const n of NAMES) {
          const d = s.docs[n];
          if (d.version === 0) continue;
          if (!given[n]) return err(res, 400, "bad_request");
          if (given[n].version !== d.version) return err(res, 412, "version_conflict");
        }
        for (const n of NAMES) {
          if (s.docs[n].version > 0) s.docs[n] = { version: s.docs[n].version + 1, envelope: given[n].envelope };
        }
        Object.assign(s, { kdf: body.kdf, authHash: sha(body.auth_key), wrapped: body.wrapped_key });
        const documents = {};
        for (const n of NAMES) documents[n] = { version: s.docs[n].version };
        return send(res, 200, { sync_id: id, documents });
      }
      const dm = /^\/documents\/([a-z]+)$/.exec(rest);
      if (dm) {
        if (!NAMES.has(dm[1])) return err(res, 404, "not_found");
        const d = s.docs[dm[1]];
        if (req.method === "GET") {
          return send(res, 200, { name: dm[1], version: d.version, envelope: d.envelope }, { ETag: `"${d.version}"` });
        }
        if (req.method === "PUT") {
          const ifMatch = req.headers["if-match"];
          if (!ifMatch) return err(res, 428, "if_match_required");
          if (ifMatch !== `"${d.version}"`) return err(res, 412, "version_conflict", { ETag: `"${d.version}"` });
          d.version += 1;
          d.envelope = body.envelope;
          return send(res, 200, { name: dm[1], version: d.version }, { ETag: `"${d.version}"` });
        }
      }
    }
    return err(res, 404, "not_found");
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    syncs,
    requests,
    mode,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(resolve);
      }),
  };
}
