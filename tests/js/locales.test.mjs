// The words: every locale has every key the code uses, with the same placeholders; counted phrases
// have their plural forms; and discreet mode has words for every message that names the product.
import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";

const EXTENSION = new URL("../../extension/", import.meta.url).pathname;
const LOCALES = join(EXTENSION, "_locales");
/** @type {Record<string, Record<string, any>>} */
const messages = Object.fromEntries(
  readdirSync(LOCALES).map((locale) => [
    locale,
    JSON.parse(readFileSync(join(LOCALES, locale, "messages.json"), "utf8")),
  ]),
);
const en = messages.en;

/** @param {string} dir @returns {string[]} */
function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "_locales" ? [] : files(path);
    return /\.(js|html|json)$/.test(name) ? [path] : [];
  });
}

/** The keys the code names literally: t("key"), plural("key"), data-i18n="key", __MSG_key__. */
function usedKeys() {
  const plain = new Set();
  const counted = new Set();
  for (const file of files(EXTENSION)) {
    const text = readFileSync(file, "utf8");
    for (const m of text.matchAll(/\bt\(\s*"([A-Za-z_]+)"/g)) plain.add(m[1]);
    for (const m of text.matchAll(/\bplural\(\s*"([A-Za-z_]+)"/g)) counted.add(m[1]);
    for (const m of text.matchAll(/data-i18n(?:-label|-placeholder)?="([A-Za-z_]+)"/g)) plain.add(m[1]);
    for (const m of text.matchAll(/__MSG_([A-Za-z_]+)__/g)) plain.add(m[1]);
  }
  return { plain, counted };
}

const placeholders = (/** @type {any} */ m) => Object.keys(m.placeholders ?? {}).sort();

test("every key the code names exists, and every counted phrase has its other form", () => {
  const { plain, counted } = usedKeys();
  assert.ok(plain.size > 100 && counted.size > 5, "the scan found the keys");
  for (const key of plain) assert.ok(en[key], `the code uses ${key}, which _locales/en lacks`);
  for (const key of counted) assert.ok(en[`${key}_other`], `plural("${key}") needs ${key}_other`);
});

test("every locale has exactly the keys of en, with the same placeholders", () => {
  assert.ok(Object.keys(messages).length >= 2, "a second locale is complete");
  for (const [locale, words] of Object.entries(messages)) {
    assert.deepEqual(Object.keys(words).sort(), Object.keys(en).sort(), `_locales/${locale}`);
    for (const key of Object.keys(en)) {
      assert.deepEqual(placeholders(words[key]), placeholders(en[key]), `_locales/${locale}: ${key}`);
      assert.ok(words[key].message.trim(), `_locales/${locale}: ${key} is empty`);
    }
  }
});

test("in discreet mode no message in view names the product", () => {
  for (const [locale, words] of Object.entries(messages)) {
    const name = words.extName.message;
    for (const [key, value] of Object.entries(words)) {
      if (key.endsWith("_discreet")) {
        assert.ok(words[key.slice(0, -"_discreet".length)], `_locales/${locale}: ${key} has no ordinary form`);
        assert.ok(!value.message.includes(name), `_locales/${locale}: ${key} names the product`);
      } else if (value.message.includes(name) && !["extShortName", "extDescription"].includes(key)) {
        assert.ok(words[`${key}_discreet`], `_locales/${locale}: ${key} names the product and has no _discreet form`);
      }
    }
  }
});
