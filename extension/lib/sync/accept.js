// Accepting a document from elsewhere (PROTOCOL §3, "Accepting a document"): what this device does
// with a document it did not write itself, from the sync service or from a backup file.
//
// The merge (lib/merge.js) is a pure join and trusts every writer: a tombstone for every person, or
// `paused` set to true, would take effect at once wherever it is merged, and a register stamped in
// the year 2100 would win forever. The cooling-off would then hold only against honest writers. So
// before and after merging, this device checks what the other side's document would weaken here:
// - a register later than now + 5 minutes is taken as now + 5 minutes (on either side), so a later
//   change can still win over it;
// - a removal of a person or account present here stands only when the merged document holds a due
//   pending entry for exactly that removal (an applied one is tombstoned but still there); a pause,
//   a site switched off, a lower cooling-off and a person's messages switched to "keep" likewise. Otherwise the weakening is not taken: the
//   tombstones are left out, the register keeps this device's value, and a pending entry for the
//   change is created instead (the cooling-off starts now). Its id and tag are derived from the
//   refused change, so every device that refuses the same change creates the same entry.
// The Python client has the twin (server/nocontact/client/merge.py); shared/vectors/merge.json
// holds both to the same answers.
import { b64u } from "../base64url.js";
import { canonical, isPresent, mergeBlocklist, mergeJournal, mergeRecords, MERGERS, mergeSettings } from "../merge.js";
import { DEFAULT_COOLING_OFF_HOURS, readSetting } from "../settings.js";
import { sha256 } from "./sha256.js";

/** How far ahead of this device's clock another writer's timestamps may be. */
export const CLOCK_SKEW_MS = 5 * 60 * 1000;
const HOUR_MS = 3600 * 1000;
/** The `device` of the pending entries this guard creates (no single device asked for them). */
export const GUARD_DEVICE = "guard";

/**
 * @typedef {object} AcceptContext
 * @property {number} now this device's time (the clock pending entries are judged by)
 * @property {number} [coolingOffHours] this device's cooling-off, for the pending entries created
 * @property {any} [blocklist] the blocklist as this device has it now (settings: the due
 *   lower_cooling_off entries are there)
 */

/** @param {any} register @param {number} limit */
function clampRegister(register, limit) {
  return register && typeof register.ts === "number" && register.ts > limit ? { ...register, ts: limit } : register;
}

/** @param {Record<string, any>|undefined} registers @param {number} limit */
function clampMap(registers, limit) {
  return Object.fromEntries(Object.entries(registers ?? {}).map(([k, r]) => [k, clampRegister(r, limit)]));
}

/** A copy of a (normalised) blocklist with every register at most `limit`. @param {any} doc @param {number} limit */
function clampBlocklist(doc, limit) {
  const out = structuredClone(doc);
  for (const person of Object.values(out.people)) {
    for (const key of ["label", "note", "names", "messages"]) {
      if (person[key]) person[key] = clampRegister(person[key], limit);
    }
  }
  out.sites = clampMap(out.sites, limit);
  if (out.paused) out.paused = clampRegister(out.paused, limit);
  return out;
}

/**
 * The id and the add tag of the pending entry that stands for a refused change: derived from the
 * action and what was refused, so that devices refusing the same change converge on one entry.
 * @param {any} action @param {string[]} refused the refused tombstones, or the refused register
 * @returns {{id: string, tag: string}}
 */
export function refusalNames(action, refused) {
  const subject = canonical({ action, refused: [...refused].sort() });
  /** @param {string} purpose */
  const name = (purpose) =>
    b64u(sha256(new TextEncoder().encode(`nocontact/v1/refused/${purpose}\n${subject}`)).slice(0, 16));
  return { id: name("id"), tag: name("tag") };
}

/**
 * Whether the document holds a due entry (present or already applied) whose action `matches`,
 * asked for at `since` or later (give or take the clock skew: a register may be stamped up to
 * 5 minutes ahead, and this guard's own entry, asked for at the refusal, must still count).
 * @param {any} doc @param {(action: any) => boolean} matches @param {number} now
 * @param {number} [since]
 */
function hasDue(doc, matches, now, since = 0) {
  return Object.values(doc?.pending ?? {}).some(
    (entry) =>
      matches(entry?.action) &&
      typeof entry.effective_at === "number" &&
      entry.effective_at <= now &&
      typeof entry.requested_at === "number" &&
      entry.requested_at + CLOCK_SKEW_MS >= since,
  );
}

/** @param {any} doc @param {(action: any) => boolean} matches */
function hasPresent(doc, matches) {
  return Object.values(doc?.pending ?? {}).some((entry) => matches(entry?.action) && isPresent(entry, doc.removed));
}

