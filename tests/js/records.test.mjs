// The sealed records' rules (extension/lib/records.js): one record per post whichever device saw
// it, merges that never lose a record, the limit, what may show without opening the box, and the
// export's hash chain that shows any later edit.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  capturedId,
  clearRecords,
  emptyRecords,
  exportRows,
  firstBrokenRow,
  keep,
  MAX_RECORDS,
  mergeRecords,
  summary,
  toCsv,
} from "../../extension/lib/records.js";
import { toHtml } from "../../extension/lib/records-report.js";

const post = (n, seen = 1000 + n) => ({
  kind: "captured",
  site: "x",
  url: `https://x.com/rowan_vale/status/${n}`,
  seen_at: seen,
  author: "rowan_vale",
  text: `words number ${n}`,
  person: "p1",
});

async function withPosts(count) {
  let doc = emptyRecords();
  for (let n = 0; n < count; n++) doc = keep(doc, await capturedId("x", post(n).url), post(n)).doc;
  return doc;
}

test("the same post seen twice, or on two devices, is one record", async () => {
  const id = await capturedId("x", post(1).url);
  assert.equal(id, await capturedId("x", post(1).url));
  assert.notEqual(id, await capturedId("x", post(2).url));
  const once = keep(emptyRecords(), id, post(1));
  const twice = keep(once.doc, id, { ...post(1), seen_at: 5 });
  assert.equal(once.added, true);
  assert.equal(twice.added, false);
  assert.deepEqual(twice.doc, once.doc);
  // Seen on another device too: after a merge both keep the same one, the later sighting (PROTOCOL
  // §3.4: the one a deletion is judged by).
  const elsewhere = keep(emptyRecords(), id, { ...post(1), seen_at: 500 }).doc;
  assert.deepEqual(mergeRecords(once.doc, elsewhere), mergeRecords(elsewhere, once.doc));
  assert.equal(Object.keys(mergeRecords(once.doc, elsewhere).records).length, 1);
  assert.equal(mergeRecords(once.doc, elsewhere).records[id].seen_at, post(1).seen_at);
});

test("a merge never loses a record; only a logged deletion removes one", async () => {
  const a = await withPosts(3);
  const b = keep(emptyRecords(), "saved:abc", { ...post(9), kind: "saved", text: "" }).doc;
  const both = mergeRecords(a, b);
  assert.equal(Object.keys(both.records).length, 4);
  assert.deepEqual(mergeRecords(both, both), both);
  assert.deepEqual(mergeRecords(mergeRecords(a, b), a), both);
  const gone = clearRecords(both, "e1", 9999);
  assert.deepEqual(gone.records, {});
  assert.deepEqual(Object.values(gone.log), [{ at: 9999, kind: "deleted", count: 4 }]);
  // A device that still had them does not bring them back, nor keeps them again.
  assert.deepEqual(mergeRecords(gone, a).records, {});
  assert.equal(keep(gone, Object.keys(a.records)[0], post(0)).added, false);
});

test("deleting reaches what this device has not seen yet, and what is seen afterwards is kept", async () => {
  const here = await withPosts(2);
  const gone = clearRecords(here, "e1", 5000);
  assert.equal(gone.cleared_before, 5000);
  assert.deepEqual(gone.deleted, [], "the time covers them: no tombstone per record");
  // Another device kept a post before the deletion and had not synced it: it goes too.
  const elsewhere = keep(emptyRecords(), await capturedId("x", post(7).url), post(7, 4000)).doc;
  assert.deepEqual(mergeRecords(gone, elsewhere).records, {});
  // The same post seen again after the deletion is a record again, even where it meets the copy
  // from before the deletion on a device that has not heard of it yet.
  const again = keep(gone, await capturedId("x", post(0).url), post(0, 6000));
  assert.equal(again.added, true);
  assert.deepEqual(mergeRecords(again.doc, here), mergeRecords(again.doc, null));
  assert.deepEqual(mergeRecords(again.doc, mergeRecords(here, gone)), mergeRecords(again.doc, null));
});

test("deleting also takes a record stamped ahead of this device's clock", async () => {
  const ahead = keep(emptyRecords(), "saved:ahead", { ...post(1), kind: "saved", text: "", seen_at: 9000 }).doc;
  const gone = clearRecords(ahead, "e1", 5000);
  assert.deepEqual(gone.records, {});
  assert.deepEqual(gone.deleted, ["saved:ahead"]);
  assert.deepEqual(mergeRecords(gone, ahead).records, {});
});

test("a merge past the limit keeps the oldest, the same whichever side holds what", async () => {
  const older = await withPosts(MAX_RECORDS);
  let newer = emptyRecords();
  for (let n = 0; n < 3; n++) {
    const p = post(n + 5000, 100 + n);
    newer = keep(newer, await capturedId("x", p.url), p).doc;
  }
  const merged = mergeRecords(older, newer);
  assert.equal(Object.keys(merged.records).length, MAX_RECORDS);
  assert.deepEqual(merged, mergeRecords(newer, older));
  for (const id of Object.keys(newer.records)) assert.ok(id in merged.records, "the three oldest are kept");
  const seen = Object.values(merged.records).map((r) => r.seen_at);
  assert.equal(Math.max(...seen), 1000 + MAX_RECORDS - 4, "the three newest went");
});

test("a full record keeps the oldest and says so", async () => {
  const full = await withPosts(MAX_RECORDS);
  const extra = keep(full, await capturedId("x", "https://x.com/rowan_vale/status/new"), post(99999));
  assert.equal(extra.added, false);
  assert.equal(extra.full, true);
  assert.equal(Object.keys(extra.doc.records).length, MAX_RECORDS);
  assert.equal(summary(extra.doc, 10_000).full, true);
});

test("what shows without opening the box has no text in it", async () => {
  const doc = await withPosts(3);
  const shown = JSON.stringify(summary(doc, 2000));
  assert.ok(!shown.includes("words number"));
  assert.equal(summary(doc, 2000).count, 3);
  assert.equal(summary(doc, 1002 + 7 * 24 * 3600 * 1000).thisWeek, 1);
});

test("the export's hashes and chain show any later edit", async () => {
  const rows = await exportRows(await withPosts(5));
  assert.equal(rows.length, 5);
  assert.equal(await firstBrokenRow(rows), -1);
  const edited = rows.map((r) => ({ ...r }));
  edited[2].text = "something they never wrote";
  assert.equal(await firstBrokenRow(edited), 2);
  const removed = rows.filter((_, i) => i !== 1);
  assert.equal(await firstBrokenRow(removed), 1);
  const csv = toCsv(rows, (at) => String(at));
  assert.equal(csv.trim().split("\r\n").length, 6);
  for (const row of rows) assert.ok(csv.includes(row.hash) && csv.includes(row.chain) && csv.includes(row.url));
  const html = toHtml(rows, { t: (k, ...s) => `${k}${s.join(",")}`, siteName: (p) => p, localTime: String, now: 1 });
  for (const row of rows) assert.ok(html.includes(row.chain) && html.includes(row.text));
  assert.ok(!/<script|https?:\/\/(?!x\.com)/.test(html.replace(/https:\/\/x\.com[^<"]*/g, "")), "self-contained");
});
