// The sites' health, on this device only (no telemetry): what the content engine's self-check
// (content/health.js) last saw on each site. A site whose pages no longer look the way its site file
// says (no items where there always are some, or items whose authors cannot be read) is stored as
// degraded in `siteHealth` with the time; a healthy page of that site clears it. The popup and the
// options page say so, and while a site is degraded the content engine's safety net is on there
// (content/safety-net.js).
//
// `siteHealth`: {"<platform>": {"reason": "noItems" | "unreadable", "since": ms, "seen": ms}}
import { allSites, siteFor, siteForHost } from "../lib/sites.js";
import { answerContent, answerPages } from "./messages.js";

/** The reasons a content script may report; "ok" clears the site's state. */
export const HEALTH_STATES = Object.freeze(["ok", "noItems", "unreadable"]);

// One change at a time: two tabs reporting at once must not lose one of the two.
let queue = Promise.resolve();

/**
 * Record what a page of `platform` showed.
 * @param {string} platform @param {string} state one of HEALTH_STATES @param {number} [now]
 */
export function recordHealth(platform, state, now = Date.now()) {
  const run = queue.then(async () => {
    const { siteHealth } = await chrome.storage.local.get("siteHealth");
    /** @type {Record<string, any>} */
    const current = siteHealth && typeof siteHealth === "object" ? siteHealth : {};
    const known = current[platform];
    if (state === "ok") {
      if (!known) return;
      const rest = { ...current };
      delete rest[platform];
      await chrome.storage.local.set({ siteHealth: rest });
      return;
    }
    const since = known && known.reason === state ? known.since : now;
    await chrome.storage.local.set({ siteHealth: { ...current, [platform]: { reason: state, since, seen: now } } });
  });
  queue = run.catch(() => {});
  return run;
}

/** @returns {Promise<{platform: string, reason: string, since: number}[]>} the degraded sites, in the registry's order */
export async function degradedSites() {
  const { siteHealth } = await chrome.storage.local.get("siteHealth");
  if (!siteHealth || typeof siteHealth !== "object") return [];
  return allSites()
    .filter((site) => siteHealth[site.platform])
    .map((site) => ({
      platform: site.platform,
      reason: String(siteHealth[site.platform].reason),
      since: Number(siteHealth[site.platform].since) || 0,
    }));
}

/**
 * Whether a page at `url` belongs to `platform` (a report names only its own site).
 * @param {string} platform @param {string | undefined} url
 */
function pageOf(platform, url) {
  try {
    const own = siteForHost(new URL(String(url)).hostname);
    return own ? own.platform === platform : Boolean(siteFor(platform)?.userHosts);
  } catch {
    return false;
  }
}

answerContent({
  "health.report": async ({ platform, state }, sender) => {
    if (!siteFor(platform) || !HEALTH_STATES.includes(state) || !pageOf(platform, sender.url)) {
      throw new Error("health_notThisSite");
    }
    await recordHealth(platform, state);
    return {};
  },
});

answerPages({
  "health.get": async () => ({ sites: await degradedSites() }),
});
