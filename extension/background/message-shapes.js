// What each message the background answers must look like: its fields and their types. The router
// (messages.js) checks a message against its shape before any handler sees it, so a handler never
// meets a field of the wrong type, and a malformed message gets `{ok: false, error:
// "message_malformed"}` instead of a throw in the background. Fields not declared are not read by
// any handler. A type with no shape here cannot be answered (registering it throws at load).
//
// A field's type: "string", "number", "boolean", "object" (a plain object), "array", or a RegExp a
// string must match in full; "?" after a type name (or `{optional: RegExp}`) allows it to be absent
// or null.

/** @typedef {string | RegExp | {optional: RegExp}} FieldType */
/** @typedef {Record<string, FieldType>} Shape */

/** The random attribute names the content engine hides with (content/engine.js). */
export const MARK_NAME = /^data-[a-z][a-z0-9]{9}$/;

const NONE = Object.freeze({});

/** @type {Record<string, Shape>} */
export const SHAPES = {
  // The extension's own pages.
  "exceptions.list": NONE,
  "exceptions.end": { person: "string?", platform: "string?" },
  "list.get": NONE,
  "list.add": { text: "string", platform: "string?", label: "string?", note: "string?" },
  "list.undoAdd": { personId: "string" },
  "list.addAccount": { personId: "string", text: "string", platform: "string?" },
  "list.edit": { personId: "string", label: "string?", note: "string?", names: "array?" },
  "list.setSite": { platform: "string", on: "boolean" },
  "list.setPaused": { paused: "boolean" },
  "list.export": NONE,
  "list.import": { text: "string" },
  "journal.get": NONE,
  "journal.clear": NONE,
  "settings.get": NONE,
  "settings.set": { changes: "object" },
  "reflect.start": { action: "object" },
  "reflect.get": { id: "string" },
  "reflect.keep": { id: "string", motive: "string?" },
  "reflect.schedule": { id: "string", motive: "string?" },
  "pending.list": NONE,
  "pending.cancel": { id: "string" },
  "pending.apply": { id: "string", confirmed: "boolean?" },
  "history.get": NONE,
  "history.set": { forget: "boolean" },
  "interstitial.arrived": { token: "string" },
  "interstitial.look": { token: "string" },
  "quickExit.now": NONE,
  "firstRun.get": NONE,
  "firstRun.save": { step: "string?", draft: "object?" },
  "firstRun.finish": NONE,
  "records.summary": NONE,
  "records.save": { token: "string?", url: "string?" },
  "records.open": NONE,
  "records.export": { format: "string" },
  "records.delete": { confirmed: "boolean?" },
  "store.restored": NONE,
  "store.dismissRestored": NONE,
  "sync.status": NONE,
  "sync.now": { force: "boolean?" },
  "sync.setUp": { server: "string", passphrase: "string" },
  "sync.join": { server: "string", code: "string", passphrase: "string" },
  "sync.changePassphrase": { passphrase: "string" },
  "sync.turnOff": NONE,
  "sync.delete": NONE,
  "health.get": NONE,
  "rules.get": NONE,
  "rules.check": NONE,
  "rules.useBuiltin": NONE,
  // Content scripts in a site's tab.
  "interstitial.open": { token: "string", platform: "string", person: "object", url: "string?" },
  "reflect.fromSite": { platform: "string", person: "object" },
  "records.capture": { platform: "string", items: "array" },
  "engine.style": { hidden: MARK_NAME, cover: MARK_NAME, ready: MARK_NAME },
  "health.report": { platform: /^[a-z]{1,32}$/, state: /^(?:ok|noItems|unreadable)$/ },
};

/** @param {any} value @param {string} type */
function isType(value, type) {
  if (type === "array") return Array.isArray(value);
  if (type === "object") return value !== null && typeof value === "object" && !Array.isArray(value);
  return typeof value === type;
}

/**
 * What is wrong with `message` for `shape`, or null when nothing is.
 * @param {Shape} shape @param {any} message
 * @returns {string | null} a developer's description (it never quotes the message's values)
 */
export function shapeError(shape, message) {
  if (message === null || typeof message !== "object" || Array.isArray(message)) return "not an object";
  for (const [field, type] of Object.entries(shape)) {
    const value = message[field];
    const optional = typeof type === "string" ? type.endsWith("?") : !(type instanceof RegExp);
    if (value === undefined || value === null) {
      if (optional) continue;
      return `${field} is missing`;
    }
    if (typeof type === "string") {
      if (!isType(value, type.replace(/\?$/, ""))) return `${field} is not ${type.replace(/\?$/, "")}`;
      continue;
    }
    const pattern = type instanceof RegExp ? type : type.optional;
    if (typeof value !== "string" || !pattern.test(value)) return `${field} is not in its expected form`;
  }
  return null;
}
