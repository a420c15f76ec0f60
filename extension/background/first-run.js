// The first run: opens once when the extension is installed (and from Safety at any time later),
// says honestly what the tool does and cannot do, then offers the first steps, each skippable.
// Where the user is in it and what they have typed so far are kept on this device as they go, so
// closing it half-way loses nothing; finishing it forgets the draft.
import { writeSetting } from "../lib/settings.js";
import { answerPages } from "./messages.js";
import { readLocal, updateDoc } from "./store.js";

const KEY = "firstRun";
/** The draft's fields (what the first-person step asks for, and the plan). */
const FIELDS = ["link", "site", "name", "note", "plan"];

chrome.runtime.onInstalled.addListener(({ reason }) => {
  if (reason === "install") void chrome.tabs.create({ url: chrome.runtime.getURL("pages/welcome.html") });
});

answerPages({
  "firstRun.get": async () => {
    const state = (await readLocal(KEY)) ?? {};
    return {
      step: typeof state.step === "string" ? state.step : null,
      draft: state.draft ?? {},
      done: state.done === true,
    };
  },
  "firstRun.save": async ({ step, draft }) => {
    const state = (await readLocal(KEY)) ?? {};
    const kept = { ...(state.draft ?? {}) };
    for (const field of FIELDS) {
      if (typeof draft?.[field] === "string") kept[field] = draft[field].slice(0, 5000);
    }
    await chrome.storage.local.set({
      [KEY]: { ...state, step: typeof step === "string" ? step : state.step, draft: kept },
    });
    return {};
  },
  "firstRun.finish": async () => {
    await chrome.storage.local.set({ [KEY]: { done: true } });
    await updateDoc("settings", (doc, ctx) => writeSetting(doc, "onboarded", true, ctx));
    return {};
  },
});
