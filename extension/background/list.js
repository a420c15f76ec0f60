// The list's messages: pages ask, the background changes `doc.blocklist`. Strengthening (adding a
// person, an account, a site) is instant; weakening (removing, switching off, pausing) is refused
// here and goes through the reflection flow and its cooling-off instead. One exception keeps
// mistakes cheap: a person added on this device can be taken off again at once for a few minutes
// (`list.undoAdd`), before the boundary has had a chance to matter.
import * as bl from "../lib/blocklist.js";
import { apply, schedule, UNDO_MS } from "../lib/pending.js";
import { recognizeInput } from "../lib/recognize.js";
import { acceptRemote, coolingOffHoursOf } from "../lib/sync/accept.js";
import { answerPages } from "./messages.js";
import { now, readDoc, readLocal, updateDoc } from "./store.js";

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
  if (!result.existing) {
    // Remembered on this device only, and only for the undo window.
    const at = await now();
    const recent = Object.entries((await readLocal("recentAdds")) ?? {}).filter(([, t]) => at - Number(t) < UNDO_MS);
    await chrome.storage.local.set({ recentAdds: Object.fromEntries([...recent, [result.id, at]]) });
  }
  return result;
}

/**
 * Take a person added on this device off the list at once, while the undo window lasts. Written
 * as a waiting removal that is due at once and applied in the same step, so that every device
 * sees a removal the user confirmed rather than one that skipped the wait.
 * @param {string} personId
 */
async function undoAdd(personId) {
  const at = await now();
  const addedAt = Number(((await readLocal("recentAdds")) ?? {})[personId]);
  if (!addedAt || at - addedAt >= UNDO_MS) throw new Error("options_undoExpired");
  await updateDoc("blocklist", (doc, ctx) => {
    const action = { type: "remove_person", person: personId };
    const scheduled = schedule(doc, action, { motive: null, coolingOffHours: 0 }, { ...ctx, now: at });
    return apply(scheduled.doc, scheduled.id, { ...ctx, now: at }).doc;
  });
}

/** @type {Record<string, (message: any) => Promise<any>>} */
const HANDLERS = {
  "list.get": async () => {
    const doc = await readDoc("blocklist");
    const sites = Object.fromEntries(bl.PLATFORMS.map((p) => [p, bl.siteEnabled(doc, p)]));
    return { people: bl.presentPeople(doc), sites, paused: doc.paused?.value === true };
  },
  "list.add": async ({ text, platform, label, note }) => addFromInput(text, platform, { label, note }),
  "list.undoAdd": async ({ personId }) => {
    await undoAdd(String(personId));
    return {};
  },
  "list.addAccount": async ({ personId, text, platform }) => {
    const account = recognizeInput(text, platform);
    await updateDoc("blocklist", (doc) => bl.addAccount(doc, personId, account));
    return {};
  },
  "list.edit": async ({ personId, label, note, names, messages }) => {
    // `messages`: only "hide" (hiding their messages again is instant); "keep" is refused here,
    // it goes through the flow as keep_messages. Checked in bl.editPerson, whatever its type.
    const changes = { label, note, names, messages: messages ?? undefined };
    await updateDoc("blocklist", (doc, ctx) => bl.editPerson(doc, personId, changes, ctx));
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
    // Parse fully before touching anything; then accept it as a document from elsewhere, so an
    // import adds at once but a removal in it only waits its cooling-off, like one from sync.
    const incoming = bl.parseImport(text);
    const context = { now: await now(), coolingOffHours: coolingOffHoursOf(await readDoc("settings")) };
    const doc = await updateDoc("blocklist", (local) => acceptRemote("blocklist", local, incoming, context));
    return { count: bl.presentPeople(doc).length };
  },
};

// Only the extension's own pages may change the list; content scripts run inside sites.
answerPages(HANDLERS);
