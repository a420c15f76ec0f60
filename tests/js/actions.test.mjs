// The weakening actions are one table (extension/lib/actions.js); the words the flow and the options
// page show for each, and the blocklist schema's `action`, must follow it exactly, so that an action
// cannot be half-added (a flow with no words, a waiting change the schema refuses to sync).
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

import { ACTION_TYPES, ACTIONS, checkAction } from "../../extension/lib/actions.js";

const root = new URL("../../", import.meta.url);
const schema = JSON.parse(readFileSync(new URL("shared/schemas/blocklist.schema.json", root), "utf8"));
const localesDir = new URL("extension/_locales/", root);
const locales = readdirSync(localesDir).map((name) => [
  name,
  JSON.parse(readFileSync(new URL(`${name}/messages.json`, localesDir), "utf8")),
]);

test("every action has the flow's and the options page's words in every locale", () => {
  for (const [locale, messages] of locales) {
    for (const type of ACTION_TYPES) {
      for (const key of [`reflect_what_${type}`, `options_pending_${type}`]) {
        assert.ok(messages[key]?.message, `_locales/${locale} lacks ${key}`);
      }
    }
    for (const key of Object.keys(messages)) {
      const type = /^(?:reflect_what|options_pending)_(\w+)$/.exec(key)?.[1];
      if (type) assert.ok(ACTIONS[type], `_locales/${locale} has ${key}, which is no action`);
    }
  }
});

test("the blocklist schema's actions are exactly the table's, with the same fields", () => {
  const variants = schema.$defs.action.oneOf;
  assert.deepEqual(variants.map((v) => v.properties.type.const).sort(), [...ACTION_TYPES].sort());
  for (const variant of variants) {
    const rule = ACTIONS[variant.properties.type.const];
    const required = Object.entries(rule.fields)
      .filter(([, need]) => need === "required")
      .map(([f]) => f);
    assert.deepEqual(variant.required.sort(), ["type", ...required].sort(), variant.properties.type.const);
    assert.deepEqual(Object.keys(variant.properties).sort(), ["type", ...Object.keys(rule.fields)].sort());
  }
});

test("an action is checked against its row: unknown types and fields out of shape are refused", () => {
  assert.deepEqual(checkAction({ type: "site_off", platform: "x", extra: "dropped" }), {
    type: "site_off",
    platform: "x",
  });
  assert.deepEqual(checkAction({ type: "look_anyway", person: "p1" }), { type: "look_anyway", person: "p1" });
  for (const bad of [
    null,
    { type: "format_disk" },
    { type: "site_off", platform: "myspace" },
    { type: "remove_person" },
    { type: "remove_person", person: { $gt: "" } },
    { type: "lower_cooling_off", hours: -1 },
  ]) {
    assert.throws(() => checkAction(bad), /reflect_unknownAction/, JSON.stringify(bad));
  }
});
