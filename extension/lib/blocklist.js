// Operations on the blocklist document (PROTOCOL §3.1) and what is derived from it. Pure functions:
// each takes a document and returns a new one, so the background can read, change and write in one
// step, and node tests can check every rule without a browser.
import { b64u } from "./base64url.js";
import { exceptionFor } from "./exceptions.js";
import { accountKey, accountMatches, normaliseHandle } from "./identity.js";
import { emptyBlocklist, isPresent, mergeBlocklist, unionTags } from "./merge.js";
import { PLATFORMS } from "./sites.js";

export { accountKey, normaliseHandle, PLATFORMS };

/** @typedef {{device: string, now: number}} Context who changes the document, and when */
/** @typedef {{platform: string, handle?: string|null, id?: string|null, instance?: string|null}} Account */

/** A fresh add tag: 16 random bytes. */
export function newTag() {
  return b64u(crypto.getRandomValues(new Uint8Array(16)));
}

/** @param {any} value @param {Context} ctx */
const register = (value, ctx) => ({ value, ts: ctx.now, device: ctx.device });

/**
 * What happens to a person's messages (PROTOCOL §3.1 `messages`): "hide" (the default: their
 * conversations, requests and chats are hidden like everything else of theirs) or "keep" (keep
 * messages only: everything else stays hidden, their messages stay reachable, e.g. for
 * co-parenting). Switching to "keep" weakens the boundary and goes through the flow
 * (`keep_messages` in lib/actions.js); back to "hide" is instant.
 */
export const MESSAGE_CHOICES = Object.freeze(["hide", "keep"]);

/** @param {any} person a person element of the document @returns {"hide"|"keep"} */
export const messagesOf = (person) => (person?.messages?.value === "keep" ? "keep" : "hide");

/** @param {any} doc */
const copy = (doc) => structuredClone(doc ?? emptyBlocklist());

/** @param {Account} account */
function accountEntry(account) {
  if (!PLATFORMS.includes(account.platform)) throw new Error("options_unknownSite");
  const handle = normaliseHandle(account.handle, account.instance);
  if (!handle && !account.id) throw new Error("options_notAProfile");
  return {
    adds: [newTag()],
    platform: account.platform,
    handle,
    id: account.id ?? null,
    instance: account.instance ? account.instance.toLowerCase() : null,
  };
}

/**
 * The present person listing this account already, if any (so adding twice does not duplicate).
 * @param {any} doc @param {Account} account @returns {string|null}
 */
export function personWithAccount(doc, account) {
  const key = accountKey(account);
  const handleKey = `${account.platform}:h:${normaliseHandle(account.handle, account.instance)}`;
  for (const [id, person] of Object.entries(doc?.people ?? {})) {
    if (!isPresent(person, doc.removed)) continue;
    for (const [k, acc] of Object.entries(person.accounts ?? {})) {
      if (isPresent(acc, doc.removed) && (k === key || k === handleKey)) return id;
    }
  }
  return null;
}

/**
 * Add a person (strengthening: instant).
 * @param {any} doc
 * @param {{label: string, note?: string, names?: string[], messages?: string, accounts: Account[]}} person
 * @param {Context} ctx
 * @returns {{doc: any, id: string}}
 */
export function addPerson(doc, person, ctx) {
  const out = copy(doc);
  const id = newTag();
  /** @type {Record<string, any>} */
  const accounts = {};
  for (const account of person.accounts) accounts[accountKey(account)] = accountEntry(account);
  out.people[id] = {
    adds: [newTag()],
    label: register(String(person.label || "").slice(0, 200), ctx),
    note: register(String(person.note || "").slice(0, 5000), ctx),
    names: register((person.names || []).map(String).filter(Boolean).slice(0, 50), ctx),
    created_at: ctx.now,
    accounts,
  };
  // Only a choice made when adding is written (a person not yet listed loses nothing by it);
  // absent reads as "hide".
  if (person.messages === "keep") out.people[id].messages = register("keep", ctx);
  return { doc: out, id };
}

/** @param {any} doc @param {string} personId @param {Account} account */
export function addAccount(doc, personId, account) {
  const out = copy(doc);
  const person = out.people[personId];
  if (!person || !isPresent(person, out.removed)) throw new Error("options_noSuchPerson");
  const key = accountKey(account);
  const existing = person.accounts[key];
  const entry = accountEntry(account);
  person.accounts[key] = existing ? { ...existing, adds: unionTags(existing.adds, entry.adds) } : entry;
  // Adding an account re-asserts the person too: against a removal made concurrently on another
  // device, the person stays listed (add wins, the safe side).
  person.adds = unionTags(person.adds, [newTag()]);
  return out;
}

