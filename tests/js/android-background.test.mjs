// Firefox for Android has no context menus, keyboard shortcuts or history for extensions. The
// background must still start there: every other part (the list, the redirects, sync) depends on it.
import assert from "node:assert/strict";
import { test } from "node:test";

import { installFakeChrome } from "./support/fake_chrome.mjs";

installFakeChrome({ missing: ["contextMenus", "commands", "history"] });

test("the background starts in a browser without menus, shortcuts or history", async () => {
  await import("../../extension/background.js");
  const { routedTypes } = await import("../../extension/background/messages.js");
  assert.ok(routedTypes().includes("list.add"));
});
