// background/rules.js asks only the user's own sync server, only with sync set up, stores what it
// refused and why without changing the rules in use; the registry takes a pack's data over a site
// file's and gives the built-in data back (common/registry.js withRules).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { installFakeBrowser } from "./support/fake_browser.mjs";

const browser = installFakeBrowser();
/** @type {string[]} */
const asked = [];
/** @type {{status: number, body: string}} */
let answer = { status: 404, body: "" };
globalThis.fetch = /** @type {any} */ (
  async (/** @type {string} */ url) => {
    asked.push(String(url));
    return new Response(answer.body || null, { status: answer.status });
  }
);
const { checkRules } = await import("../../extension/background/rules.js");
const registry = /** @type {any} */ (globalThis).NoContactSiteRules;
const sites = /** @type {any} */ (globalThis).NoContactSites;

const vectors = JSON.parse(readFileSync(new URL("../../shared/vectors/rule-packs.json", import.meta.url), "utf8"));

test("without sync nothing is asked of anyone", async () => {
  await checkRules();
  assert.deepEqual(asked, []);
  browser.local.set("sync", { enabled: false, server: "https://sync.example" });
  await checkRules();
  assert.deepEqual(asked, []);
});

test("with sync, only the sync server's /v1/rules; none there leaves the built-in rules", async () => {
  browser.local.set("sync", { enabled: true, server: "https://sync.example" });
  await checkRules();
  assert.deepEqual(asked, ["https://sync.example/v1/rules"]);
  assert.equal(browser.local.get("rulePackStatus").state, "none");
  assert.equal(browser.local.has("rulePack"), false);
});

test("a pack signed with a key the extension does not ship is refused and nothing changes", async () => {
  const inUse = { version: 1, date: "2026-01-01", keyId: "k", signature: "s", sites: {} };
  browser.local.set("rulePack", inUse);
  answer = { status: 200, body: vectors.cases[0].envelope };
  await checkRules();
  const status = browser.local.get("rulePackStatus");
  assert.equal(status.state, "refused");
  assert.equal(status.reason, "unknown_key");
  assert.equal(status.version, 7);
  assert.deepEqual(browser.local.get("rulePack"), inUse);
  // The same envelope again is not judged again.
  const checked = status.checked;
  await checkRules();
  assert.equal(browser.local.get("rulePackStatus").reason, "unknown_key");
  assert.ok(browser.local.get("rulePackStatus").checked >= checked);
  browser.local.delete("rulePack");
});

test("the registry takes a pack's data over the site file's, and gives it back", () => {
  const builtIn = sites.forPlatform("reddit");
  const pack = JSON.parse(vectors.cases[0].envelope).pack;
  const changed = registry.withRules("reddit", pack);
  assert.notEqual(changed, builtIn);
  assert.deepEqual(changed.profiles, pack.sites.reddit.profiles);
  assert.deepEqual(changed.dom, builtIn.dom, "fields the pack leaves out stay the site file's");
  assert.equal(sites.profileFromUrl("https://www.reddit.com/user/someone_else")?.handle, "someone_else");
  assert.equal(registry.withRules("reddit", pack), changed, "the same version changes nothing");
  const back = registry.withRules("reddit", null);
  assert.deepEqual(back.profiles, builtIn.profiles);
  assert.equal(registry.version("reddit"), 0);
  // Data that does not compile leaves the site as it was.
  const bad = { version: 9, sites: { reddit: { profiles: [{ pattern: "(" }] } } };
  assert.equal(registry.withRules("reddit", bad), back);
  assert.equal(registry.withRules("myspace", pack), null);
});
