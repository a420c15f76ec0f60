// The site registry for the background and pages (ES module): one import per site file, so that
// background, pages and content scripts share the same URL recognition (extension/README.md).
// Keep one line per site, in any order: tests/browser/test_registry.py fails when a site file is
// missing here.
import "../sites/registry.js";
import "../sites/bluesky.js";
import "../sites/facebook.js";
import "../sites/instagram.js";
import "../sites/linkedin.js";
import "../sites/mastodon.js";
import "../sites/reddit.js";
import "../sites/threads.js";
import "../sites/tiktok.js";
import "../sites/x.js";
import "../sites/youtube.js";

const registry = globalThis.NoContactSites;

/** @returns {any[]} every registered site (platform, hosts, profiles, dom) */
export function allSites() {
  return registry.all();
}

/**
 * The person a URL is the profile (or a post page) of, or null.
 * @param {string} url
 * @returns {{platform: string, handle: string|null, id: string|null, instance: string|null} | null}
 */
export function profileFromUrl(url) {
  return registry.profileFromUrl(url);
}

/** @param {string} host @returns {any} the site serving `host`, or null */
export function siteForHost(host) {
  return registry.forHost(host);
}
