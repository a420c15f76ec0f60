// Every message type sent anywhere in the extension has exactly one handler in the background's
// router, and every handler is sent by something: a page, a content script or the background
// itself. Message types are "group.verb"; the router refuses a second handler for a type.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

import { installFakeChrome } from "./support/fake_chrome.mjs";

installFakeChrome();
await import("../../extension/background.js");
const { routedTypes } = await import("../../extension/background/messages.js");

const EXTENSION = new URL("../../extension/", import.meta.url).pathname;

/** @param {string} dir @returns {string[]} */
function jsFiles(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return jsFiles(path);
    return name.endsWith(".js") ? [path] : [];
  });
}

/** Message types written as `type: "group.verb"` anywhere outside the background's handlers. */
function sentTypes() {
  const sent = new Map();
  for (const file of jsFiles(EXTENSION)) {
    if (file.includes("/background/") || file.endsWith("background.js")) continue;
    for (const found of readFileSync(file, "utf8").matchAll(/\btype:\s*"([a-z][A-Za-z]*\.[A-Za-z]+)"/g)) {
      sent.set(found[1], file.slice(EXTENSION.length));
    }
  }
  return sent;
}

test("every message sent has exactly one handler", () => {
  const routed = routedTypes();
  assert.equal(new Set(routed).size, routed.length, "a type is routed twice");
  for (const [type, file] of sentTypes())
    assert.ok(routed.includes(type), `${file} sends "${type}", which nothing answers`);
});

test("every handler is sent by something", () => {
  const sent = sentTypes();
  for (const type of routedTypes()) assert.ok(sent.has(type), `the background answers "${type}", which nothing sends`);
});

// Who may send what, and in what shape (background/messages.js, background/message-shapes.js).
const { answerPages, dispatch, senderIs } = await import("../../extension/background/messages.js");
const { SHAPES, shapeError } = await import("../../extension/background/message-shapes.js");

const ORIGIN = "chrome-extension://test-extension";
const PAGE = { id: "test-extension", url: `${ORIGIN}/pages/options.html`, origin: ORIGIN };
const SITE = { id: "test-extension", url: "https://x.com/home", origin: "https://x.com", tab: { id: 7 }, frameId: 0 };

/**
 * Send one message through the router; the answer, or "no answer" when the router stays silent.
 * @param {any} message @param {any} sender
 */
function send(message, sender) {
  return new Promise((resolve) => {
    const later = dispatch(message, sender, resolve);
    if (!later) setTimeout(() => resolve("no answer"), 20);
  });
}

test("every routed type declares its shape, and every shape is routed", () => {
  const routed = routedTypes();
  for (const type of routed) assert.ok(SHAPES[type], `"${type}" has no shape`);
  for (const type of Object.keys(SHAPES))
    assert.ok(routed.includes(type), `shape for "${type}", which nothing answers`);
});

test("pages are the extension's own: its id, its address and its origin, never a tab's address", () => {
  assert.equal(senderIs("page", PAGE), true);
  assert.equal(senderIs("page", { ...PAGE, id: "another-extension" }), false);
  assert.equal(senderIs("page", { ...PAGE, url: "https://x.com/" }), false);
  // A frame of another origin inside an extension tab: its tab is ours, it is not.
  assert.equal(senderIs("page", { id: "test-extension", url: "https://evil.example/", tab: { url: PAGE.url } }), false);
  assert.equal(senderIs("page", { ...PAGE, origin: "https://evil.example" }), false);
  assert.equal(senderIs("page", { ...PAGE, url: `${ORIGIN}.evil.example/pages/options.html` }), false);
  assert.equal(senderIs("page", {}), false);
  assert.equal(senderIs("page", undefined), false);
});

test("content scripts are in a site's tab, and never count as pages", () => {
  assert.equal(senderIs("content", SITE), true);
  assert.equal(senderIs("page", SITE), false);
  assert.equal(senderIs("content", PAGE), false);
  assert.equal(senderIs("content", { ...SITE, tab: undefined }), false);
  assert.equal(senderIs("content", { ...SITE, url: "file:///etc/passwd" }), false);
  assert.equal(senderIs("content", { ...SITE, id: "another-extension" }), false);
});

test("a verb answered for pages is not answered for content scripts, and the other way round", async () => {
  assert.equal(await send({ type: "store.restored" }, SITE), "no answer");
  assert.equal(await send({ type: "reflect.fromSite", platform: "x", person: { handle: "a" } }, PAGE), "no answer");
  assert.deepEqual(await send({ type: "store.restored" }, PAGE), { ok: true, restored: false });
});

test("a malformed message gets a clear error and reaches no handler", async () => {
  for (const message of [
    { type: "list.add", text: 5 },
    { type: "list.add" },
    { type: "list.setPaused", paused: "yes" },
    { type: "settings.set", changes: ["discreet"] },
    { type: "reflect.keep", id: "r1", motive: 3 },
  ]) {
    const answer = /** @type {any} */ (await send(message, PAGE));
    assert.equal(answer.ok, false, JSON.stringify(message));
    assert.equal(answer.error, "message_malformed");
    assert.match(answer.detail, new RegExp(`^${message.type.replace(".", "\\.")}: `));
  }
  // The content engine's style request takes only names of its own form: nothing to inject CSS with.
  const style = { type: "engine.style", hidden: "data-abcdefghij", cover: "data-bcdefghijk", ready: "data-cdefghijkl" };
  for (const bad of ["x] { } body { display: none", "data-nc-hidden", "", "data-ABCDEFGHIJ"]) {
    const answer = /** @type {any} */ (await send({ ...style, hidden: bad }, SITE));
    assert.equal(answer.error, "message_malformed", bad);
  }
  assert.equal(shapeError(SHAPES["engine.style"], style), null);
});

test("nothing a sender sends makes the background throw", async () => {
  for (const message of [null, undefined, 5, "list.get", [], { type: 5 }, { type: "no.such" }, { type: "__proto__" }]) {
    assert.doesNotThrow(() => dispatch(message, PAGE, () => {}));
  }
  SHAPES["test.throws"] = {};
  answerPages({
    "test.throws": () => {
      throw new Error("boom");
    },
  });
  assert.deepEqual(await send({ type: "test.throws" }, PAGE), { ok: false, error: "boom" });
});

test("optional fields may be absent or null, declared ones must have their type", () => {
  const shape = SHAPES["reflect.keep"];
  assert.equal(shapeError(shape, { type: "reflect.keep", id: "r1" }), null);
  assert.equal(shapeError(shape, { type: "reflect.keep", id: "r1", motive: null }), null);
  assert.equal(shapeError(shape, { type: "reflect.keep", id: "r1", motive: "guilt" }), null);
  assert.equal(shapeError(shape, { type: "reflect.keep" }), "id is missing");
  assert.equal(shapeError(shape, "reflect.keep"), "not an object");
});
