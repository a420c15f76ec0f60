// The redirect rules: one per listed profile form, exact (no lookalikes), none when paused or off.
import assert from "node:assert/strict";
import { test } from "node:test";

import { buildRedirectRules, MAX_RULES } from "../../extension/lib/profile-rules.js";
import { allSites } from "../../extension/lib/sites.js";

const index = (platforms, paused = false) => ({ v: 1, paused, platforms });
const slot = (handles = [], ids = [], enabled = true) => ({ enabled, handles, ids });

/** Whether a DNR urlFilter (|| anchor, ^ separator) matches a URL, as the browsers define it. */
function matches(filter, url) {
  const body = filter.slice(2).replace(/\^$/, "");
  const escaped = body.replace(/[.*+?()[\]{}|\\$]/g, "\\$&");
  const re = new RegExp(`^[a-z]+://([^/]*\\.)?${escaped}([^\\w\\-.%]|$)`, "i");
  return re.test(url);
}

test("every form of a listed profile is redirected, lookalikes are not", () => {
  const { rules } = buildRedirectRules(
    index({
      x: slot(["abuser"], ["1234"]),
      youtube: slot(["theirchannel"], ["UCabc"]),
      facebook: slot(["john.doe"], ["1000123"]),
    }),
    allSites(),
  );
  const filters = rules.map((r) => r.condition.urlFilter);
  const hit = (url) => filters.some((f) => matches(f, url));
  for (const url of [
    "https://x.com/abuser",
    "https://x.com/Abuser/status/1",
    "https://mobile.twitter.com/abuser?s=20",
    "https://x.com/i/user/1234",
    "https://www.youtube.com/@TheirChannel/videos",
    "https://www.youtube.com/channel/UCabc",
    "https://www.facebook.com/profile.php?id=1000123&sk=photos",
    "https://m.facebook.com/john.doe",
  ]) {
    assert.ok(hit(url), url);
  }
  for (const url of [
    "https://x.com/abuser2",
    "https://x.com/notabuser",
    "https://x.com/home",
    "https://www.facebook.com/john.doe.77",
  ]) {
    assert.ok(!hit(url), url);
  }
  assert.ok(rules.every((r) => /^\/pages\/interstitial\.html#[0-9a-f]{24}$/.test(r.action.redirect.extensionPath)));
  assert.ok(rules.every((r) => !r.action.redirect.extensionPath.includes("abuser")));
  assert.deepEqual(new Set(rules.map((r) => r.id)).size, rules.length);
});

test("each rule's token leads back to the person it stands for, and only there", () => {
  const { rules, targets } = buildRedirectRules(index({ x: slot(["abuser"], ["1234"]) }), allSites());
  const tokenOf = (filter) =>
    rules.find((r) => r.condition.urlFilter === filter).action.redirect.extensionPath.split("#")[1];
  assert.deepEqual(targets[tokenOf("||x.com/abuser^")], { platform: "x", person: { handle: "abuser" } });
  assert.deepEqual(targets[tokenOf("||x.com/i/user/1234^")], { platform: "x", person: { id: "1234" } });
  assert.equal(Object.keys(targets).length, rules.length);
  // A rebuild makes new tokens: an address seen in history yesterday says nothing today.
  const again = buildRedirectRules(index({ x: slot(["abuser"], ["1234"]) }), allSites());
  assert.equal(Object.keys(again.targets).filter((t) => t in targets).length, 0);
});

test("no rules while paused, none for a site switched off, none for unsafe values", () => {
  const none = { rules: [], targets: {} };
  assert.deepEqual(buildRedirectRules(index({ x: slot(["abuser"]) }, true), allSites()), none);
  assert.deepEqual(buildRedirectRules(index({ x: slot(["abuser"], [], false) }), allSites()), none);
  assert.deepEqual(buildRedirectRules(index({ x: slot(["a*b|c"]) }), allSites()), none);
  assert.deepEqual(buildRedirectRules(index({ mastodon: slot(["rob@mastodon.social"]) }), allSites()), none);
});

test("thousands of people stay within the browsers' rule limit", () => {
  const many = Array.from({ length: 4000 }, (_, i) => `person${i}`);
  const { rules, targets } = buildRedirectRules(index({ x: slot(many) }), allSites());
  assert.equal(rules.length, MAX_RULES);
  assert.equal(Object.keys(targets).length, MAX_RULES);
});
