// The list's message router: pages ask, the background changes `doc.blocklist`. Strengthening
// (adding a person, an account, a site) is instant; weakening (removing, switching off, pausing)
// is refused here and goes through the reflection flow and its cooling-off instead.
import * as bl from "../lib/blocklist.js";
import { mergeBlocklist } from "../lib/merge.js";
import { recognizeInput } from "../lib/recognize.js";
import { answerPages } from "./messages.js";
import { readDoc, updateDoc } from "./store.js";

/**
 * Weakening never happens here: it is scheduled by the reflection flow (background/reflection.js)
 * and applied only after the cooling-off (pending.apply). This keeps every page honest.
 */
function refuseWeakening() {
  throw new Error("reflect_useFlow");
}

/**
 * Add the person a link (or @handle) names; an account already listed is not added twice.
 * @param {string} text @param {string} [platformHint] @param {{label?: string, note?: string}} [extra]
 */
export async function addFromInput(text, platformHint, extra = {}) {
  const account = recognizeInput(text, platformHint);
  let result = { id: "", existing: false };
  await updateDoc("blocklist", (doc, ctx) => {
    const existing = bl.personWithAccount(doc, account);
    if (existing) {
      result = { id: existing, existing: true };
      return doc;
    }
    const label = extra.label?.trim() || (account.handle ? `@${account.handle}` : account.platform);
    const added = bl.addPerson(doc, { label, note: extra.note || "", accounts: [account] }, ctx);
    result = { id: added.id, existing: false };
    return added.doc;
  });
  return result;
}

/** @type {Record<string, (message: any) => Promise<any>>} */
const HANDLERS = {
  "list.get": async () => {
    const doc = await readDoc("blocklist");
    const sites = Object.fromEntries(bl.PLATFORMS.map((p) => [p, bl.siteEnabled(doc, p)]));
    return { people: bl.presentPeople(doc), sites, paused: doc.paused?.value === true };
  },
  "list.add": async ({ text, platform, label, note }) => addFromInput(text, platform, { label, note }),
  "list.addAccount": async ({ personId, text, platform }) => {
    const account = recognizeInput(text, platform);
    await updateDoc("blocklist", (doc) => bl.addAccount(doc, personId, account));
    return {};
  },
  "list.edit": async ({ personId, label, note, names }) => {
    await updateDoc("blocklist", (doc, ctx) => bl.editPerson(doc, personId, { label, note, names }, ctx));
    return {};
  },
  "list.setSite": async (message) => {
    if (!message.on) refuseWeakening();
    await updateDoc("blocklist", (doc, ctx) => bl.setSite(doc, message.platform, message.on, ctx));
    return {};
  },
  "list.setPaused": async (message) => {
    if (message.paused) refuseWeakening();
    await updateDoc("blocklist", (doc, ctx) => bl.setPaused(doc, message.paused, ctx));
    return {};
  },
  "list.export": async () => ({
    backup: bl.makeExport(await readDoc("blocklist"), await readDoc("journal"), await readDoc("settings")),
  }),
  "list.import": async ({ text }) => {
    // Parse fully before touching anything; then merge, so an import can add but never remove.
    const incoming = bl.parseImport(text);
    const doc = await updateDoc("blocklist", (local) => mergeBlocklist(local, incoming));
    return { count: bl.presentPeople(doc).length };
  },
};

// Only the extension's own pages may change the list; content scripts run inside sites.
answerPages(HANDLERS);
