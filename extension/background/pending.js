// Waiting changes (lib/pending.js): the `pending.*` messages list them, cancel one (instant: it
// keeps the boundary), and apply one whose time has come after one more confirmation. What
// applying does is the action's row in lib/actions.js: a change to the list or the settings, or a
// change local to this device (the hour of a look or site Unblock, a removed Mastodon instance).
import { ACTIONS } from "../lib/actions.js";
import { presentPeople } from "../lib/blocklist.js";
import * as pending from "../lib/pending.js";
import { grantException } from "./exceptions.js";
import { removeInstance } from "./instances.js";
import { record } from "./journal.js";
import { answerPages } from "./messages.js";
import { now, readDoc, updateDoc } from "./store.js";

/** @param {any} action */
const siteOf = (action) => action?.platform ?? null;

/**
 * The effects of an applied action outside the blocklist.
 * @param {any} action @returns {Promise<{until?: number}>}
 */
async function applyElsewhere(action) {
  const rule = ACTIONS[action?.type];
  if (rule?.acts === "settings" && rule.apply) {
    const change = rule.apply;
    await updateDoc("settings", (doc, ctx) => change(doc, action, ctx));
  }
  if (rule?.acts === "exception") {
    // For the next hour this person is not hidden on that site: their page can be seen; after a
    // site Unblock the site's own button works for them too (a look keeps it guarded). Then
    // hiding comes back by itself.
    return { until: (await grantException(action)).until };
  }
  if (rule?.acts === "instance") await removeInstance(action.host);
  return {};
}

answerPages({
  "pending.list": async () => {
    const doc = await readDoc("blocklist");
    const people = presentPeople(doc);
    const at = await now();
    return {
      pending: pending.listPending(doc).map((p) => ({
        id: p.id,
        type: p.action.type,
        label: people.find((person) => person.id === p.action.person)?.label ?? "",
        platform: p.action.platform ?? null,
        host: p.action.host ?? null,
        effectiveAt: p.effective_at,
        due: pending.isDue(p, at),
      })),
    };
  },
  "pending.cancel": async ({ id }) => {
    const entry = pending.listPending(await readDoc("blocklist")).find((p) => p.id === id);
    await updateDoc("blocklist", (doc) => pending.cancel(doc, id));
    if (entry) await record({ site: siteOf(entry.action), choice: "cancelled", action: entry.action.type });
    return {};
  },
  "pending.apply": async ({ id, confirmed }) => {
    if (confirmed !== true) throw new Error("options_needsConfirmation");
    const at = await now();
    /** @type {any} */
    let action = null;
    await updateDoc("blocklist", (doc, ctx) => {
      const done = pending.apply(doc, id, { ...ctx, now: at });
      action = done.action;
      return done.doc;
    });
    const result = await applyElsewhere(action);
    await record({ site: siteOf(action), choice: "applied", action: action?.type ?? "" });
    return result;
  },
});
