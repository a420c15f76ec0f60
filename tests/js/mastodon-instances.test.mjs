// background/instances.js: what the user types → instance host, and the Mastodon redirect rules
// checked against DNR urlFilter semantics (a small model of "|" end anchor and substring match).
import assert from "node:assert/strict";
import { test } from "node:test";

import { mastodonRedirectRules, parseInstance } from "../../extension/background/instances.js";

const PAGE = "chrome-extension://d1ab29d0-5b5e-4343-a74c-91fcb92348db/pages/interstitial.html";

test("an instance is read from a host, an instance or profile URL, or a handle", () => {
  assert.equal(parseInstance("mastodon.social"), "mastodon.social");
  assert.equal(parseInstance("  https://Fosstodon.org/@someone "), "fosstodon.org");
  assert.equal(parseInstance("@user@hachyderm.io"), "hachyderm.io");
  assert.equal(parseInstance("user@Mas.to"), "mas.to");
  assert.equal(parseInstance("https://mastodon.social/deck/@a@b.example"), "mastodon.social");
});

test("what names no instance is refused with a message key", () => {
  for (const bad of ["", "not an instance", "https://", "@user@", "localhost", "http://[::1]/"]) {
    assert.throws(() => parseInstance(bad), { message: "options_instanceInvalid" }, bad);
  }
});

/**
 * Whether a rule redirects a URL: its host is one of requestDomains (or a subdomain) and its
 * urlFilter ("…|" = ends with, otherwise contains) matches, case-insensitively.
 * @param {any} rule @param {string} url
 */
function redirects(rule, url) {
  const parsed = new URL(url);
  const domainOk = rule.condition.requestDomains.some(
    (d) => parsed.hostname === d || parsed.hostname.endsWith(`.${d}`),
  );
  const filter = rule.condition.urlFilter.toLowerCase();
  const href = url.toLowerCase();
  const hit = filter.endsWith("|") ? href.endsWith(filter.slice(0, -1)) : href.includes(filter);
  return domainOk && hit;
}

test("their profile and statuses redirect on every added instance, namesakes never", () => {
  const rules = mastodonRedirectRules(["abuser@mastodon.social"], ["mastodon.social", "fosstodon.org"], 500, PAGE);
  assert.equal(rules.length, 6);
  assert.deepEqual(
    rules.map((r) => r.id),
    [500, 501, 502, 503, 504, 505],
  );
  const hit = (url) => rules.some((rule) => redirects(rule, url));
  for (const url of [
    "https://mastodon.social/@abuser",
    "https://mastodon.social/@Abuser/112233",
    "https://mastodon.social/@abuser?foo=1",
    "https://mastodon.social/deck/@abuser",
    "https://fosstodon.org/@abuser@mastodon.social",
    "https://fosstodon.org/deck/@abuser@mastodon.social/with_replies",
  ]) {
    assert.ok(hit(url), url);
  }
  for (const url of [
    "https://mastodon.social/@abuser2",
    "https://mastodon.social/@notabuser",
    "https://mastodon.social/@abuse",
    "https://mastodon.social/@abuser@mastodon.online",
    "https://fosstodon.org/@abuser",
    "https://fosstodon.org/@abuser@mastodon.social.example",
    "https://fosstodon.org/@abuser@mastodon.socialist",
    "https://example.org/@abuser@mastodon.social",
  ]) {
    assert.ok(!hit(url), url);
  }
  for (const rule of rules) {
    assert.deepEqual(rule.condition.resourceTypes, ["main_frame"]);
    assert.equal(rule.action.redirect.url, PAGE);
  }
});

test("no instance added, no rules; a person's own instance not added, only the remote form", () => {
  assert.deepEqual(mastodonRedirectRules(["abuser@mastodon.social"], [], 1, PAGE), []);
  const rules = mastodonRedirectRules(["abuser@mastodon.social"], ["fosstodon.org"], 1, PAGE);
  assert.equal(rules.length, 3);
  assert.ok(rules.every((r) => r.condition.urlFilter.startsWith("/@abuser@mastodon.social")));
});

test("the site registry recognises Mastodon profiles on any instance as user@instance", async () => {
  await import("../../extension/common/registry.js");
  await import("../../extension/sites/mastodon.js");
  const registry = globalThis.NoContactSites;
  const expect = (url, handle, instance) =>
    assert.deepEqual(registry.profileFromUrl(url), { platform: "mastodon", handle, id: null, instance }, url);
  expect("https://mastodon.social/@Abuser", "abuser@mastodon.social", "mastodon.social");
  expect("https://fosstodon.org/@abuser@mastodon.social", "abuser@mastodon.social", "mastodon.social");
  expect("https://fosstodon.org/deck/@abuser@mastodon.social/112233", "abuser@mastodon.social", "mastodon.social");
  expect("https://mastodon.social/users/abuser", "abuser@mastodon.social", "mastodon.social");
  for (const url of [
    "https://mastodon.social/home",
    "https://mastodon.social/@abuser/112233/reblogs",
    "https://mastodon.social/tags/abuser",
  ]) {
    assert.equal(registry.profileFromUrl(url), null, url);
  }
});
