// Rule packs: the extension's verifier (lib/rules/verify.js) gives every case of
// shared/vectors/rule-packs.json the answer the Python side (nocontact.rulepack) gives it
// (tests/client/test_rules_cli.py), and refuses what is too large.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { RULE_KEYS } from "../../extension/lib/rules/keys.js";
import {
  MAX_PACK_BYTES,
  REASONS,
  canonicalJson,
  packProblem,
  verifyEnvelope,
} from "../../extension/lib/rules/verify.js";
import { PLATFORMS } from "../../extension/lib/sites.js";

const vectors = JSON.parse(readFileSync(new URL("../../shared/vectors/rule-packs.json", import.meta.url), "utf8"));
const context = { keys: vectors.keys, platforms: PLATFORMS, appliedVersion: vectors.applied_version };

test("canonical JSON: the same text as Python writes", () => {
  for (const c of vectors.canonical) assert.equal(canonicalJson(c.value), c.text, c.why);
  const good = JSON.parse(vectors.cases[0].envelope);
  assert.equal(canonicalJson(good.pack), vectors.signed_bytes);
});

test("every case gets its answer", async () => {
  for (const c of vectors.cases) {
    const answer = await verifyEnvelope(c.envelope, context);
    if (c.ok) {
      assert.equal(answer.ok, true, `${c.why}: ${JSON.stringify(answer)}`);
      assert.equal(answer.ok && answer.pack.version, c.version, c.why);
    } else {
      assert.equal(answer.ok, false, c.why);
      assert.equal(!answer.ok && answer.reason, c.reason, c.why);
      if (c.where) assert.equal(!answer.ok && answer.where, c.where, c.why);
      assert.ok(REASONS.includes(c.reason));
    }
  }
});

test("the cases cover every reason but size", () => {
  const covered = new Set(vectors.cases.map((/** @type {any} */ c) => c.reason).filter(Boolean));
  assert.deepEqual(
    [...REASONS].filter((reason) => !covered.has(reason)),
    ["too_large"],
  );
});

test("a pack larger than 256 KiB is refused before anything else", async () => {
  const envelope = JSON.parse(vectors.cases[0].envelope);
  const big = JSON.stringify({ ...envelope, padding: "x".repeat(MAX_PACK_BYTES) });
  assert.deepEqual(await verifyEnvelope(big, context), { ok: false, reason: "too_large", where: "" });
});

test("the good pack is refused once its version is in use, and with the shipped keys", async () => {
  const text = vectors.cases[0].envelope;
  assert.equal((await verifyEnvelope(text, { ...context, appliedVersion: 7 })).ok, false);
  const shipped = await verifyEnvelope(text, { ...context, keys: RULE_KEYS });
  assert.equal(!shipped.ok && shipped.reason, "unknown_key");
});

test("a pattern that does not compile in JavaScript is refused", () => {
  const pack = JSON.parse(vectors.cases[0].envelope).pack;
  pack.sites.reddit.profiles[0].pattern = "^/(u";
  assert.deepEqual(packProblem(pack, { platforms: PLATFORMS }), {
    reason: "bad_value",
    where: "pack.sites.reddit.profiles[0].pattern",
  });
});

test("every real site file's replaceable data passes as a pack", async () => {
  const registry = /** @type {any} */ (globalThis).NoContactSites;
  /** @type {Record<string, any>} */
  const sites = {};
  for (const site of registry.all()) {
    sites[site.platform] = JSON.parse(JSON.stringify({ dom: site.dom, profiles: site.profiles, health: site.health }));
    if (!site.health) delete sites[site.platform].health;
  }
  const pack = { format: 1, version: 1, date: "2026-12-02", sites };
  assert.equal(packProblem(pack, { platforms: PLATFORMS }), null);
});
