// Forgetting where the person was met: when the user chooses it (Safety, off by default, with the
// browser's optional "history" permission), every address of a listed person's profile or posts
// that the browser recorded is removed from its history as soon as the interstitial stands in for
// it (a full load redirected, or an in-app visit the content engine left). The choice is this
// device's alone, like the permission it needs.
import { accountMatches } from "../lib/identity.js";
import { profileFromUrl } from "../lib/sites.js";
import { presentPeople } from "../lib/blocklist.js";
import { answerPages } from "./messages.js";
import { readDoc, readLocal } from "./store.js";

const KEY = "forgetVisits";
const PERMISSION = { permissions: /** @type {chrome.runtime.ManifestPermission[]} */ (["history"]) };

/** Whether the user chose it and the browser still allows it. */
async function forgetting() {
  return (await readLocal(KEY)) === true && (await chrome.permissions.contains(PERMISSION));
}

/**
 * Remove from history every address of this person (their profile and posts) on this platform.
 * @param {string} platform @param {{handle?: string, id?: string}} key whom the interstitial stood for
 */
export async function forgetVisits(platform, key) {
  if (!(await forgetting())) return;
  const person = presentPeople(await readDoc("blocklist")).find((p) =>
    p.accounts.some((a) => accountMatches(a, platform, key)),
  );
  const accounts = (person?.accounts ?? []).filter((a) => a.platform === platform);
  if (accounts.length === 0) return;
  // Every entry is looked at (the search's own text matching splits addresses into words in ways
  // that miss some forms); this runs only when the user chose it, once per stand-in page.
  const visits = await chrome.history.search({ text: "", startTime: 0, maxResults: 100000 });
  for (const visit of visits) {
    const profile = visit.url ? profileFromUrl(visit.url) : null;
    const key = profile?.handle ? { handle: profile.handle } : { id: profile?.id ?? "" };
    const theirs = profile && accounts.some((a) => accountMatches(a, profile.platform, key));
    if (theirs && visit.url) await chrome.history.deleteUrl({ url: visit.url });
  }
}

answerPages({
  "history.get": async () => ({ forget: await forgetting() }),
  "history.set": async ({ forget }) => {
    await chrome.storage.local.set({ [KEY]: forget === true });
    return {};
  },
});
