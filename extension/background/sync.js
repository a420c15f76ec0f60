// The background side of sync: runs the engine (lib/sync/engine.js) on chrome.storage.local, pushes
// soon after a local change (a change to the journal alone waits for its random moment instead,
// lib/sync/batching.js), pulls on startup, on a periodic alarm and whenever an extension page
// opens, and answers the sync page's messages. It keeps nothing in memory that must survive: the
// service worker may stop between any two events, and everything lives in the `sync` storage record
// and, for its keys, in IndexedDB.
import { pushesSoon } from "../lib/sync/batching.js";
import { createClient } from "../lib/sync/client.js";
import { syncCrypto } from "../lib/sync/crypto.js";
import { createSyncEngine } from "../lib/sync/engine.js";
import { permissionPattern, serverOrigin } from "../lib/sync/server.js";
import { createIdbKeyStore } from "../lib/keystore.js";
import { createStorageStore } from "../lib/sync/store.js";
import { onSiteOpen } from "./engine-style.js";
import { answerPages } from "./messages.js";
import { now, readLocal, updateDoc } from "./store.js";

export const ALARM = "nc-sync";
/** Poll period (the shortest both browsers allow): a person added elsewhere is hidden here within ~30 s. */
export const PERIOD_MINUTES = 0.5;
/** Wait after a local change so a burst of edits goes up as one write. */
export const PUSH_DELAY_MS = 1500;

// The keys live in IndexedDB (lib/keystore.js), out of the storage content scripts can read.
const keystore = createIdbKeyStore();
// Merges go through the same queue as every other change of a document here.
const syncStore = createStorageStore(chrome.storage.local, updateDoc, keystore);
// Move keys an earlier version left in storage.local at once, not at the next round.
void syncStore.getState().catch(() => {});
// Tests only (tests/browser/test_sync_e2e.py): the whole state with its keys, read the way the
// engine reads it. Only the background's own global has it; no page or content script can call it.
/** @type {any} */ (globalThis).ncSyncState = () => syncStore.getState();

const engine = createSyncEngine({
  store: syncStore,
  crypto: syncCrypto,
  clientFor: (server) => createClient({ baseUrl: server }),
  // Pending entries from elsewhere are judged by the clock the reflection flow uses here.
  pendingNow: now,
});

/** @param {string} origin */
async function requireHostPermission(origin) {
  // The page asks for the permission (it needs a user gesture); here we only check it was given.
  const granted = await chrome.permissions.contains({ origins: [permissionPattern(origin)] });
  if (!granted) throw Object.assign(new Error("no permission"), { code: "permission" });
}

/** A public view of the sync record: never the keys. */
async function publicStatus() {
  const sync = await readLocal("sync");
  if (!sync?.enabled) return { enabled: false, server: sync?.server ?? null };
  return {
    enabled: true,
    server: sync.server,
    syncId: sync.syncId,
    status: sync.status ?? null,
    failedAttempts: sync.failedAttempts ?? null,
  };
}

/** Run a round unless a backoff after failures says to wait (user-initiated rounds never wait). */
async function syncIfDue(force = false) {
  const sync = await readLocal("sync");
  if (!sync?.enabled) return null;
  if (!force && sync.status?.nextRetryAt && Date.now() < sync.status.nextRetryAt) return sync.status;
  return engine.syncNow();
}

/** The shortest gap between two rounds started by opening site pages. */
export const SITE_ROUND_GAP_MS = 15 * 1000;

/**
 * A page of a supported site has just started (the content engine asked for its styles): a person
 * added on another device should be hidden here now, not at the next 30-second alarm. At most one
 * such round per SITE_ROUND_GAP_MS; a round's requests are conditional (ETag), so a poll that
 * finds nothing new costs the service one read.
 */
export async function roundOnSiteOpen() {
  const sync = await readLocal("sync");
  if (!sync?.enabled) return;
  if (Date.now() - (sync.status?.lastAttempt ?? 0) < SITE_ROUND_GAP_MS) return;
  await syncIfDue();
}

onSiteOpen(roundOnSiteOpen);

let pushTimer = 0;
chrome.storage.onChanged.addListener((changes, area) => {
  // A journal change alone is left to the periodic rounds, which send it at its moment.
  if (area !== "local" || !pushesSoon(Object.keys(changes))) return;
  clearTimeout(pushTimer);
  pushTimer = setTimeout(() => void syncIfDue(), PUSH_DELAY_MS);
});

chrome.alarms.onAlarm.addListener((alarm) => {
  if (alarm.name === ALARM) void syncIfDue();
});
chrome.runtime.onStartup.addListener(() => void syncIfDue());
chrome.runtime.onInstalled.addListener(() => {
  chrome.alarms.create(ALARM, { periodInMinutes: PERIOD_MINUTES });
});
// An alarm survives restarts, but make sure it exists after an update or a cleared profile.
chrome.alarms.get(ALARM).then((existing) => {
  if (!existing) chrome.alarms.create(ALARM, { periodInMinutes: PERIOD_MINUTES });
});

/** @type {Record<string, (message: any) => Promise<any>>} */
const HANDLERS = {
  "sync.status": () => publicStatus(),
  "sync.now": async (message) => {
    await syncIfDue(Boolean(message.force));
    return publicStatus();
  },
  "sync.setUp": async ({ server, passphrase }) => {
    const origin = serverOrigin(server);
    await requireHostPermission(origin);
    await engine.setUp({ server: origin, passphrase });
    return publicStatus();
  },
  "sync.join": async ({ server, code, passphrase }) => {
    const origin = serverOrigin(server);
    await requireHostPermission(origin);
    await engine.join({ server: origin, code, passphrase });
    return publicStatus();
  },
  "sync.changePassphrase": async ({ passphrase }) => {
    await engine.changePassphrase(passphrase);
    return publicStatus();
  },
  "sync.turnOff": async () => {
    await engine.turnOff();
    return publicStatus();
  },
  "sync.delete": async () => {
    await engine.deleteFromServer();
    return publicStatus();
  },
};

// Only extension pages may drive sync; content scripts run inside sites.
answerPages(HANDLERS, (err) => `sync_error_${err?.code || "bad_response"}`);
