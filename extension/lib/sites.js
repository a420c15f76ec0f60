// The site registry for the background and pages (ES module). THE list of sites: one import per
// site file, in the order pages show them. Everything else that lists sites is derived from here:
// PLATFORMS, the manifest's content scripts, host permissions and web-accessible matches, the
// schema enums (scripts/sync-sites.mjs writes and checks those), and the Mastodon script list.
import "../common/registry.js";
import "../sites/x.js";
import "../sites/facebook.js";
import "../sites/instagram.js";
import "../sites/reddit.js";
import "../sites/youtube.js";
import "../sites/tiktok.js";
import "../sites/linkedin.js";
import "../sites/bluesky.js";
import "../sites/threads.js";
import "../sites/mastodon.js";

const registry = globalThis.NoContactSites;

/** Every platform id, in the registry's order. */
export const PLATFORMS = Object.freeze(registry.all().map((site) => site.platform));

/** The classic scripts every content script loads before and after its site file, in order. */
export const CONTENT_SCRIPT_CORE = Object.freeze([
  "common/identity.js",
  "common/interstitial.js",
  "common/registry.js",
]);
export const CONTENT_SCRIPT_ENGINE = Object.freeze([
  "content/matcher.js",
  "content/seal.js",
  "content/health.js",
  "content/safety-net.js",
  "content/engine.js",
]);
export const CONTENT_CSS = Object.freeze(["content/hide.css"]);

/** @param {{platform: string}} site @returns {string[]} the files of the site's content script */
export function contentScriptFiles(site) {
  return [...CONTENT_SCRIPT_CORE, `sites/${site.platform}.js`, ...CONTENT_SCRIPT_ENGINE];
}

/** @returns {ReturnType<typeof registry.all>} every registered site (platform, hosts, profiles, dom) */
export function allSites() {
  return registry.all();
}

/** @param {string} platform */
export function siteFor(platform) {
  return registry.forPlatform(platform);
}

/**
 * The person a URL is the profile (or a post page) of, or null.
 * @param {string} url
 */
export function profileFromUrl(url) {
  return registry.profileFromUrl(url);
}

/** @param {string} host the site serving `host`, or null */
export function siteForHost(host) {
  return registry.forHost(host);
}

/**
 * The address of a person's profile on a site (for a record saved by hand), or null.
 * @param {string} platform @param {{handle?: string, id?: string}} key
 */
export function profileAddress(platform, key) {
  return registry.profileAddress(platform, key);
}
