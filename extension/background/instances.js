// Mastodon instances: the user adds the instances they meet the person on; for each, the extension
// asks for that one host (an optional host permission) and registers the Mastodon content scripts
// there. The registration persists across sessions, is rebuilt on startup and follows permission
// changes, so revoking a host in the browser's settings removes the scripts from it.
//
// ES module shared by background.js (listenForInstances) and the options page (addInstance,
// removeInstance, listInstances). Only host names are stored: an instance names no one.

import { allSites, CONTENT_CSS, contentScriptFiles } from "../lib/sites.js";

export const STORAGE_KEY = "mastodonInstances";
export const SCRIPT_ID = "nc-mastodon";
/** The site that runs on the hosts the user adds (its file says `userHosts`): Mastodon. */
const INSTANCE_SITE = /** @type {Site} */ (allSites().find((site) => site.userHosts));

/**
 * The instance host named by what the user typed: a host ("mastodon.social"), an instance or
 * profile URL ("https://fosstodon.org/@someone"), or a fediverse handle ("@user@instance").
 * @param {string} text
 * @returns {string} the lower-cased host
 * @throws {Error} with message "options_instanceInvalid" when no instance can be read from it
 */
export function parseInstance(text) {
  let value = String(text || "").trim();
  const handle = /^@?[\w.-]+@([a-z0-9.-]+)$/i.exec(value);
  if (handle) value = handle[1];
  if (!/^https?:\/\//i.test(value)) value = `https://${value}`;
  let host;
  try {
    host = new URL(value).hostname.toLowerCase();
  } catch {
    throw new Error("options_instanceInvalid");
  }
  // A public host name: labels of letters, digits and hyphens with a dot-separated top level.
  if (!/^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/.test(host)) {
    throw new Error("options_instanceInvalid");
  }
  return host;
}

/** @param {string} host @returns {string} the match pattern of every page of that instance */
export function originOf(host) {
  return `https://${host}/*`;
}

/** @returns {Promise<string[]>} the instances the user added, in the order they were added */
export async function listInstances() {
  const { [STORAGE_KEY]: hosts } = await chrome.storage.local.get(STORAGE_KEY);
  return Array.isArray(hosts) ? hosts : [];
}

/**
 * Add an instance. Call it from a page, in the click handler: the browser only shows its permission
 * prompt in response to the user's own action.
 * @param {string} text what the user typed
 * @returns {Promise<{ok: true, host: string} | {ok: false, error: string}>}
 */
export async function addInstance(text) {
  let host;
  try {
    host = parseInstance(text);
  } catch (error) {
    return { ok: false, error: /** @type {Error} */ (error).message };
  }
  const granted = await chrome.permissions.request({ origins: [originOf(host)] });
  if (!granted) return { ok: false, error: "options_instanceNotAllowed" };
  const hosts = await listInstances();
  if (!hosts.includes(host)) await chrome.storage.local.set({ [STORAGE_KEY]: [...hosts, host] });
  await syncInstanceScripts();
  return { ok: true, host };
}

/**
 * Remove an instance: forget it, give its permission back and stop running there.
 * @param {string} host
 */
export async function removeInstance(host) {
  const hosts = await listInstances();
  await chrome.storage.local.set({ [STORAGE_KEY]: hosts.filter((h) => h !== host) });
  try {
    await chrome.permissions.remove({ origins: [originOf(host)] });
  } catch {
    // A host the manifest itself grants cannot be given back; the scripts still stop below.
  }
  await syncInstanceScripts();
}

/**
 * The instances that are both added and allowed right now.
 * @returns {Promise<string[]>}
 */
async function allowedInstances() {
  const hosts = await listInstances();
  const allowed = [];
  for (const host of hosts) {
    if (await chrome.permissions.contains({ origins: [originOf(host)] })) allowed.push(host);
  }
  return allowed;
}

/** Make the registered Mastodon content scripts match exactly the allowed instances. */
export async function syncInstanceScripts() {
  const hosts = await allowedInstances();
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [SCRIPT_ID] });
  if (hosts.length === 0) {
    if (existing.length) await chrome.scripting.unregisterContentScripts({ ids: [SCRIPT_ID] });
    return;
  }
  // Paths from the extension's root: Firefox reads a relative path from the calling page's folder
  // (the options page is in pages/), Chromium from the root; a leading "/" means the root to both.
  const fromRoot = (/** @type {string} */ file) => (file.startsWith("/") ? file : `/${file}`);
  const script = {
    id: SCRIPT_ID,
    matches: hosts.map(originOf),
    js: contentScriptFiles(INSTANCE_SITE).map(fromRoot),
    css: CONTENT_CSS.map(fromRoot),
    runAt: /** @type {const} */ ("document_start"),
    allFrames: false,
    persistAcrossSessions: true,
  };
  if (existing.length) await chrome.scripting.updateContentScripts([script]);
  else await chrome.scripting.registerContentScripts([script]);
}

