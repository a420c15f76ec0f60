// The reflection flow's background: every weakening action starts here, from the extension's pages
// (`reflect.start`), from a site's own Unblock that a content script stopped (`reflect.fromSite`),
// or from "look anyway" on the interstitial (background/interstitial.js). It opens the flow page,
// whose address carries only an opaque request id, and ends it: kept (recorded, nothing changes) or
// scheduled as a waiting change after the cooling-off (background/pending.js applies it later).
import { checkAction } from "../lib/actions.js";
import { b64u } from "../lib/base64url.js";
import { personForKey, PLATFORMS, presentPeople } from "../lib/blocklist.js";
import * as pending from "../lib/pending.js";
import { readSetting } from "../lib/settings.js";
import { record } from "./journal.js";
import { answerContent, answerPages } from "./messages.js";
import { coolingOffHours } from "./settings.js";
import { now, readDoc, updateDoc } from "./store.js";

/**
 * Start a flow request for a weakening action; its id is the flow page's whole address fragment.
 * @param {any} action @returns {Promise<string>}
 */
export async function newRequest(action) {
  const checked = checkAction(action);
  const id = b64u(crypto.getRandomValues(new Uint8Array(12)));
  await chrome.storage.session.set({ [`reflect.${id}`]: { action: checked } });
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
  const found = typeof id === "string" ? /** @type {any} */ (await chrome.storage.session.get(key))[key] : undefined;
  if (!found) throw new Error("reflect_expired");
  return /** @type {{action: any}} */ (found);
}

answerPages({
  "reflect.start": async ({ action }) => ({ id: await openFlow(action) }),
  "reflect.get": async ({ id }) => {
    const { action } = await request(id);
    const doc = await readDoc("blocklist");
    const person = presentPeople(doc).find((p) => p.id === action.person);
    const waiting = pending.findPending(doc, action);
    return {
      action: action.type,
      label: person?.label ?? "",
      platform: action.platform ?? null,
      host: action.host ?? null,
      note: person?.note ?? "",
      ifThen: readSetting(await readDoc("settings"), "if_then_plan"),
      coolingOffHours: await coolingOffHours(),
      // Asked before and still waiting: the flow says when (or that the time has come and where
      // to confirm it), instead of starting a second wait.
      waitingUntil: waiting?.effective_at ?? null,
      waitingDue: waiting ? pending.isDue(waiting, await now()) : false,
    };
  },
  "reflect.keep": async ({ id, motive }) => {
    const { action } = await request(id);
    await record({ site: action.platform ?? null, motive, choice: "kept", action: action.type });
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
    await record({ site: action.platform ?? null, motive, choice: "scheduled", action: action.type });
    await chrome.storage.session.remove(`reflect.${id}`);
    return { effectiveAt };
  },
});

answerContent({
  // A site's own Unblock control for a listed person was stopped by the content script: the flow
  // opens in a tab of its own, for that person (the site's tab stays where it was).
  "reflect.fromSite": async ({ platform, person }) => {
    if (!PLATFORMS.includes(platform)) return {};
    const id = personForKey(await readDoc("blocklist"), platform, person);
    if (id) await openFlow({ type: "site_unblock", person: id, platform });
    return {};
  },
});