/** @param {any} action @returns {(other: any) => boolean} the same weakening, field by field */
const same = (action) => (other) => Boolean(other) && Object.keys(action).every((k) => other[k] === action[k]);

/** @param {{adds?: string[]}} element @param {Set<string>} removed the element's tags not tombstoned */
const liveTags = (element, removed) => (element.adds ?? []).filter((t) => !removed.has(t));

/**
 * Accept a blocklist from elsewhere into this device's (PROTOCOL §3.1).
 * @param {any} local this device's document (may be null)
 * @param {any} remote the other side's document (may be null)
 * @param {AcceptContext} context
 * @returns {any} the merged document, with the weakenings that were not due left out
 */
export function acceptBlocklist(local, remote, { now, coolingOffHours }) {
  const limit = now + CLOCK_SKEW_MS;
  const mine = clampBlocklist(mergeBlocklist(local, null), limit);
  const theirs = mergeBlocklist(remote, null);
  const merged = mergeBlocklist(mine, clampBlocklist(theirs, limit));
  const before = new Set(mine.removed);
  const after = new Set(merged.removed);
  /** @type {{action: any, refused: string[]}[]} */
  const refusals = [];
  /** Tombstones the other side brought that are not taken. @type {Set<string>} */
  const restore = new Set();

  for (const [personId, person] of Object.entries(mine.people)) {
    if (!isPresent(person, before)) continue;
    const removePerson = { type: "remove_person", person: personId };
    if (hasDue(merged, same(removePerson), now)) continue; // the person, accounts and all, may go
    const personGone = !isPresent(merged.people[personId], after);
    /** @type {string[]} */
    const withPerson = [];
    for (const [key, account] of Object.entries(person.accounts ?? {})) {
      if (!isPresent(account, before) || isPresent(merged.people[personId]?.accounts?.[key], after)) continue;
      const removeAccount = { type: "remove_account", person: personId, account: key };
      if (hasDue(merged, same(removeAccount), now)) continue;
      const tags = liveTags(account, before);
      for (const t of tags) restore.add(t);
      // An account gone with its person is part of the person's removal, not a change of its own.
      if (personGone) withPerson.push(...tags);
      else refusals.push({ action: removeAccount, refused: tags });
    }
    if (personGone) {
      const tags = liveTags(person, before);
      for (const t of tags) restore.add(t);
      refusals.push({ action: removePerson, refused: [...tags, ...withPerson] });
    }
  }
  merged.removed = merged.removed.filter((/** @type {string} */ t) => !restore.has(t));

  // The switches. A switch can go back and forth, so the entry that allows a change must have been
  // asked for after this device's value was written: a pause applied last year does not allow
  // another today. The refused register is named as the other side wrote it (before clamping), so
  // that devices refusing it at different times still name it alike.
  const pauseAll = { type: "pause_all" };
  const pauseAllowed = hasDue(merged, same(pauseAll), now, mine.paused?.ts ?? 0);
  if (mine.paused?.value !== true && merged.paused?.value === true && !pauseAllowed) {
    refusals.push({ action: pauseAll, refused: [canonical(theirs.paused)] });
    if (mine.paused) merged.paused = mine.paused;
    else delete merged.paused;
  }
  // Each site's switch (absent = on): off only with a due site_off for that site.
  for (const platform of Object.keys(merged.sites)) {
    const siteOff = { type: "site_off", platform };
    if (mine.sites[platform]?.value === false || merged.sites[platform]?.value !== false) continue;
    if (hasDue(merged, same(siteOff), now, mine.sites[platform]?.ts ?? 0)) continue;
    refusals.push({ action: siteOff, refused: [canonical(theirs.sites[platform])] });
    if (mine.sites[platform]) merged.sites[platform] = mine.sites[platform];
    else delete merged.sites[platform];
  }

  // A person's messages switched to "keep" (keep messages only): only with a due keep_messages
  // for that person asked for after this device's register was written, like the switches above.
  // People who are new here, or gone in the merge, are not guarded (adding someone already
  // choosing to keep their messages takes nothing away).
  for (const [personId, person] of Object.entries(mine.people)) {
    const kept = merged.people[personId];
    if (!isPresent(person, before) || !isPresent(kept, merged.removed)) continue;
    if (person.messages?.value === "keep" || kept.messages?.value !== "keep") continue;
    const keepMessages = { type: "keep_messages", person: personId };
    if (hasDue(merged, same(keepMessages), now, person.messages?.ts ?? 0)) continue;
    refusals.push({ action: keepMessages, refused: [canonical(theirs.people[personId]?.messages)] });
    if (person.messages) kept.messages = person.messages;
    else delete kept.messages;
  }

  const hours = Number.isInteger(coolingOffHours) && coolingOffHours >= 0 ? coolingOffHours : DEFAULT_COOLING_OFF_HOURS;
  for (const { action, refused } of refusals) {
    // Asked for already and still waiting: it does not wait twice.
    if (hasPresent(merged, same(action))) continue;
    const { id, tag } = refusalNames(action, refused);
    // This very refusal was made before (and may have been cancelled since): leave it as it is.
    if (merged.pending[id]) continue;
    merged.pending[id] = {
      adds: [tag],
      action,
      requested_at: now,
      effective_at: now + hours * HOUR_MS,
      motive: null,
      device: GUARD_DEVICE,
    };
  }
  return mergeBlocklist(merged, null);
}

