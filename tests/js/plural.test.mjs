// Counted phrases read right for any number, in every locale: 0, 1, 2 and 5 of each, through the
// extension's own plural() over a stand-in for chrome.i18n that reads _locales as browsers do.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

const read = (locale) =>
  JSON.parse(readFileSync(new URL(`../../extension/_locales/${locale}/messages.json`, import.meta.url), "utf8"));

/** chrome.i18n as browsers implement it: $NAME$ → its placeholder's content → $1 … substitutions. */
function i18n(locale) {
  const messages = read(locale);
  return {
    getUILanguage: () => locale,
    getMessage(key, subs = []) {
      const entry = messages[key];
      if (!entry) return "";
      return entry.message.replace(/\$([A-Za-z_]+)\$/g, (whole, name) => {
        const content = entry.placeholders?.[name.toLowerCase()]?.content;
        if (!content) return whole;
        return content.replace(/\$(\d)/g, (_, n) => subs[Number(n) - 1] ?? "");
      });
    },
  };
}

const { plural } = await import("../../extension/lib/i18n.js");

test("English counts", () => {
  globalThis.chrome = { i18n: i18n("en") };
  const hidden = [0, 1, 2, 5].map((n) => plural("popup_summary", n));
  assert.deepEqual(hidden, [
    "Protection is on. 0 people hidden.",
    "Protection is on. 1 person hidden.",
    "Protection is on. 2 people hidden.",
    "Protection is on. 5 people hidden.",
  ]);
  assert.deepEqual(
    [0, 1, 2, 5].map((n) => plural("options_hours", n)),
    ["0 hours", "1 hour", "2 hours", "5 hours"],
  );
  assert.equal(plural("options_journalWeek", 1, "Mar 3"), "Week of Mar 3: 1 moment");
  assert.equal(plural("options_peopleShown", 2, 50), "Showing 2 of 50");
});

test("Spanish counts", () => {
  globalThis.chrome = { i18n: i18n("es") };
  const [zero, one, two, five] = [0, 1, 2, 5].map((n) => plural("options_hours", n));
  assert.ok(zero.startsWith("0 ") && two.startsWith("2 ") && five.startsWith("5 "));
  assert.ok(one.startsWith("1 "));
  // The singular form is used for 1 only, and differs from the plural one.
  assert.notEqual(one.slice(2), two.slice(2));
  assert.equal(two.slice(2), five.slice(2));
  assert.equal(zero.slice(2), five.slice(2));
  for (const key of ["popup_summary", "options_imported", "options_peopleCount", "badge_due"]) {
    assert.notEqual(plural(key, 1), plural(key, 2).replace("2", "1"), key);
  }
});
