// The sealed records' rules (extension/lib/records.js): one record per post whichever device saw
// it, merges that never lose a record, the limit, what may show without opening the box, and the
// export's hash chain that shows any later edit.
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  capturedId,
  deleteRecords,
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
  // Seen first on another device: after a merge both keep the earlier sighting.
  const elsewhere = keep(emptyRecords(), id, { ...post(1), seen_at: 500 }).doc;
  assert.deepEqual(mergeRecords(once.doc, elsewhere), mergeRecords(elsewhere, once.doc));
  assert.equal(mergeRecords(once.doc, elsewhere).records[id].seen_at, 500);
});

test("a merge never loses a record; only a logged deletion removes one", async () => {
  const a = await withPosts(3);
  const b = keep(emptyRecords(), "saved:abc", { ...post(9), kind: "saved", text: "" }).doc;
  const both = mergeRecords(a, b);
  assert.equal(Object.keys(both.records).length, 4);
  assert.deepEqual(mergeRecords(both, both), both);
  assert.deepEqual(mergeRecords(mergeRecords(a, b), a), both);
  const gone = deleteRecords(both, Object.keys(both.records), "e1", 9999);
  assert.deepEqual(gone.records, {});
  assert.deepEqual(Object.values(gone.log), [{ at: 9999, kind: "deleted", count: 4 }]);
  // A device that still had them does not bring them back.
  assert.deepEqual(mergeRecords(gone, a).records, {});
  assert.equal(keep(gone, Object.keys(a.records)[0], post(0)).added, false);
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
