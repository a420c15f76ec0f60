// The sealed records (lib/records.js, PROTOCOL §3.4) in the background: content scripts hand over
// the items they hid for people the user chose to keep a record of (`records.capture`); the pages
// save a record by hand (`records.save`: the interstitial's person, or the popup's page), read only
// counts, addresses and times (`records.summary`), open the sealed box behind its gate
// (`records.open`, logged), export it straight to a file (`records.export`, logged) and delete it
// after a typed confirmation (`records.delete`, logged). No page sees a record's text unless it
// asked for `records.open`.
import { b64u } from "../lib/base64url.js";
import { personForKey, PLATFORMS } from "../lib/blocklist.js";
import { t } from "../lib/i18n.js";
import { capturedId, clearRecords, exportRows, keep, logEvent, summary, toCsv } from "../lib/records.js";
import { toHtml } from "../lib/records-report.js";
import { readSetting } from "../lib/settings.js";
import { profileAddress, profileFromUrl } from "../lib/sites.js";
import { targetOf } from "./interstitial.js";
import { answerContent, answerPages } from "./messages.js";
import { now, readDoc, updateDoc } from "./store.js";

/** A random event or record id. */
const newId = () => b64u(crypto.getRandomValues(new Uint8Array(12)));

/** @param {any} value @param {number} max */
const text = (value, max) => (typeof value === "string" ? value.slice(0, max) : "");

/** @param {any} key a `{handle}` or `{id}` as content scripts report it */
function validKey(key) {
  const value = key?.handle ?? key?.id;
  return typeof value === "string" && value.length > 0 && value.length <= 200;
}

/** @param {any} url @returns {boolean} an http(s) address of sane length */
function webAddress(url) {
  try {
    return typeof url === "string" && url.length <= 2000 && /^https?:$/.test(new URL(url).protocol);
  } catch {
    return false;
  }
}

/** Whether the user keeps a record of this person (settings `sealed_records`). @param {string} person */
async function sealing(person) {
  const chosen = readSetting(await readDoc("settings"), "sealed_records");
  return chosen.all || chosen.people.includes(person);
}

/** Keep one record; a full record keeps what it has and says so. @param {string} id @param {any} record */
async function store(id, record) {
  let outcome = { added: false, full: false };
  await updateDoc("records", (doc) => {
    const kept = keep(doc, id, record);
    outcome = { added: kept.added, full: kept.full };
    return kept.doc;
  });
  return outcome;
}

/** @param {string} kind @param {number} count */
async function log(kind, count) {
  const at = await now();
  await updateDoc("records", (doc) => logEvent(doc, newId(), { at, kind: /** @type {any} */ (kind), count }));
}

const localTime = (/** @type {number} */ at) => new Date(at).toLocaleString();

/** The most items one `records.capture` message may hand over (content/seal.js sends no more). */
const CAPTURE_LIMIT = 50;

answerContent({
  "records.capture": async ({ platform, items }) => {
    if (!PLATFORMS.includes(platform) || !Array.isArray(items)) return {};
    const list = await readDoc("blocklist");
    const at = await now();
    for (const item of items.slice(0, CAPTURE_LIMIT)) {
      if (!webAddress(item?.url) || !validKey(item?.key)) continue;
      const person = personForKey(list, platform, item.key);
      if (!person || !(await sealing(person))) continue;
      await store(await capturedId(platform, item.url), {
        kind: "captured",
        site: platform,
        url: item.url,
        seen_at: at,
        author: String(item.key.handle ?? item.key.id),
        text: text(item.text, 4000),
        person,
      });
    }
    return {};
  },
});

answerPages({
  "records.summary": async () => ({ ...summary(await readDoc("records"), await now()) }),
  "records.save": async ({ token, url }) => {
    const at = await now();
    // From the interstitial: whom its token stands for, and their profile's address (the page the
    // user was kept from); from the popup: the page the user is on.
    const target = typeof token === "string" ? await targetOf(token) : null;
    const address = target ? (target.url ?? profileAddress(target.platform, target.person)) : url;
    if (!webAddress(address)) throw new Error("records_cannotSave");
    const profile = profileFromUrl(address);
    const platform = target?.platform ?? profile?.platform;
    if (!platform) throw new Error("records_cannotSave");
    const key = target?.person ?? (profile?.handle ? { handle: profile.handle } : { id: profile?.id ?? "" });
    const person = personForKey(await readDoc("blocklist"), platform, key);
    const { full } = await store(`saved:${newId()}`, {
      kind: "saved",
      site: platform,
      url: address,
      seen_at: at,
      author: String(key.handle ?? key.id ?? ""),
      text: "",
      person,
    });
    if (full) throw new Error("records_full");
    return {};
  },
  "records.open": async () => {
    const rows = await exportRows(await readDoc("records"));
    await log("opened", rows.length);
    return { rows };
  },
  "records.export": async ({ format }) => {
    if (format !== "csv" && format !== "html") throw new Error("records_cannotExport");
    const rows = await exportRows(await readDoc("records"));
    const at = await now();
    const day = new Date(at).toISOString().slice(0, 10);
    const content =
      format === "csv"
        ? toCsv(rows, localTime)
        : toHtml(rows, { t, siteName: (p) => t(`site_${p}`), localTime, now: at });
    await log("exported", rows.length);
    return {
      content,
      mime: format === "csv" ? "text/csv" : "text/html",
      filename: `record-${day}.${format}`,
    };
  },
  "records.delete": async ({ confirmed }) => {
    if (confirmed !== true) throw new Error("options_needsConfirmation");
    const at = await now();
    await updateDoc("records", (doc) => clearRecords(doc, newId(), at));
    return {};
  },
});