/**
 * Edit the label, note or extra names (last writer wins across devices), or set their messages
 * back to hidden (instant; the other way is `setMessages` from a due `keep_messages` entry).
 * @param {any} doc @param {string} personId
 * @param {{label?: string, note?: string, names?: string[], messages?: string}} changes @param {Context} ctx
 */
export function editPerson(doc, personId, changes, ctx) {
  const out = copy(doc);
  const person = out.people[personId];
  if (!person || !isPresent(person, out.removed)) throw new Error("options_noSuchPerson");
  if (changes.label !== undefined) person.label = register(String(changes.label).slice(0, 200), ctx);
  if (changes.note !== undefined) person.note = register(String(changes.note).slice(0, 5000), ctx);
  if (changes.names !== undefined) person.names = register(changes.names.map(String).filter(Boolean), ctx);
  if (changes.messages !== undefined) {
    // Back to hiding their messages is instant; keeping them reachable only through the flow.
    if (changes.messages !== "hide") throw new Error("reflect_useFlow");
    if (messagesOf(person) !== "hide") person.messages = register("hide", ctx);
  }
  return out;
}

/**
 * Set a person's message choice (PROTOCOL §3.1 `messages`). "keep" is a weakening: only applied
 * from its due `keep_messages` entry (lib/actions.js). A person no longer listed is left alone.
 * @param {any} doc @param {string} personId @param {"hide"|"keep"} choice @param {Context} ctx
 */
export function setMessages(doc, personId, choice, ctx) {
  if (!MESSAGE_CHOICES.includes(choice)) throw new Error("options_somethingWrong");
  const out = copy(doc);
  const person = out.people[personId];
  if (!person || !isPresent(person, out.removed)) return out;
  person.messages = register(choice, ctx);
  return out;
}

/** Tombstone exactly the tags this device has seen (a concurrent add elsewhere wins). */
function tombstone(/** @type {any} */ out, /** @type {string[]} */ tags) {
  out.removed = unionTags(out.removed, tags);
}

/** Remove a person and their accounts (a weakening action: only after its confirmation). */
export function removePerson(/** @type {any} */ doc, /** @type {string} */ personId) {
  const out = copy(doc);
  const person = out.people[personId];
  if (!person) return out;
  tombstone(out, [...person.adds, ...Object.values(person.accounts).flatMap((a) => /** @type {any} */ (a).adds)]);
  return out;
}

/** Remove one account of a person (weakening). */
export function removeAccount(/** @type {any} */ doc, /** @type {string} */ personId, /** @type {string} */ key) {
  const out = copy(doc);
  const account = out.people[personId]?.accounts?.[key];
  if (account) tombstone(out, account.adds);
  return out;
}

/** Switch a site on or off (off is weakening). */
export function setSite(
  /** @type {any} */ doc,
  /** @type {string} */ platform,
  /** @type {boolean} */ on,
  /** @type {Context} */ ctx,
) {
  if (!PLATFORMS.includes(platform)) throw new Error("options_unknownSite");
  const out = copy(doc);
  out.sites = { ...(out.sites || {}), [platform]: register(Boolean(on), ctx) };
  return out;
}

/** Pause or resume all protection (pausing is weakening). */
export function setPaused(/** @type {any} */ doc, /** @type {boolean} */ paused, /** @type {Context} */ ctx) {
  const out = copy(doc);
  out.paused = register(Boolean(paused), ctx);
  return out;
}

/** @param {any} doc @param {string} platform */
export function siteEnabled(doc, platform) {
  return doc?.sites?.[platform]?.value !== false;
}

/**
 * The present people, for pages.
 * @param {any} doc
 * @returns {{id: string, label: string, note: string, names: string[], messages: "hide"|"keep", createdAt: number,
 *   accounts: {key: string, platform: string, handle: string|null, id: string|null, instance: string|null}[]}[]}
 */
export function presentPeople(doc) {
  const removed = doc?.removed ?? [];
  return Object.entries(doc?.people ?? {})
    .filter(([, p]) => isPresent(p, removed))
    .map(([id, p]) => ({
      id,
      label: p.label?.value ?? "",
      note: p.note?.value ?? "",
      names: p.names?.value ?? [],
      messages: messagesOf(p),
      createdAt: p.created_at,
      accounts: Object.entries(p.accounts ?? {})
        .filter(([, a]) => isPresent(a, removed))
        .map(([key, a]) => ({ key, platform: a.platform, handle: a.handle, id: a.id, instance: a.instance })),
    }))
    .sort((a, b) => a.createdAt - b.createdAt);
}

/**
 * The present person with an account on `platform` that a content script's match names, or null.
 * @param {any} doc @param {string} platform @param {{handle?: string, id?: string}} key
 * @returns {string|null} the person's id
 */
