import { test } from "node:test";
import assert from "node:assert/strict";

test("node has WebCrypto subtle", () => {
  assert.equal(typeof globalThis.crypto.subtle.importKey, "function");
});
