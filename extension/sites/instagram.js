// Instagram: URL recognition and what the content engine hides, as data.
"use strict";

globalThis.NoContactSites.register({
  platform: "instagram",
  hosts: ["www.instagram.com", "instagram.com"],
  // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
  // their handle or id): the background redirects them to the interstitial before any byte loads.
  redirects: { handle: ["||instagram.com/{}^"] },
  // /<username>/ (with a tab or the new /<username>/p/<code>/ post form) and stories; the first
  // segment is never one of Instagram's own pages (site-markup.md §3, HIGH: UTAGS).
  // A bare handle as people type it (without @): Instagram usernames: up to 30 letters, digits, dots and underscores.
  handlePattern: "^[A-Za-z0-9._]{1,30}$",
  // The address of their profile, for a record saved by hand on the page that stands in for it.
  profileUrl: { handle: "https://www.instagram.com/{}/" },
  profiles: [
    { pattern: "^/stories/([A-Za-z0-9._]{1,30})(?:/.*)?$", handle: 1, reserved: ["highlights"] },
    {
      pattern: "^/([A-Za-z0-9._]{1,30})/?(?:(?:p|reel|reels|tagged|saved|followers|following)(?:/.*)?)?$",
      handle: 1,
      reserved: [
        "explore",
        "reels",
        "reel",
        "accounts",
        "direct",
        "p",
        "tv",
        "stories",
        "about",
        "legal",
        "developer",
        "web",
        "challenge",
        "emails",
        "session",
        "oauth",
        "api",
        "static",
        "privacy",
        "terms",
        "directory",
        "locations",
        "topics",
      ],
    },
  ],
  // Health self-check (content/health.js): pages that always show items when the site works: the home feed
  // always has posts. Such a page showing none of the items below while it links to people, or items whose
  // authors no reader reads, marks the site as possibly changed.
  health: { itemPages: ["^/$"] },
  // ---- DOM part (content/matcher.js reads it; see site-markup.md §3) -------------------------
  // Instagram has no stable attributes besides <article>, <header>, list rows and links; a user
  // link is /<username>/ (never a reserved first segment such as /explore/ or /p/), grid tiles
  // link /<username>/p/<code>/, and avatars are img alt="<username>'s profile picture".
  dom: (() => {
    const reserved =
      "explore|reels|reel|accounts|direct|p|tv|stories|about|legal|developer|web|challenge|emails|session|oauth|api|static|privacy|terms|directory|locations|topics";
    const origin = "^(?:https://(?:www\\.)?instagram\\.com)?";
    /** @type {Reader} */
    const user = {
      attr: "href",
      as: "handle",
      pattern: `${origin}/(?!(?:${reserved})/)([A-Za-z0-9._]{1,30})/?(?:[?#]|$)`,
    };
    /** @type {Reader} */
    const tile = {
      attr: "href",
      as: "handle",
      pattern: `${origin}/(?!(?:${reserved})/)([A-Za-z0-9._]{1,30})/(?:p|reel|tv)/`,
    };
    /** @type {Reader} */
    const avatar = { attr: "alt", as: "handle", pattern: "^([A-Za-z0-9._]{1,30})'s profile picture$" };
    // Message rules (extension/README.md "Messages"; content/matcher.js): "row" hidden unless the
    // person's messages are kept, "conversation" leaves for the interstitial. Spread in:
    // types/site.d.ts does not name the field yet.
    const messageRow = { messages: "row" };
    const conversation = { messages: "conversation" };
    return {
      // Instagram's own Unblock: on /accounts/blocked_accounts/ every row's only control is its
      // Unblock (div[role=button] with a localized aria-label "Unblock"/"Desbloquear", MED:
      // lubari/script-unblock-account-ig), so any control in a row counts and no label is read;
      // the row is the nearest list item or block holding a profile link (LOW: row markup). On a
      // profile (seen only during a confirmed look) the header's buttons are the profile's own
      // Follow/Unblock (site-markup.md §3, MED).
      unblockControls: [
        {
          selector: 'button, [role="button"]',
          where: "^/accounts/blocked_accounts/?",
          row: 'li, [role="listitem"], div:has(> a[href], > * > a[href])',
          authors: [
            { ...user, selector: "a[href]" },
            { ...avatar, selector: "img[alt]", first: true },
          ],
        },
        { selector: "header button", page: true },
      ],
      items: [
        {
          // Feed posts (and suggested posts): the author is in the header.
          kind: "post",
          selector: "article",
          permalink: { selector: 'a[href*="/p/"], a[href*="/reel/"]', attr: "href" },
          authors: [
            { ...user, selector: "header a[href]" },
            { ...avatar, selector: "header img[alt]" },
          ],
        },
        {
          // Comment and reply rows, stories tray entries and suggestion cards are list rows whose
          // first link or avatar is the person; mentions come later in the row.
          kind: "reply",
          selector: "li",
          authors: [
            { ...user, selector: "a[href]", first: true },
            { ...avatar, selector: "img[alt]", first: true },
          ],
        },
        // ---- Notifications (the heart's side panel on desktop, /accounts/activity/ on mobile web;
        // notifications-and-messages.md §3). No reliable markup (LOW): bots click
        // div[role="button"] or li rows and walk from the post thumbnail to the nearest user link
        // (IGN). Grouped entries ("a, b and 10 others liked your post") have no source at all.
        // Fallback, link-based: an entry is the innermost clickable block (div[role=button]) holding
        // an avatar link (a user link around an image; a photo's tags are links without one). It is
        // hidden when its first user link or first avatar is theirs (the first actor, the one the
        // sentence names); li rows are the rule above. A further avatar link of theirs in a
        // clickable block (a face among several) is hidden alone. Actors named only in words ("and
        // 10 others") cannot be seen. The unread dot on the heart comes from the server.
        {
          kind: "user",
          selector:
            'div[role="button"]:has(a[href]:not([href*="/p/"]):not([href*="/reel/"]) img):not(:has(div[role="button"] a[href] img))',
          authors: [
            { ...user, selector: 'a[href]:not([href*="/p/"]):not([href*="/reel/"])', first: true },
            { ...avatar, selector: "img[alt]", first: true },
          ],
        },
        {
          kind: "user",
          selector: 'div[role="button"] a[href]:has(img)',
          authors: [user],
        },
        // ---- Messages (notifications-and-messages.md §3; LOW throughout). The inbox /direct/inbox/
        // and requests /direct/requests/: rows are div[role="button"] with no link (MED/LOW: IGDM,
        // bots click them by their name text), or in some builds links to /direct/t/<thread id>/;
        // they name the person by text and by the avatar's alt "<username>'s profile picture" (LOW:
        // the pattern of Threads, TFX; English: other languages write the alt differently and their
        // rows are not recognised). Text is never read. The thread's address /direct/t/<thread id>/
        // does not name them ("can't be username", IGDM): the open conversation is the main pane
        // with the composer (a contenteditable textbox) and no post, recognised by its first profile
        // link, the header's (LOW: reconstruction, no source read); it leaves for the
        // interstitial. No pop-up chats on the web.
        {
          ...messageRow,
          kind: "user",
          selector: 'div[role="button"]:has(img[alt]):not(:has(a[href], div[role="button"])), a[href^="/direct/t/"]',
          authors: [{ ...avatar, selector: "img[alt]", first: true }],
        },
        {
          ...conversation,
          kind: "user",
          selector: '[role="main"]:has([role="textbox"][contenteditable="true"]):not(:has(article))',
          hide: "body",
          authors: [{ ...user, selector: 'a[href]:not([href^="/direct/"])', first: true }],
        },
        {
          // Profile-grid, explore and tagged tiles.
          kind: "post",
          selector: 'a[href*="/p/"], a[href*="/reel/"]',
          authors: [tile],
        },
      ],
    };
  })(),
});
