// What the user pasted or typed in "add a person": a profile link of any supported site, a bare
// link without https://, `@user@instance` (Mastodon), or `@handle` with a site chosen beside it.
// Whatever cannot be added says why (a message key), never nothing.
import { normaliseHandle } from "./identity.js";
import { allSites, profileFromUrl, siteFor } from "./sites.js";

/**
 * @param {string} text
 * @param {string} [platformHint] the site chosen next to the field, for a bare @handle
 * @returns {{platform: string, handle: string|null, id: string|null, instance: string|null}}
 * @throws {Error} with a message key: options_emptyInput, options_chooseSite, options_notAProfile,
 *   options_handleInvalid
 */
export function recognizeInput(text, platformHint = "") {
  const value = String(text || "").trim();
  if (!value) throw new Error("options_emptyInput");
  const fediverse = /^@?([\w.-]+)@([a-z0-9-]+(?:\.[a-z0-9-]+)+)$/i.exec(value);
  const fediverseSite = allSites().find((site) => site.userHosts);
  if (fediverse && fediverseSite) {
    const instance = fediverse[2].toLowerCase();
    return { platform: fediverseSite.platform, handle: normaliseHandle(fediverse[1], instance), id: null, instance };
  }
  const bare = /^@?([\w.:-]{1,100})$/.exec(value);
  const site = platformHint ? siteFor(platformHint) : null;
  if (bare && site) {
    // A site chosen and something that is no link: it is a handle of that site, or a typo.
    const handle = bare[1];
    if (site.handlePattern && !new RegExp(site.handlePattern, "i").test(handle)) {
      throw new Error("options_handleInvalid");
    }
    return { platform: site.platform, handle, id: null, instance: null };
  }
  if (bare && !value.includes(".")) throw new Error("options_chooseSite");
  const url = /^https?:\/\//i.test(value) ? value : `https://${value}`;
  const found = profileFromUrl(url);
  if (!found) throw new Error("options_notAProfile");
  return found;
}
