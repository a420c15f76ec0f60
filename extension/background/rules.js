// Rule packs (issue 17 part 3; extension/README.md "Shipping a fix as a rule pack"): newer site
// data, signed by the maintainer, fetched from the user's own sync server only (`GET /v1/rules`),
// never from any other host, and never without sync set up. Checked at most daily while every site
// is healthy; at once when the health self-check reports a site newly degraded (background/
// site-health.js writes `siteHealth`), then hourly while one stays degraded (the server lets a
// cache keep the pack an hour, and a fix may come in that time). A pack is verified and checked by lib/rules/verify.js before anything changes;
// the accepted one is stored in `rulePack`, which content scripts read at document_start and take
// at once when it changes (content/engine.js); `rulePackStatus` says what happened last.
//
// `rulePack`: {version, date, keyId, signature, sites: {"<platform>": {dom?, profiles?, health?}}}
// `rulePackStatus`: {state: "ok" | "refused" | "builtin" | "none" | "unreachable", reason?, where?,
//                    version, at, checked, seen?, floor?}
//   ok: the pack `version` is in use; refused: the last pack fetched was refused for `reason`
//   (nothing changed); builtin: the user chose the built-in rules (packs up to `floor` stay unused);
//   none: the server has no pack; unreachable: the server did not answer. `seen` is the signature
//   of the last envelope fetched, so the same pack fetched again changes nothing.
import "../lib/sites.js";
import { PLATFORMS } from "../lib/sites.js";
import { RULE_KEYS } from "../lib/rules/keys.js";
import { verifyEnvelope } from "../lib/rules/verify.js";
import { answerPages } from "./messages.js";
import { readLocal } from "./store.js";

export const ALARM = "nc-rules";
/** The alarm's period: a check is due daily, or at each alarm while a site is degraded. */
export const PERIOD_MINUTES = 60;
export const DAILY_MS = 24 * 60 * 60 * 1000;
/** The shortest gap between two checks started by a site turning degraded. */
export const DEGRADED_GAP_MS = 60 * 1000;
const FETCH_TIMEOUT_MS = 20 * 1000;

/** @param {any} pack use it for recognition here too (pasted links, the context menu) */
function useHere(pack) {
  const rules = /** @type {any} */ (globalThis).NoContactSiteRules;
  for (const platform of PLATFORMS) rules.withRules(platform, pack);
}
void readLocal("rulePack").then(useHere, () => {});

// One check at a time.
let running = /** @type {Promise<any> | null} */ (null);

/** Fetch, verify and store the server's pack. @returns {Promise<any>} the new status */
export function checkRules() {
  if (!running) running = check().finally(() => (running = null));
  return running;
}

async function check() {
  const sync = await readLocal("sync");
  const status = (await readLocal("rulePackStatus")) || {};
  if (!sync?.enabled || typeof sync.server !== "string") return status;
  const pack = await readLocal("rulePack");
  const at = Date.now();
  /** @param {object} change */
  const save = async (change) => {
    const next = { ...status, ...change, checked: at };
    await chrome.storage.local.set({ rulePackStatus: next });
    return next;
  };
  let text;
  try {
    const response = await fetch(`${sync.server}/v1/rules`, {
      cache: "no-cache", // revalidated with the ETag: a pack that did not change costs a 304
      credentials: "omit",
      redirect: "error",
      signal: AbortSignal.timeout(FETCH_TIMEOUT_MS),
    });
    if (response.status === 404) return save(pack ? {} : { state: "none", at });
    if (!response.ok) return save(pack ? {} : { state: "unreachable", at });
    text = await response.text();
  } catch {
    return save(pack ? {} : { state: "unreachable", at });
  }
  const signature = signatureOf(text);
  if (signature && signature === status.seen) return save({});
  const appliedVersion = Math.max(Number(pack?.version) || 0, Number(status.floor) || 0);
  const result = await verifyEnvelope(text, { keys: RULE_KEYS, platforms: PLATFORMS, appliedVersion });
  if ("reason" in result) {
    const version = versionOf(text);
    return save({ state: "refused", reason: result.reason, where: result.where, version, at, seen: signature });
  }
  const accepted = {
    version: result.pack.version,
    date: result.pack.date,
    keyId: result.keyId,
    signature,
    sites: result.pack.sites,
  };
  await chrome.storage.local.set({ rulePack: accepted });
  useHere(accepted);
  return save({ state: "ok", reason: undefined, where: undefined, version: accepted.version, at, seen: signature });
}

/** @param {string} text */
function signatureOf(text) {
  try {
    const signature = JSON.parse(text)?.signature;
    return typeof signature === "string" ? signature : null;
  } catch {
    return null;
  }
}

/** @param {string} text */
function versionOf(text) {
  try {
    const version = JSON.parse(text)?.pack?.version;
    return Number.isSafeInteger(version) ? version : null;
  } catch {
    return null;
  }
}

/** Back to the site files' own rules; a pack newer than the one set aside is used again. */
export async function useBuiltin() {
  const pack = await readLocal("rulePack");
  const status = (await readLocal("rulePackStatus")) || {};
  const floor = Math.max(Number(pack?.version) || 0, Number(status.floor) || 0);
  const next = { ...status, state: "builtin", reason: undefined, where: undefined, version: 0, floor, at: Date.now() };
  await chrome.storage.local.remove("rulePack");
  await chrome.storage.local.set({ rulePackStatus: next });
  useHere(null);
  return next;
}

let lastDegradedCheck = 0;
chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== "local") return;
  if (changes.rulePack) useHere(changes.rulePack.newValue ?? null);
  if (!changes.siteHealth) return;
  const before = changes.siteHealth.oldValue || {};
  const after = changes.siteHealth.newValue || {};
  const newly = Object.keys(after).some((platform) => !before[platform]);
  if (!newly || Date.now() - lastDegradedCheck < DEGRADED_GAP_MS) return;
  lastDegradedCheck = Date.now();
  void checkRules().catch(() => {});
});

/** Whether the hourly alarm should check: a day since the last check, or a site degraded. */
async function due() {
  const status = (await readLocal("rulePackStatus")) || {};
  const health = (await readLocal("siteHealth")) || {};
  return Object.keys(health).length > 0 || Date.now() - (Number(status.checked) || 0) >= DAILY_MS;
}

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name !== ALARM) return;
  void due()
    .then((yes) => (yes ? checkRules() : null))
    .catch(() => {});
});
chrome.alarms.get(ALARM).then((existing) => {
  if (!existing) chrome.alarms.create(ALARM, { periodInMinutes: PERIOD_MINUTES, delayInMinutes: 1 });
});

/** What the options page shows. */
async function publicState() {
  const pack = await readLocal("rulePack");
  const status = (await readLocal("rulePackStatus")) || null;
  return {
    status,
    pack: pack ? { version: pack.version, date: pack.date, platforms: Object.keys(pack.sites || {}) } : null,
  };
}

answerPages({
  "rules.get": () => publicState(),
  "rules.check": async () => {
    await checkRules();
    return publicState();
  },
  "rules.useBuiltin": async () => {
    await useBuiltin();
    return publicState();
  },
});
