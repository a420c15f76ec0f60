// Every weakening action, in one table (PROTOCOL §3.1): what it names, where applying it acts, and
// how. The flow says `reflect_what_<type>`, the options page lists a waiting one as
// `options_pending_<type>`; tests/js/actions.test.mjs holds this table against the locales and the
// blocklist schema, so an action cannot be half-added.
import { removeAccount, removePerson, setMessages, setPaused, setSite } from "./blocklist.js";
import { writeSetting } from "./settings.js";
import { PLATFORMS } from "./sites.js";

/**
 * @typedef {{type: string, person?: string, account?: string, platform?: string, hours?: number,
 *   host?: string}} Action
 * @typedef {(doc: any, action: any, ctx: {device: string, now: number}) => any} Change
 * @typedef {{fields: Record<string, "required" | "optional">, acts: "blocklist" | "settings" |
 *   "exception" | "instance", apply?: Change}} ActionRule
 *   acts: which document applying changes ("blocklist", "settings"), or a change local to this
 *   device ("exception": the one-hour look or site Unblock; "instance": a Mastodon instance)
 */

/** @type {Readonly<Record<string, ActionRule>>} */
export const ACTIONS = Object.freeze({
  remove_person: {
    fields: { person: "required" },
    acts: "blocklist",
    apply: (doc, a) => removePerson(doc, a.person),
  },
  remove_account: {
    fields: { person: "required", account: "required" },
    acts: "blocklist",
    apply: (doc, a) => removeAccount(doc, a.person, a.account),
  },
  site_off: {
    fields: { platform: "required" },
    acts: "blocklist",
    apply: (doc, a, ctx) => setSite(doc, a.platform, false, ctx),
  },
  pause_all: { fields: {}, acts: "blocklist", apply: (doc, _a, ctx) => setPaused(doc, true, ctx) },
  lower_cooling_off: {
    fields: { hours: "required" },
    acts: "settings",
    apply: (doc, a, ctx) => writeSetting(doc, "cooling_off_hours", a.hours, ctx),
  },
  // Permission to use a site's own Unblock for them, for one hour on this device.
  site_unblock: { fields: { person: "required", platform: "required" }, acts: "exception" },
  // Permission to see their page on that site for one hour (entries from older clients may lack
  // the platform: every site).
  look_anyway: { fields: { person: "required", platform: "optional" }, acts: "exception" },
  remove_instance: { fields: { host: "required" }, acts: "instance" },
  // "Keep messages only": their conversations, requests and chats stay reachable (everything else
  // of theirs stays hidden). Back to hiding them is instant (list.edit), not an action.
  keep_messages: {
    fields: { person: "required" },
    acts: "blocklist",
    apply: (doc, a, ctx) => setMessages(doc, a.person, "keep", ctx),
  },
});

/** The action types, in the table's order. */
export const ACTION_TYPES = Object.freeze(Object.keys(ACTIONS));

/** What each field must be. @type {Record<string, (value: any) => boolean>} */
const FIELD_VALID = {
  person: (v) => typeof v === "string" && v.length > 0 && v.length <= 64,
  account: (v) => typeof v === "string" && v.length > 0 && v.length <= 300,
  platform: (v) => PLATFORMS.includes(v),
  hours: (v) => Number.isInteger(v) && v >= 0,
  host: (v) => typeof v === "string" && v.length > 0 && v.length <= 253,
};

/**
 * The action as the table allows it (only its own fields), or an Error(message key).
 * @param {any} action @returns {Action}
 */
export function checkAction(action) {
  const rule = ACTIONS[action?.type];
  if (!rule) throw new Error("reflect_unknownAction");
  /** @type {any} */
  const clean = { type: action.type };
  for (const [field, need] of Object.entries(rule.fields)) {
    const value = action[field];
    if (value === undefined && need === "optional") continue;
    if (!FIELD_VALID[field](value)) throw new Error("reflect_unknownAction");
    clean[field] = value;
  }
  return clean;
}
