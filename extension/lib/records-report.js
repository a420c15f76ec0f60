// The sealed records as files for an advocate or a court: a CSV, and a self-contained printable
// HTML report (no script, no outside address, styles inline) with a short header in plain words on
// how the records were collected and what they do not prove, then every record with its own hash
// and the hash chain over all of them (lib/records.js). Words come from _locales through `t`.
import { escapeHtml } from "./records.js";

/**
 * @param {import("./records.js").ExportRow[]} rows
 * @param {{t: (key: string, ...subs: (string|number)[]) => string, siteName: (p: string) => string,
 *   localTime: (at: number) => string, now: number}} words
 * @returns {string}
 */
export function toHtml(rows, { t, siteName, localTime, now }) {
  const cell = (/** @type {string} */ label, /** @type {string} */ value, mono = false) =>
    `<tr><th scope="row">${escapeHtml(label)}</th><td${mono ? ' class="mono"' : ""}>${escapeHtml(value)}</td></tr>`;
  const records = rows
    .map(
      (r, i) => `<section class="record"><h2>${escapeHtml(t("records_reportItem", i + 1))}</h2><table>
${cell(t("records_fieldSite"), siteName(r.site))}
${cell(t("records_fieldAddress"), r.url, true)}
${cell(t("records_fieldSeenLocal"), localTime(r.seenAt))}
${cell(t("records_fieldSeenUtc"), new Date(r.seenAt).toISOString())}
${cell(t("records_fieldAuthor"), r.author)}
${cell(t("records_fieldKind"), t(r.kind === "saved" ? "records_kindSaved" : "records_kindCaptured"))}
${cell(t("records_fieldText"), r.text || t("records_noText"))}
${cell(t("records_fieldHash"), r.hash, true)}
${cell(t("records_fieldChain"), r.chain, true)}
</table></section>`,
    )
    .join("\n");
  return `<!doctype html>
<html lang="${escapeHtml(t("records_reportLang"))}">
<head><meta charset="utf-8"><title>${escapeHtml(t("records_reportTitle"))}</title>
<style>
body { font: 11pt/1.45 system-ui, sans-serif; color: #111; max-width: 48rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 16pt; } h2 { font-size: 12pt; margin: 0 0 .4rem; }
.record { border: 1px solid #999; padding: .6rem .8rem; margin: 1rem 0; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; } th { text-align: left; vertical-align: top; width: 11rem; padding: .15rem .5rem .15rem 0; }
td { padding: .15rem 0; white-space: pre-wrap; word-break: break-word; } .mono { font-family: ui-monospace, monospace; font-size: 9pt; }
</style></head>
<body>
<h1>${escapeHtml(t("records_reportTitle"))}</h1>
<p>${escapeHtml(t("records_reportMade", localTime(now), new Date(now).toISOString(), rows.length))}</p>
<p>${escapeHtml(t("records_reportHow"))}</p>
<p>${escapeHtml(t("records_reportNotProof"))}</p>
<p>${escapeHtml(t("records_reportHashes"))}</p>
${records}
</body></html>
`;
}
