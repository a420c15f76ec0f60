// URL recognition and author matching of the X, Reddit, YouTube and Bluesky site files, without a
// browser: the registry and the site files are classic scripts that only touch globalThis.
import { test } from "node:test";
import assert from "node:assert/strict";

await import("../../extension/common/registry.js");
await import("../../extension/sites/x.js");
await import("../../extension/sites/reddit.js");
await import("../../extension/sites/youtube.js");
await import("../../extension/sites/bluesky.js");
await import("../../extension/common/identity.js");
await import("../../extension/content/matcher.js");

const { profileFromUrl, forHost } = globalThis.NoContactSites;
const { compile } = globalThis.NoContactMatcher;

/** @param {string} url */
function who(url) {
  const found = profileFromUrl(url);
  return found && [found.platform, found.handle, found.id];
}

test("X profile and post URLs name the person; the site's own pages name no one", () => {
  assert.deepEqual(who("https://x.com/Abuser"), ["x", "Abuser", null]);
  assert.deepEqual(who("https://twitter.com/abuser/with_replies"), ["x", "abuser", null]);
  assert.deepEqual(who("https://mobile.twitter.com/abuser/status/1790000000000000001"), ["x", "abuser", null]);
  assert.deepEqual(who("https://x.com/i/user/1234567890"), ["x", null, "1234567890"]);
  for (const url of [
    "https://x.com/home",
    "https://x.com/search?q=abuser",
    "https://x.com/hashtag/abuser",
    "https://x.com/explore",
    "https://x.com/settings/blocked/all",
  ]) {
    assert.equal(profileFromUrl(url), null, url);
  }
});

test("Reddit, YouTube and Bluesky profile URLs, by handle or stable id", () => {
  assert.deepEqual(who("https://www.reddit.com/user/abuser/"), ["reddit", "abuser", null]);
  assert.deepEqual(who("https://old.reddit.com/u/abuser/comments"), ["reddit", "abuser", null]);
  assert.equal(profileFromUrl("https://www.reddit.com/r/abuser/"), null);
  assert.deepEqual(who("https://m.youtube.com/@TheirChannel/videos"), ["youtube", "TheirChannel", null]);
  assert.deepEqual(who("https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv"), [
    "youtube",
    null,
    "UCabcdefghijklmnopqrstuv",
  ]);
  assert.equal(profileFromUrl("https://www.youtube.com/watch?v=abc"), null);
  assert.deepEqual(who("https://bsky.app/profile/abuser.bsky.social/post/3kaaa1"), [
    "bluesky",
    "abuser.bsky.social",
    null,
  ]);
  assert.deepEqual(who("https://bsky.app/profile/did:plc:abuserdid000000000000000"), [
    "bluesky",
    null,
    "did:plc:abuserdid000000000000000",
  ]);
  assert.equal(profileFromUrl("https://bsky.app/search?q=abuser"), null);
  assert.equal(profileFromUrl("not a url"), null);
});

/**
 * A stand-in element carrying attributes, matching exactly the selectors given.
 * @param {string[]} selectors @param {Record<string, string>} attributes
 */
function element(selectors, attributes) {
  return {
    matches: (/** @type {string} */ sel) => selectors.includes(sel),
    getAttribute: (/** @type {string} */ name) => attributes[name] ?? null,
    closest: () => null,
    querySelectorAll: () => [],
    querySelector: () => null,
  };
}

test("Reddit authors match exactly, case-insensitively, or by account id; lookalikes never", () => {
  const matcher = compile(forHost("www.reddit.com").dom);
  const listed = { handles: new Set(["abuser"]), ids: new Set(["t2_abu5e"]) };
  const comment = (/** @type {Record<string, string>} */ attrs) =>
    matcher.check(/** @type {any} */ (element(["shreddit-comment"], attrs)), listed);
  assert.equal(comment({ author: "Abuser" }).matched, true);
  assert.equal(comment({ author: "renamed", "author-id": "t2_abu5e" }).matched, true);
  for (const lookalike of ["abuser2", "notabuser", "abuse", "[deleted]"]) {
    assert.equal(comment({ author: lookalike }).matched, false, lookalike);
  }
  assert.equal(matcher.check(/** @type {any} */ (element(["div"], {})), listed), null);
});

test("every reader pattern of the four sites compiles and names the attributes to watch", () => {
  for (const host of ["x.com", "www.reddit.com", "www.youtube.com", "bsky.app"]) {
    const matcher = compile(forHost(host).dom);
    assert.ok(matcher.itemSelector.length > 0, host);
    assert.ok(matcher.attributes.includes("href") || matcher.attributes.includes("author"), host);
  }
});
