// The extension accepts documents from elsewhere exactly as the Python client does: both run
// shared/vectors/merge.json (PROTOCOL §3), this file with extension/lib/sync/accept.js and
// tests/client/test_merge_vectors.py with nocontact.client.accept.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { acceptRemote } from "../../extension/lib/sync/accept.js";

const { cases } = JSON.parse(readFileSync(new URL("../../shared/vectors/merge.json", import.meta.url), "utf8"));

test("the vectors cover every rule the brief of issue #15 names", () => {
  const names = cases.map((c) => c.name).join("\n");
  for (const words of [
    "a person from each side",
    "add wins",
    "a due pending entry",
    "without a pending entry becomes one",
    "not yet due stays pending",
    "undo of a mistaken add",
    "pause without a pending entry is refused",
    "a site switched off without a pending entry is refused",
    "stamped in 2100",
    "journal:",
    "settings:",
    "records:",
    "cleared_before in 2100",
  ]) {
    assert.ok(names.includes(words), words);
  }
});

for (const c of cases) {
  test(`vector: ${c.name}`, () => {
    const context = { now: c.now, coolingOffHours: c.coolingOffHours, blocklist: c.blocklist ?? null };
    assert.deepEqual(acceptRemote(c.doc, c.local, c.remote, context), c.expected);
  });
}