/** Register the listeners (call once, at the top level of background.js). */
export function listenForInstances() {
  const sync = () => {
    syncInstanceScripts().catch((error) => console.error("instances:", error.message));
  };
  chrome.runtime.onStartup.addListener(sync);
  chrome.runtime.onInstalled.addListener(sync);
  chrome.permissions.onAdded.addListener(sync);
  chrome.permissions.onRemoved.addListener(sync);
}

/**
 * declarativeNetRequest rules that send a full load of a listed Mastodon person's profile (and
 * their statuses) on any added instance to the interstitial page, for lib/profile-rules.js to
 * include with the other sites' rules. NOT INSTALLED YET: Firefox follows a redirect to an
 * extension page only if it is web-accessible to the site, which on any host the user adds would
 * mean every host; until that is weighed, full loads on instances are caught by the content engine
 * at document_start (nothing paints before it) and the background moves the tab. Handles are
 * `user@domain` (PROTOCOL §3.1). On the person's
 * own instance their path is /@user, elsewhere /@user@domain; the /deck/ and /web/ layouts share
 * the same tail. The filters end in "|", "/" or "?" so that /@user2, /@user@other.domain and
 * /@notuser never match, and each person costs at most six rules however many instances there are.
 * @param {string[]} handles listed Mastodon handles, lower-cased `user@domain`
 * @param {string[]} instances the added instance hosts
 * @param {number} firstId the first rule id to use
 * @param {string} target the interstitial's address (chrome.runtime.getURL of its path).
 * @returns {chrome.declarativeNetRequest.Rule[]}
 */
export function mastodonRedirectRules(handles, instances, firstId, target) {
  /** @type {chrome.declarativeNetRequest.Rule[]} */
  const rules = [];
  let id = firstId;
  const push = (/** @type {string} */ path, /** @type {string[]} */ domains) => {
    if (domains.length === 0) return;
    for (const end of ["|", "/", "?"]) {
      rules.push({
        id: id++,
        priority: 1,
        action: { type: "redirect", redirect: { url: target } },
        condition: {
          urlFilter: `${path}${end}`,
          requestDomains: domains,
          resourceTypes: ["main_frame"],
          isUrlFilterCaseSensitive: false,
        },
      });
    }
  };
  for (const handle of handles) {
    const at = handle.lastIndexOf("@");
    if (at <= 0) continue;
    const user = handle.slice(0, at);
    const domain = handle.slice(at + 1);
    push(
      `/@${user}`,
      instances.filter((host) => host === domain),
    );
    push(
      `/@${user}@${domain}`,
      instances.filter((host) => host !== domain),
    );
  }
  return rules;
}

// background.js imports every background/*.js module and expects each to register its own
// listeners; pages import this module only for addInstance/removeInstance/listInstances. So the
// listeners are registered here only in the background: Chromium's service worker (no document)
// or Firefox's generated background page (never under node --test, which has no chrome).
const inBackground = typeof document === "undefined" || location.pathname.includes("_generated_background_page");
if (globalThis.chrome && chrome.runtime && chrome.runtime.id && inBackground) {
  listenForInstances();
}
