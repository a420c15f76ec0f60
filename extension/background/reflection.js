// The reflection flow's background: every weakening action from the extension's pages starts here.
// It opens the flow page (whose address carries only an opaque request id), records each moment in
// the journal (never anything of the person), schedules the weakening as a pending entry after the
// cooling-off, lets it be cancelled at any time, and applies it only when due and confirmed again.
import { b64u } from "../lib/base64url.js";
import { presentPeople } from "../lib/blocklist.js";
import * as pending from "../lib/pending.js";
import { readDoc, updateDoc } from "./store.js";

/** The current time; tests shift it through session storage instead of waiting a day. */
async function now() {
  const { testClockOffsetMs } = await chrome.storage.session.get("testClockOffsetMs");
  return Date.now() + (Number(testClockOffsetMs) || 0);
}

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

/** @param {string} id */
async function request(id) {
  const key = `reflect.${id}`;
  const found = (await chrome.storage.session.get(key))[key];
  if (!found) throw new Error("reflect_expired");
  return found;
}

/** @type {Record<string, (message: any) => Promise<any>>} */
const HANDLERS = {
  "reflect.start": async ({ action }) => {
    if (!pending.ACTIONS.includes(action?.type)) throw new Error("reflect_unknownAction");
    const id = b64u(crypto.getRandomValues(new Uint8Array(12)));
    await chrome.storage.session.set({ [`reflect.${id}`]: { action } });
    await chrome.tabs.create({ url: chrome.runtime.getURL(`pages/reflection.html#${id}`) });
    return { id };
  },
  "reflect.get": async ({ id }) => {
    const { action } = await request(id);
    const person = presentPeople(await readDoc("blocklist")).find((p) => p.id === action.person);
    const settings = await readDoc("settings");
    return {
      action: action.type,
      label: person?.label ?? "",
      note: person?.note ?? "",
      ifThen: settings.values?.if_then_plan?.value ?? "",
      coolingOffHours: await coolingOffHours(),
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
    if (applied?.type === "site_unblock") {
      // The site's own Unblock may be used for the next hour; the guard lets it through until then.
      const { unblockAllowed } = await chrome.storage.local.get("unblockAllowed");
      await chrome.storage.local.set({ unblockAllowed: { ...unblockAllowed, [applied.platform]: at + 3600 * 1000 } });
    }
    if (applied?.type === "lower_cooling_off") {
      await updateDoc("settings", (doc, ctx) => ({
        ...doc,
        values: { ...doc.values, cooling_off_hours: { value: applied.hours, ts: ctx.now, device: ctx.device } },
      }));
    }
    await record({ site: siteOf(applied), choice: "applied", action: applied?.type ?? "" });
    return {};
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

/** Open the flow for a tab (a content script has no page of ours to open it from). */
async function openFlow(/** @type {any} */ action) {
  const id = b64u(crypto.getRandomValues(new Uint8Array(12)));
  await chrome.storage.session.set({ [`reflect.${id}`]: { action } });
  await chrome.tabs.create({ url: chrome.runtime.getURL(`pages/reflection.html#${id}`) });
}

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  // A site's own Unblock control for a listed person was stopped by the content script.
  if (message?.type === "reflect.fromSite" && sender.id === chrome.runtime.id && sender.tab) {
    if (typeof message.platform === "string") void openFlow({ type: "site_unblock", platform: message.platform });
    return false;
  }
  const handler = HANDLERS[message?.type];
  if (!handler || sender.id !== chrome.runtime.id || sender.tab?.url?.startsWith("http")) return false;
  handler(message).then(
    (result) => sendResponse({ ok: true, ...result }),
    (err) => sendResponse({ ok: false, error: String(err?.message || "options_somethingWrong") }),
  );
  return true;
});
