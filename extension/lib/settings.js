// The settings document (PROTOCOL §3.3): its keys, their defaults and bounds, and how a value is
// read and written. The one owner of those facts: the background, the pages and the tests ask here.
// Storage holds only what the user changed; a value that is missing or out of bounds reads as its
// default, so a damaged or older document never leaves a setting undefined.
import { emptySettings } from "./merge.js";

/** Hours a weakening change waits before it can be confirmed (PROTOCOL §3.1). */
export const DEFAULT_COOLING_OFF_HOURS = 24;
/** The choices the options page offers (any whole number of hours in bounds is valid). */
export const COOLING_OFF_CHOICES = Object.freeze([1, 12, 24, 48, 72, 168]);
const MAX_COOLING_OFF_HOURS = 24 * 365;
const MAX_PLAN_CHARS = 2000;
/** Where quick exit goes unless the user chose another page: an everyday page anyone might have open. */
export const DEFAULT_QUICK_EXIT_URL = "https://www.google.com/";

/**
 * @typedef {{default: any, valid: (value: any) => boolean, clean?: (value: any) => any,
 *   weakens?: (next: any, current: any) => boolean}} SettingRule
 */

/** @type {Readonly<Record<string, SettingRule>>} */
export const SETTINGS = Object.freeze({
  // Lowering it is a weakening action (lower_cooling_off): it goes through the reflection flow.
  cooling_off_hours: {
    default: DEFAULT_COOLING_OFF_HOURS,
    valid: (v) => Number.isInteger(v) && v >= 0 && v <= MAX_COOLING_OFF_HOURS,
    weakens: (next, current) => next < current,
  },
  if_then_plan: {
    default: "",
    valid: (v) => typeof v === "string",
    clean: (v) => String(v).slice(0, MAX_PLAN_CHARS),
  },
  // Neutral icon, titles and words; switching it either way is instant (it only changes how the
  // tool shows itself, never what it hides).
  discreet: { default: false, valid: (v) => typeof v === "boolean" },
  // The page quick exit opens in place of this one: any web address the user chose.
  quick_exit_url: { default: DEFAULT_QUICK_EXIT_URL, valid: isWebAddress, clean: (v) => String(v).trim() },
  onboarded: { default: false, valid: (v) => typeof v === "boolean" },
  // The safety net (content/safety-net.js) on every site at all times, not only on a site whose
  // pages seem to have changed: anything linking to a listed person's profile is hidden. Off by
  // default (it may hide a little more than needed); either way is instant.
  safety_net_always: { default: false, valid: (v) => typeof v === "boolean" },
  // Whose posts are kept as sealed records when they are hidden (PROTOCOL §3.4): everyone on the
  // list, or the people named. Off unless the user chooses it.
  sealed_records: {
    default: { all: false, people: [] },
    valid: (v) =>
      Boolean(v) &&
      typeof v === "object" &&
      typeof v.all === "boolean" &&
      Array.isArray(v.people) &&
      v.people.length <= 1000 &&
      v.people.every((/** @type {any} */ id) => typeof id === "string" && id.length <= 64),
    clean: (v) => ({
      all: Boolean(v?.all),
      people: [...new Set(Array.isArray(v?.people) ? v.people.map(String) : [])],
    }),
  },
});

/**
 * The value of one setting (its default when absent or not valid).
 * @param {any} doc @param {string} key
 */
export function readSetting(doc, key) {
  const rule = SETTINGS[key];
  if (!rule) throw new Error("settings_unknown");
  const value = doc?.values?.[key]?.value;
  return value !== undefined && rule.valid(value) ? value : rule.default;
}

/** Every setting's value. @param {any} doc @returns {Record<string, any>} */
export function readSettings(doc) {
  return Object.fromEntries(Object.keys(SETTINGS).map((key) => [key, readSetting(doc, key)]));
}

/**
 * Whether changing `key` to `value` weakens the protection (then it must go through the flow).
 * @param {any} doc @param {string} key @param {any} value
 */
export function weakens(doc, key, value) {
  const rule = SETTINGS[key];
  return Boolean(rule?.weakens && rule.weakens(value, readSetting(doc, key)));
}

/**
 * Set one setting (a last-writer-wins register). Throws a message key for an unknown key or a
 * value out of bounds; the caller decides whether the change needs the flow (`weakens`).
 * @param {any} doc @param {string} key @param {any} value @param {{device: string, now: number}} ctx
 */
export function writeSetting(doc, key, value, ctx) {
  const rule = SETTINGS[key];
  if (!rule) throw new Error("settings_unknown");
  const cleaned = rule.clean ? rule.clean(value) : value;
  if (!rule.valid(cleaned)) throw new Error("settings_invalid");
  const base = doc ?? emptySettings();
  return { ...base, values: { ...base.values, [key]: { value: cleaned, ts: ctx.now, device: ctx.device } } };
}

/** @param {any} value @returns {boolean} an http(s) address with a host (nothing that runs code) */
function isWebAddress(value) {
  try {
    const url = new URL(value);
    return (url.protocol === "https:" || url.protocol === "http:") && Boolean(url.hostname) && value.length <= 2000;
  } catch {
    return false;
  }
}