/**
 * Accept a settings document from elsewhere (PROTOCOL §3.3). A lower cooling-off is taken only
 * with a due lower_cooling_off entry (to that many hours or fewer, asked for after this device's
 * value was written) in this device's blocklist. No pending entry is created for a refused one:
 * the refusal keeps the value, and whoever wants it lower asks through the flow.
 * @param {any} local @param {any} remote @param {AcceptContext} context
 * @returns {any}
 */
export function acceptSettings(local, remote, { now, blocklist }) {
  const limit = now + CLOCK_SKEW_MS;
  /** @param {any} doc */
  const clamp = (doc) => {
    const out = mergeSettings(doc, null);
    out.values = clampMap(out.values, limit);
    return out;
  };
  const mine = clamp(local);
  const merged = mergeSettings(mine, clamp(remote));
  const hours = readSetting(merged, "cooling_off_hours");
  const lowered = hours < readSetting(mine, "cooling_off_hours");
  const allowed = (/** @type {any} */ a) =>
    a?.type === "lower_cooling_off" && Number.isInteger(a.hours) && a.hours <= hours;
  if (lowered && !hasDue(blocklist, allowed, now, mine.values.cooling_off_hours?.ts ?? 0)) {
    if (mine.values.cooling_off_hours) merged.values.cooling_off_hours = mine.values.cooling_off_hours;
    else delete merged.values.cooling_off_hours;
  }
  return mergeSettings(merged, null);
}

/**
 * Accept a journal from elsewhere (PROTOCOL §3.2): a `cleared_before` later than now + 5 minutes
 * is taken as now + 5 minutes, so that no writer can make the record drop every future event.
 * @param {any} local @param {any} remote @param {AcceptContext} context
 * @returns {any}
 */
export function acceptJournal(local, remote, { now }) {
  return acceptClearedBefore(mergeJournal, local, remote, now);
}

/**
 * Accept sealed records from elsewhere (PROTOCOL §3.4): like the journal's, a `cleared_before`
 * later than now + 5 minutes is taken as now + 5 minutes, so that no writer can make this device
 * drop every record it will keep from now on.
 * @param {any} local @param {any} remote @param {AcceptContext} context
 * @returns {any}
 */
export function acceptRecords(local, remote, { now }) {
  return acceptClearedBefore(mergeRecords, local, remote, now);
}

/**
 * Merge two documents that carry a `cleared_before` (the journal, the sealed records) with each
 * side's `cleared_before` taken as at most now + 5 minutes first.
 * @param {(a: any, b: any) => any} merge @param {any} local @param {any} remote @param {number} now
 */
function acceptClearedBefore(merge, local, remote, now) {
  const limit = now + CLOCK_SKEW_MS;
  /** @param {any} doc */
  const clamp = (doc) => {
    const out = merge(doc, null);
    out.cleared_before = Math.min(out.cleared_before, limit);
    return out;
  };
  return merge(clamp(local), clamp(remote));
}

/** @type {Record<string, (local: any, remote: any, context: AcceptContext) => any>} */
const ACCEPTORS = {
  blocklist: acceptBlocklist,
  journal: acceptJournal,
  settings: acceptSettings,
  records: acceptRecords,
};

/**
 * Accept document `name` from elsewhere into this device's copy. A document without rules of its
 * own here is merged as it is (MERGERS), so a new synced document needs only its merge.
 * @param {string} name @param {any} local @param {any} remote @param {AcceptContext} context
 * @returns {any}
 */
export function acceptRemote(name, local, remote, context) {
  const accept = ACCEPTORS[name];
  if (accept) return accept(local, remote, context);
  return MERGERS[/** @type {keyof typeof MERGERS} */ (name)](local, remote);
}

/**
 * The cooling-off a device's settings ask for (for the pending entries the guard creates).
 * @param {any} settings @returns {number}
 */
export function coolingOffHoursOf(settings) {
  return readSetting(settings, "cooling_off_hours");
}
