// Reddit (new Reddit and old.reddit): URL recognition and what the content engine hides, as data (extension/README.md).
"use strict";

(() => {
  // A link to a user: /user/<name> or /u/<name>, relative or on any reddit.com host (HIGH: RES).
  /** @type {Reader} */
  const userLink = {
    attr: "href",
    pattern: "^(?:https://[a-z]+\\.reddit\\.com)?/u(?:ser)?/([\\w-]{1,32})/?$",
    as: "handle",
  };
  // New Reddit's elements name their author by attribute, set server-side before any child renders;
  // author-id is the account fullname t2_…, a stable id, where the page shows it (HIGH: RE).
  /** @type {Reader[]} */
  const authorAttributes = [
    { attr: "author", pattern: "^([\\w-]{1,32})$", as: "handle" },
    { attr: "author-id", pattern: "^(t2_[a-z0-9]+)$", as: "id" },
  ];

  // Message rules (extension/README.md "Messages"; content/matcher.js): "row" hidden unless the
  // person's messages are kept. Spread in: types/site.d.ts does not name the field yet.
  const messageRow = { messages: "row" };

  globalThis.NoContactSites.register({
    platform: "reddit",
    hosts: ["www.reddit.com", "new.reddit.com", "sh.reddit.com", "old.reddit.com", "np.reddit.com", "reddit.com"],
    // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
    // their handle or id): the background redirects them to the interstitial before any byte loads.
    redirects: { handle: ["||reddit.com/user/{}^", "||reddit.com/u/{}^"] },
    // Profile (and the person's own post) URLs: `/user/<name>` and `/u/<name>` with any tab (RES location.js).
    // A bare handle as people type it (without @): Reddit usernames: 3–20 letters, digits, - and _.
    handlePattern: "^[\\w-]{3,20}$",
    // The address of their profile, for a record saved by hand on the page that stands in for it.
    profileUrl: { handle: "https://www.reddit.com/user/{}/" },
    profiles: [{ pattern: "^/u(?:ser)?/([\\w-]{1,32})(?:/.*)?$", handle: 1 }],
    // Health self-check (content/health.js): pages that always show items when the site works: the home feed
    // and a subreddit's listing (new and old Reddit) always have posts. Such a page showing none of the items
    // below while it links to people, or items whose authors no reader reads, marks the site as possibly
    // changed.
    health: { itemPages: ["^/$", "^/r/[\\w-]+/?$"] },
    // What the content engine hides on Reddit (content/matcher.js documents the format): new Reddit
    // ("shreddit" web components on www./new./sh.) and old.reddit. Usernames compare lower-cased;
    // the stable id is the account fullname "t2_…" where the page shows it.
    dom: {
      // Reddit's own Unblock. old.reddit /prefs/blocked/: a table row per account (.enemy-table tr,
      // td .user a[href*="/user/"]) whose "remove" togglebutton and its "yes" confirm unblock (MED:
      // reddit-block-manager's selectors on the saved page). New Reddit's settings (Privacy →
      // "Blocked accounts", /settings/privacy) lists accounts with a button each (LOW: markup not
      // verified): any control in a row there that links to the person counts.
      unblockControls: [
        {
          selector: ".togglebutton, a, button, input[type=submit]",
          where: "^/prefs/blocked",
          row: "tr",
          authors: [{ ...userLink, selector: 'a[href*="/user/"]' }],
        },
        {
          selector: 'button, [role="button"]',
          where: "^/settings/privacy",
          row: 'li, [role="listitem"], [role="row"]',
          authors: [{ ...userLink, selector: 'a[href*="/user/"], a[href*="/u/"]' }],
        },
      ],
      items: [
        {
          // old.reddit's blocked list: the row of each blocked account (see unblockControls).
          kind: "user",
          selector: ".enemy-table tr",
          authors: [{ ...userLink, selector: 'a[href*="/user/"]' }],
        },
        {
          // New Reddit posts in feeds, subreddits, post pages: <article><shreddit-post author=…>
          // (HIGH: RE scans article:has(>shreddit-post), 3+ other sources). The author attribute is
          // set server-side, before any child renders. Hidden with its <article> so the feed's
          // divider goes too.
          kind: "post",
          selector: "shreddit-post",
          permalink: { attr: "permalink" },
          hide: "article",
          authors: [
            ...authorAttributes,
            // A crosspost (Reddit's repost) shows the original post's credit line inside the media
            // slot, with a link to its author (LOW: inferred from the slot layout; the outer author
            // attribute names only the crossposter).
            { ...userLink, selector: '[slot="post-media-container"] a[href]' },
          ],
        },
        {
          // Comments and replies: shreddit-comment[author] nests its replies as child
          // shreddit-comments, so hiding it hides the replies under it too (HIGH: RE
          // block_comments_by_user.js, 6+ sources). Reddit's own leftover for a blocked account is
          // the same element, collapsed, still carrying author=: hidden by the same rule, while
          // "[deleted]" leftovers name no one and stay.
          kind: "comment",
          selector: "shreddit-comment",
          permalink: { attr: "permalink" },
          authors: [...authorAttributes],
        },
        {
          // Search "People" results: a telemetry tracker around one person, marked by the
          // search-author testid (MED: RE hide_search_page_sidebar_nsfw_users.js). Only the first
          // profile link counts: a result's description may mention others.
          kind: "user",
          selector: 'search-telemetry-tracker:has([data-testid="search-author"])',
          authors: [{ ...userLink, selector: 'a[href*="/user/"], a[href*="/u/"]', first: true }],
        },
        {
          // old.reddit: every post and comment is a .thing with data-author (HIGH: RES Thing.js).
          // Replies nest inside .child of their parent .thing, so they go with it.
          kind: "post",
          selector: ".thing[data-author]:not(.message)",
          permalink: { attr: "data-permalink" },
          authors: [
            { attr: "data-author", pattern: "^([\\w-]{1,32})$", as: "handle" },
            { attr: "data-author-fullname", pattern: "^(t2_[a-z0-9]+)$", as: "id" },
          ],
        },
        // ---- Notifications (notifications-and-messages.md §4).
        // old.reddit's inbox (/message/inbox/, /message/unread/, mentions, comment replies): each
        // entry is .thing.message with its sender in the tagline's a.author (HIGH: RES isMessage(),
        // getAuthorElement()); whether it also carries data-author is LOW, so the link is read.
        // Replies nest in .child, so only the entry's own tagline counts. No grouping.
        {
          kind: "user",
          selector: ".thing.message.was-comment",
          authors: [{ ...userLink, selector: ":scope > .entry .tagline a.author[href]", first: true }],
        },
        // ---- Messages (notifications-and-messages.md §4). old.reddit's private messages are the
        // inbox entries that are not comment replies (.thing.message without .was-comment; HIGH: RES),
        // in /message/inbox/, /message/messages/ and a thread /message/messages/<id> (whose address
        // does not name them, LOW): each is theirs by its tagline's a.author, the same reader.
        // A thread's own address is not left: it shows the entries, which are hidden one by one.
        // Reddit Chat (/chat, chat.reddit.com, the pop-up [data-testid="reddit-chat-client"]) is
        // drawn inside shadow roots (rs-app, rs-room; MED: RCHAT) and names the other person only as
        // text (.room-name, "Direct chat with …"): the engine reads neither, so chat rooms, requests
        // and the pop-up are not covered.
        {
          ...messageRow,
          kind: "user",
          selector: ".thing.message:not(.was-comment)",
          authors: [{ ...userLink, selector: ":scope > .entry .tagline a.author[href]", first: true }],
        },
        // New Reddit's /notifications page and the bell's drop-down: no reliable markup (LOW: one
        // scraper's guess). Fallback, link-based: the innermost list row holding a link to a user and
        // no control of its own is hidden when its first user link is theirs (a row with a button,
        // like the blocked-accounts list of /settings/privacy, stays: its Unblock is guarded there).
        // Entries that name the actor only as text ("u/name replied") cannot be recognised. Each
        // notification has one actor. The bell's count comes from the server.
        {
          kind: "user",
          selector:
            ':is(li, [role="listitem"]):has(a[href*="/user/"], a[href*="/u/"]):not(:has(li, [role="listitem"], button, [role="button"]))',
          authors: [{ ...userLink, selector: 'a[href*="/user/"], a[href*="/u/"]', first: true }],
        },
        {
          // old.reddit search results carry no data-author; their author link does (HIGH: RES).
          kind: "post",
          selector: ".search-result",
          permalink: { selector: 'a.search-title, a[href*="/comments/"]', attr: "href" },
          authors: [{ ...userLink, selector: ".search-author a.author, a.author", first: true }],
        },
      ],
    },
  });
})();
