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
