// Weakening is delayed (PROTOCOL §3.1): removing a person or an account, switching a site off,
// pausing everything, lowering the cooling-off, removing a Mastodon instance, using a site's own
// Unblock and looking at a listed profile anyway are written as a pending entry that takes effect
// only after the cooling-off, with one more confirmation then. Pure functions over the documents;
// the effects outside the list (an exception, an instance, a setting) are the background's. The
// actions themselves, and what applying each does, are the table in lib/actions.js.
import { ACTIONS } from "./actions.js";
import * as bl from "./blocklist.js";
import { isPresent, unionTags } from "./merge.js";

export const HOUR_MS = 3600 * 1000;
/** How long after adding someone a mistaken add can be undone at once, on the device that added. */
export const UNDO_MS = 5 * 60 * 1000;

/** @param {any} action the same action whatever the order of its fields */
const actionKey = (action) =>
  JSON.stringify(
    Object.keys(action)
      .sort()
      .map((k) => [k, action[k]]),
  );

/**
 * The entry already waiting for this very action, if any (asking twice does not wait twice).
 * @param {any} doc @param {any} action
 */
export function findPending(doc, action) {
  const key = actionKey(action);
  return listPending(doc).find((p) => actionKey(p.action) === key) ?? null;
}

/**
 * Schedule a weakening action.
 * @param {any} doc the blocklist
 * @param {{type: string, person?: string, account?: string, platform?: string, hours?: number}} action
 * @param {{motive: string|null, coolingOffHours: number}} options
 * @param {{device: string, now: number}} ctx
 * @returns {{doc: any, id: string}}
 */
export function schedule(doc, action, { motive, coolingOffHours }, ctx) {
  if (!ACTIONS[action.type]) throw new Error("reflect_unknownAction");
  const out = structuredClone(doc);
  const id = bl.newTag();
  out.pending[id] = {
    adds: [bl.newTag()],
    action,
    requested_at: ctx.now,
    effective_at: ctx.now + Math.max(0, coolingOffHours) * HOUR_MS,
    motive: motive ?? null,
    device: ctx.device,
  };
  return { doc: out, id };
}

/** The pending entries still present, soonest first. @param {any} doc */
export function listPending(doc) {
  return Object.entries(doc?.pending ?? {})
    .filter(([, p]) => isPresent(p, doc.removed))
    .map(([id, p]) => ({ id, ...p }))
    .sort((a, b) => a.effective_at - b.effective_at);
}

/** @param {any} entry @param {number} now */
export const isDue = (entry, now) => now >= entry.effective_at;

/** Cancel: tombstone the entry's tags (any device may). @param {any} doc @param {string} id */
export function cancel(doc, id) {
  const out = structuredClone(doc);
  const entry = out.pending[id];
  if (entry) out.removed = unionTags(out.removed, entry.adds);
  return out;
}

/**
 * Apply a due entry: do the action and tombstone the entry. Never early, whichever device made it.
 * @param {any} doc @param {string} id @param {{device: string, now: number}} ctx
 * @returns {{doc: any, action: any}}
 */
export function apply(doc, id, ctx) {
  const entry = listPending(doc).find((p) => p.id === id);
  if (!entry) throw new Error("reflect_noSuchPending");
  if (!isDue(entry, ctx.now)) throw new Error("reflect_notYet");
  const a = entry.action;
  const rule = ACTIONS[a.type];
  const out = cancel(doc, id);
  return { doc: rule?.acts === "blocklist" && rule.apply ? rule.apply(out, a, ctx) : out, action: a };
}
