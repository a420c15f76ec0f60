// Short, temporary exceptions that the reflection flow grants after its waiting time and one more
// confirmation: "look anyway" at a person's page, or use a site's own Unblock for them. For one
// hour that person is not hidden on that site; then hiding comes back by itself, so a "just this
// once" never quietly stays. A look is only a look: the site's own Unblock for them stays guarded
// during it; only a `site_unblock` exception lets that through. Exceptions are local to the device
// where the user confirmed them. Pure functions; background/exceptions.js keeps them in storage.

export const EXCEPTION_MS = 3600 * 1000;

/**
 * @typedef {{person: string|null, platform: string|null, kind: string, until: number}} Exception
 *   person null: everyone on that platform; platform null: that person everywhere; kind: the
 *   action that granted it ("look_anyway" or "site_unblock")
 */

/** The pending actions that end in an exception instead of a change to the list. */
export const EXCEPTION_ACTIONS = Object.freeze(["site_unblock", "look_anyway"]);

/**
 * The exceptions still running at `now`.
 * @param {Exception[] | undefined} list @param {number} now
 * @returns {Exception[]}
 */
export function activeExceptions(list, now) {
  return (Array.isArray(list) ? list : []).filter((e) => e && Number(e.until) > now);
}

/**
 * Add the exception an applied action grants (a repeat for the same person and site extends it).
 * @param {Exception[] | undefined} list
 * @param {{type: string, person?: string, platform?: string}} action
 * @param {number} now
 * @returns {{list: Exception[], granted: Exception}}
 */
export function grant(list, action, now) {
  /** @type {Exception} */
  const granted = {
    person: action.person ?? null,
    platform: action.platform ?? null,
    kind: action.type,
    until: now + EXCEPTION_MS,
  };
  const others = activeExceptions(list, now).filter(
    (e) => !(e.person === granted.person && e.platform === granted.platform && e.kind === granted.kind),
  );
  return { list: [...others, granted], granted };
}

/**
 * How an account of a person is excepted right now: "shown" (not hidden, Unblock still guarded),
 * "unblockable" (not hidden, and the site's own Unblock works), or null (hidden as usual).
 * @param {Exception[]} active @param {string} personId @param {string} platform
 * @returns {"shown" | "unblockable" | null}
 */
export function exceptionFor(active, personId, platform) {
  const mine = active.filter(
    (e) => (e.person === null || e.person === personId) && (e.platform === null || e.platform === platform),
  );
  if (mine.length === 0) return null;
  return mine.some((e) => e.kind === "site_unblock") ? "unblockable" : "shown";
}

/** When the next running exception ends (to wake up then), or null. @param {Exception[]} active */
export function nextEnd(active) {
  return active.length ? Math.min(...active.map((e) => e.until)) : null;
}