export function personForKey(doc, platform, key) {
  if (!key?.handle && !key?.id) return null;
  const found = presentPeople(doc).find((person) => person.accounts.some((a) => accountMatches(a, platform, key)));
  return found ? found.id : null;
}

/**
 * What content scripts match against (extension/README.md): handles and ids per platform to hide,
 * `guardHandles`/`guardIds`: people shown for a confirmed look whose Unblock stays guarded, and
 * `sealHandles`/`sealIds`: those of the hidden whose items are kept as sealed records, and
 * `keepMessagesHandles`/`keepMessagesIds` (only on a site where someone chose "keep messages
 * only"): those of the hidden whose conversations, requests and chats stay reachable.
 * A person stays hidden while a pending unblock waits out its cooling-off; only an exception the
 * user confirmed after it (lib/exceptions.js) leaves them out, on that site, for its hour.
 * @param {any} doc
 * @param {import("./exceptions.js").Exception[]} [active] the exceptions running now
 * @param {{all: boolean, people: string[]}} [sealing] whose items are kept sealed
 */
export function buildMatchIndex(doc, active = [], sealing = { all: false, people: [] }) {
  /** @type {Record<string, {enabled: boolean, handles: string[], ids: string[], guardHandles: string[], guardIds: string[], sealHandles: string[], sealIds: string[], keepMessagesHandles?: string[], keepMessagesIds?: string[]}>} */
  const platforms = {};
  for (const platform of PLATFORMS) {
    platforms[platform] = {
      enabled: siteEnabled(doc, platform),
      handles: [],
      ids: [],
      guardHandles: [],
      guardIds: [],
      sealHandles: [],
      sealIds: [],
    };
  }
  for (const person of presentPeople(doc)) {
    const sealed = sealing.all || sealing.people.includes(person.id);
    for (const account of person.accounts) {
      const slot = platforms[account.platform];
      if (!slot) continue;
      const exception = exceptionFor(active, person.id, account.platform);
      if (exception === "unblockable") continue;
      const shown = exception === "shown";
      const [handles, ids] = shown ? [slot.guardHandles, slot.guardIds] : [slot.handles, slot.ids];
      // Normalised here too: documents from an import or another device may carry any case.
      const handle = normaliseHandle(account.handle, account.instance);
      if (handle) handles.push(handle);
      if (account.id) ids.push(account.id);
      if (sealed && !shown) {
        if (handle) slot.sealHandles.push(handle);
        if (account.id) slot.sealIds.push(account.id);
      }
      if (person.messages === "keep" && !shown) {
        if (handle) (slot.keepMessagesHandles ??= []).push(handle);
        if (account.id) (slot.keepMessagesIds ??= []).push(account.id);
      }
    }
  }
  return { v: 1, paused: doc?.paused?.value === true, platforms };
}

/**
 * Read an imported backup: the CLI's backup file or a bare blocklist document. Throws a message
 * key; the caller merges the result into the local list (an import never removes anything).
 * @param {string} text
 * @returns {any} a blocklist document
 */
export function parseImport(text) {
  let data;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error("options_importNotJson");
  }
  const doc = data && typeof data === "object" && "nocontact_backup" in data ? readBackup(data) : data;
  if (!doc || typeof doc !== "object" || doc.format === undefined) throw new Error("options_importNotBackup");
  if (doc.format !== 1) throw new Error("options_importNewerFormat");
  const ok =
    doc.people &&
    typeof doc.people === "object" &&
    !Array.isArray(doc.people) &&
    Array.isArray(doc.removed) &&
    doc.pending &&
    typeof doc.pending === "object" &&
    Object.values(doc.people).every(
      (p) =>
        p &&
        Array.isArray(p.adds) &&
        p.adds.length &&
        p.accounts &&
        typeof p.accounts === "object" &&
        Object.values(p.accounts).every((a) => a && Array.isArray(a.adds) && PLATFORMS.includes(a.platform)),
    );
  if (!ok) throw new Error("options_importDamaged");
  try {
    return mergeBlocklist(doc, null);
  } catch {
    throw new Error("options_importDamaged");
  }
}

/** @param {any} data */
function readBackup(data) {
  if (data.nocontact_backup !== 1) throw new Error("options_importNewerFormat");
  const doc = data.documents?.blocklist;
  if (!doc) throw new Error("options_importNotBackup");
  return doc;
}

/** The export file: the same format as the CLI's backups, so either can restore the other's. */
export function makeExport(/** @type {any} */ blocklist, /** @type {any} */ journal, /** @type {any} */ settings) {
  return {
    nocontact_backup: 1,
    saved_at: Date.now(),
    documents: { blocklist, journal: journal ?? null, settings: settings ?? null },
  };
}
