// The extension's passphrase and server-address rules pass the shared cases that the Python CLI
// passes too (tests/client/test_rules.py): one rule, two languages.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { estimateBits, passphraseProblem } from "../../extension/lib/sync/passphrase.js";
import { serverOrigin } from "../../extension/lib/sync/server.js";

/** @param {string} name */
const cases = (name) =>
  JSON.parse(readFileSync(new URL(`../../shared/vectors/${name}.json`, import.meta.url), "utf8")).cases;

test("passphrase cases: the problem and the estimated bits", () => {
  for (const c of cases("passphrase")) {
    const problem = passphraseProblem(c.passphrase);
    assert.equal(problem && problem.replace(/^sync_weak_/, ""), c.problem, c.why);
    assert.ok(Math.abs(estimateBits(c.passphrase) - c.bits) <= 0.051, c.why);
  }
});

test("server cases: the origin, or bad_server", () => {
  for (const c of cases("server")) {
    if ("origin" in c) {
      assert.equal(serverOrigin(c.text), c.origin, c.why);
    } else {
      assert.throws(() => serverOrigin(c.text), { code: c.error }, c.why);
    }
  }
});
