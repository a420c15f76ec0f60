// Restoring a backup (background/list.js, list.import) accepts it as a document from elsewhere: an
// import adds at once, and a removal in it that is not due here waits its cooling-off instead of
// taking anyone off the list (issue #15: a backup edited by hand was a way around the wait).
import assert from "node:assert/strict";
import { test } from "node:test";

import { installFakeBrowser } from "./support/fake_browser.mjs";

const browser = installFakeBrowser();
await import("../../extension/background/list.js");
const bl = await import("../../extension/lib/blocklist.js");
const pending = await import("../../extension/lib/pending.js");

const H = pending.HOUR_MS;

async function ask(message) {
  const answer = await browser.send(message);
  assert.equal(answer.ok, true, answer.error);
  return answer;
}

test("a backup with everyone removed adds what it has and removes no one; the removals wait", async () => {
  const first = await ask({ type: "list.add", text: "https://x.com/first_one", label: "First" });
  await ask({ type: "list.add", text: "https://x.com/second_one", label: "Second" });
  const doc = browser.local.get("doc.blocklist");
  // The backup: the same list with every tag removed, plus someone new.
  const backup = structuredClone(doc);
  for (const p of Object.values(backup.people)) {
    backup.removed.push(...p.adds, ...Object.values(p.accounts).flatMap((a) => a.adds));
  }
  const added = bl.addPerson(
    backup,
    { label: "Third", accounts: [{ platform: "reddit", handle: "third_one" }] },
    {
      device: "other",
      now: Date.now(),
    },
  );
  const text = JSON.stringify({ nocontact_backup: 1, documents: { blocklist: added.doc } });
  const before = Date.now();
  const { count } = await ask({ type: "list.import", text });
  assert.equal(count, 3);
  const after = browser.local.get("doc.blocklist");
  assert.deepEqual(
    bl
      .presentPeople(after)
      .map((p) => p.label)
      .sort(),
    ["First", "Second", "Third"],
  );
  const waiting = pending.listPending(after);
  assert.equal(waiting.length, 2);
  for (const p of waiting) {
    assert.equal(p.action.type, "remove_person");
    assert.ok(p.effective_at >= before + 24 * H, "the cooling-off starts at the import");
  }
  assert.ok(waiting.some((p) => p.action.person === first.id));
});

test("the cooling-off of the removals an import brings is this device's setting", async () => {
  browser.local.clear();
  browser.local.set("doc.settings", {
    format: 1,
    values: { cooling_off_hours: { value: 72, ts: 1, device: "here" } },
  });
  await ask({ type: "list.add", text: "https://x.com/only_one", label: "Only" });
  const backup = structuredClone(browser.local.get("doc.blocklist"));
  for (const p of Object.values(backup.people)) backup.removed.push(...p.adds);
  const before = Date.now();
  await ask({ type: "list.import", text: JSON.stringify(backup) });
  const after = browser.local.get("doc.blocklist");
  assert.equal(bl.presentPeople(after).length, 1);
  const [entry] = pending.listPending(after);
  assert.ok(entry.effective_at >= before + 72 * H && entry.effective_at < before + 73 * H);
});
