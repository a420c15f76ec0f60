// The extension's WebCrypto envelope passes the shared vectors that the Python client passes too.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { b64u, unb64u } from "../../extension/lib/base64url.js";
import * as env from "../../extension/lib/envelope.js";

const vectors = JSON.parse(readFileSync(new URL("../../shared/vectors/envelope.json", import.meta.url), "utf8"));

test("key derivation matches the vectors, including an NFKC-changed passphrase", async () => {
  for (const v of vectors.kdf) {
    assert.equal(b64u(await env.masterKey(v.passphrase, v.kdf)), v.master);
    const keys = await env.deriveKeys(v.passphrase, v.kdf);
    assert.equal(b64u(keys.authKey), v.auth_key);
    assert.equal(b64u(keys.kek), v.kek);
  }
});

test("key wrap matches the vector and unwraps", async () => {
  const { kek, data_key: dataKey, wrapped } = vectors.wrap;
  const iv = unb64u(wrapped.iv);
  assert.deepEqual(await env.wrapDataKey(unb64u(kek), unb64u(dataKey), iv), wrapped);
  assert.equal(b64u(await env.unwrapDataKey(unb64u(kek), wrapped)), dataKey);
});

test("documents encrypt to the vectors byte for byte and decrypt back", async () => {
  const dataKey = unb64u(vectors.wrap.data_key);
  for (const v of vectors.documents) {
    assert.equal(JSON.stringify(v.document), v.plaintext);
    const sealed = await env.encryptDocument(dataKey, v.sync_id, v.name, v.document, unb64u(v.envelope.iv));
    assert.deepEqual(sealed, v.envelope);
    assert.deepEqual(await env.decryptDocument(dataKey, v.sync_id, v.name, v.envelope), v.document);
  }
});

test("weak or unknown KDF parameters are refused", async () => {
  for (const v of vectors.reject.kdf) {
    await assert.rejects(env.deriveKeys("anything", v.kdf), { code: "weak_kdf" }, v.why);
  }
});

test("a wrong passphrase or tampered wrap is refused", async () => {
  for (const v of vectors.reject.unwrap) {
    await assert.rejects(env.unwrapDataKey(unb64u(v.kek), v.wrapped), { code: v.error }, v.why);
  }
});

test("tampered documents, wrong associated data and unknown versions are refused", async () => {
  const dataKey = unb64u(vectors.wrap.data_key);
  for (const v of vectors.reject.documents) {
    await assert.rejects(env.decryptDocument(dataKey, v.sync_id, v.name, v.envelope), { code: v.error }, v.why);
  }
});

test("every encryption draws a fresh IV", async () => {
  const key = crypto.getRandomValues(new Uint8Array(32));
  const a = await env.encryptDocument(key, "s", "journal", { format: 1 });
  const b = await env.encryptDocument(key, "s", "journal", { format: 1 });
  assert.notEqual(a.iv, b.iv);
});

test("base64url decoding is strict", () => {
  assert.throws(() => unb64u("abc="));
  assert.throws(() => unb64u("a+b/"));
  assert.deepEqual(unb64u(b64u(new Uint8Array([0, 255, 7]))), new Uint8Array([0, 255, 7]));
});
