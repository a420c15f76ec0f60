// The reflection flow's background: every weakening action from the extension's pages starts here.
// It opens the flow page (whose address carries only an opaque request id), records each moment in
// the journal (never anything of the person), schedules the weakening as a pending entry after the
// cooling-off, lets it be cancelled at any time, and applies it only when due and confirmed again.
// A site's own Unblock (stopped by the content script) and "look anyway" on the interstitial
// (background/interstitial.js) come here too; once due and confirmed they grant a one-hour
// exception (background/exceptions.js) rather than a change to the list.
import { b64u } from "../lib/base64url.js";
import { personForKey, PLATFORMS, presentPeople } from "../lib/blocklist.js";
import { EXCEPTION_ACTIONS } from "../lib/exceptions.js";
import * as pending from "../lib/pending.js";
import { grantException } from "./exceptions.js";
import { removeInstance } from "./instances.js";
import { answerPages } from "./messages.js";
import { now, readDoc, updateDoc } from "./store.js";

async function coolingOffHours() {
  const settings = await readDoc("settings");
  const hours = settings.values?.cooling_off_hours?.value;
  return Number.isInteger(hours) && hours >= 0 ? hours : pending.DEFAULT_COOLING_OFF_HOURS;
}

/** @param {{site?: string|null, motive?: string|null, choice: string, action: string}} event */
async function record(event) {
  const at = await now();
  await updateDoc("journal", (doc) => ({
    ...doc,
    events: {
      ...doc.events,
      [b64u(crypto.getRandomValues(new Uint8Array(12)))]: {
        at,
        kind: "attempt",
        site: event.site ?? null,
        motive: event.motive ?? null,
        choice: event.choice,
        action: event.action,
      },
    },
  }));
}

/** @param {any} action */
function siteOf(action) {
  return action.platform ?? null;
}

/**
 * Start a flow request for a weakening action; its id is the flow page's whole address fragment.
 * @param {any} action @returns {Promise<string>}
 */
export async function newRequest(action) {
  if (!pending.ACTIONS.includes(action?.type)) throw new Error("reflect_unknownAction");
  const id = b64u(crypto.getRandomValues(new Uint8Array(12)));
  await chrome.storage.session.set({ [`reflect.${id}`]: { action } });
  return id;
}

/** Open the flow in a new tab (from a page of ours, or for a site's tab). @param {any} action */
async function openFlow(action) {
  const id = await newRequest(action);
  await chrome.tabs.create({ url: chrome.runtime.getURL(`pages/reflection.html#${id}`) });
  return id;
}

/** @param {string} id */
async function request(id) {
  const key = `reflect.${id}`;
  const found = (await chrome.storage.session.get(key))[key];
  if (!found) throw new Error("reflect_expired");
  return found;
}

/** @type {Record<string, (message: any) => Promise<any>>} */
const HANDLERS = {
  "reflect.start": async ({ action }) => ({ id: await openFlow(action) }),
  "reflect.get": async ({ id }) => {
    const { action } = await request(id);
    const doc = await readDoc("blocklist");
    const person = presentPeople(doc).find((p) => p.id === action.person);
    const settings = await readDoc("settings");
    const waiting = pending.findPending(doc, action);
    return {
      action: action.type,
      label: person?.label ?? "",
      platform: action.platform ?? null,
      host: action.host ?? null,
      note: person?.note ?? "",
      ifThen: settings.values?.if_then_plan?.value ?? "",
      coolingOffHours: await coolingOffHours(),
      // Asked before and still waiting: the flow says when (or that the time has come and where
      // to confirm it), instead of starting a second wait.
      waitingUntil: waiting?.effective_at ?? null,
      waitingDue: waiting ? pending.isDue(waiting, await now()) : false,
    };
  },
  "reflect.keep": async ({ id, motive }) => {
    const { action } = await request(id);
    await record({ site: siteOf(action), motive, choice: "kept", action: action.type });
    await chrome.storage.session.remove(`reflect.${id}`);
    return {};
  },
  "reflect.schedule": async ({ id, motive }) => {
    const { action } = await request(id);
    const hours = await coolingOffHours();
    const at = await now();
    let effectiveAt = 0;
    await updateDoc("blocklist", (doc, ctx) => {
      const waiting = pending.findPending(doc, action);
      if (waiting) {
        effectiveAt = waiting.effective_at;
        return doc;
      }
      const s = pending.schedule(doc, action, { motive, coolingOffHours: hours }, { ...ctx, now: at });
      effectiveAt = s.doc.pending[s.id].effective_at;
      return s.doc;
    });
    await record({ site: siteOf(action), motive, choice: "scheduled", action: action.type });
    await chrome.storage.session.remove(`reflect.${id}`);
    return { effectiveAt };
  },
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
    let action = null;
    await updateDoc("blocklist", (doc, ctx) => {
      const done = pending.apply(doc, id, { ...ctx, now: at });
      action = done.action;
      return done.doc;
    });
    const applied = /** @type {any} */ (action);
    /** @type {any} */
    let granted = null;
    if (EXCEPTION_ACTIONS.includes(applied?.type)) {
      // For the next hour this person is not hidden on that site: their page can be seen; after a
      // site Unblock the site's own button works for them too (a look keeps it guarded). Then
      // hiding comes back by itself.
      granted = await grantException(applied);
    }
    if (applied?.type === "remove_instance" && typeof applied.host === "string") {
      await removeInstance(applied.host);
    }
    if (applied?.type === "lower_cooling_off") {
      await updateDoc("settings", (doc, ctx) => ({
        ...doc,
        values: { ...doc.values, cooling_off_hours: { value: applied.hours, ts: ctx.now, device: ctx.device } },
      }));
    }
    await record({ site: siteOf(applied), choice: "applied", action: applied?.type ?? "" });
    return granted ? { until: granted.until } : {};
  },
  "journal.get": async () => {
    const doc = await readDoc("journal");
    const events = Object.values(doc.events ?? {}).sort((a, b) => b.at - a.at);
    return { events, kept: events.filter((e) => e.choice === "kept" || e.choice === "cancelled").length };
  },
  "journal.clear": async () => {
    const at = await now();
    await updateDoc("journal", (doc) => ({ format: 1, events: {}, cleared_before: Math.max(doc.cleared_before || 0, at + 1) }));
    return {};
  },
  "settings.get": async () => {
    const settings = await readDoc("settings");
    return { coolingOffHours: await coolingOffHours(), ifThen: settings.values?.if_then_plan?.value ?? "" };
  },
  "settings.set": async ({ coolingOffHours: hours, ifThen }) => {
    // Raising the cooling-off or writing the plan is instant; lowering it goes through the flow.
    if (hours !== undefined && (!Number.isInteger(hours) || hours < (await coolingOffHours()))) {
      throw new Error("reflect_lowerThroughFlow");
    }
    await updateDoc("settings", (doc, ctx) => {
      const values = { ...doc.values };
      if (hours !== undefined) values.cooling_off_hours = { value: hours, ts: ctx.now, device: ctx.device };
      if (ifThen !== undefined) values.if_then_plan = { value: String(ifThen).slice(0, 2000), ts: ctx.now, device: ctx.device };
      return { ...doc, values };
    });
    return {};
  },
};

answerPages(HANDLERS);

chrome.runtime.onMessage.addListener((message, sender) => {
  // A site's own Unblock control for a listed person was stopped by the content script: the flow
  // opens in a tab of its own, for that person (the site's tab stays where it was).
  if (message?.type === "reflect.fromSite" && sender.id === chrome.runtime.id && sender.tab) {
    const { platform, person } = message;
    if (PLATFORMS.includes(platform)) {
      void readDoc("blocklist").then((doc) => {
        const id = personForKey(doc, platform, person);
        if (id) return openFlow({ type: "site_unblock", person: id, platform });
      });
    }
  }
  return false;
});
