// Mastodon, any instance: URL recognition and what the content engine hides, as data.
// Instances are the user's: background/instances.js registers this file on each instance they add.
"use strict";

globalThis.NoContactSites.register({
  platform: "mastodon",
  // No fixed hosts: it runs on the instances the user adds (background/instances.js registers
  // this file on each), and recognises profile links on any host.
  hosts: [],
  userHosts: true,
  // A Mastodon handle is user@instance. /@user is local to the page's instance, /@user@domain is
  // remote; /deck/ (advanced layout) and /web/ (before 4.0) prefix the same routes; /users/<user>
  // is the ActivityPub address. Their statuses /@user/<id> count as their pages too.
  // The address of their profile, for a record saved by hand on the page that stands in for it.
  profileUrl: { handle: "https://{domain}/@{user}" },
  profiles: [
    {
      pattern:
        "^/(?:deck/|web/)?@([\\w.-]+)(?:@([\\w.-]+))?(?:/(?:\\d+|with_replies|media|featured|followers|following))?/?$",
      handle: 1,
      domain: 2,
    },
    { pattern: "^/users/([\\w.-]+)/?$", handle: 1, domain: 0 },
  ],
  // Health self-check (content/health.js): pages that always show items when the site works: the public
  // timelines have statuses on any working instance (a new account's home may be empty). Such a page showing
  // none of the items below while it links to people, or items whose authors no reader reads, marks the site
  // as possibly changed.
  health: { itemPages: ["^/public(?:/local)?/?$"] },
  // ---- DOM part (content/matcher.js reads it; see site-markup.md §10) ------------------------
  // A Mastodon handle is user@instance. Links are /@user (local to the page's instance),
  // /@user@domain (remote) or the account's absolute URL https://domain/@user; the named groups
  // user/domain/host let the matcher build user@domain in every case. Same markup under /deck/.
  dom: (() => {
    /** @type {Reader} */
    const acct = {
      attr: "href",
      as: "handle",
      pattern: "^(?:https?://(?<host>[^/?#]+))?(?:/deck|/web)?/@(?<user>[\\w.-]+)(?:@(?<domain>[\\w.-]+))?/?(?:[?#]|$)",
    };
    // Message rules (extension/README.md "Messages"; content/matcher.js): "row" hidden unless the
    // person's messages are kept. Spread in: types/site.d.ts does not name the field yet.
    const messageRow = { messages: "row" };
    return {
      // Mastodon's own Unblock: on /blocks each account row's relationship button is its Unblock
      // (HIGH for the label account.unblock_short; MED for the element); the row is theirs by its
      // display-name link. In a profile header (seen only during a confirmed look) the follow
      // button reads "Unblock" while they are blocked (buttons.tsx, follow_button.tsx; HIGH).
      unblockControls: [
        {
          selector: ".account__relationship button, .account button",
          where: "^/(?:deck/|web/)?blocks",
          row: ".account",
          authors: [{ ...acct, selector: "a.account__display-name[href]" }],
        },
        { selector: ".account__header__follow-button, .account__header__buttons button", page: true },
      ],
      items: [
        {
          // A status; off-screen articles are unrendered and re-rendered in place.
          kind: "post",
          selector: ".status:not(.status-direct)",
          permalink: { selector: "a.status__relative-time", attr: "href" },
          hide: "article",
          authors: [
            { ...acct, selector: "a.status__display-name[href]", notInside: ".status__content, .status__prepend" },
          ],
        },
        {
          // A boost: the prepend row names the booster.
          kind: "repost",
          selector: ".status__wrapper",
          hide: "article",
          authors: [{ ...acct, selector: ".status__prepend a[href]" }],
        },
        {
          kind: "post",
          selector: ".detailed-status",
          permalink: { selector: "a.detailed-status__datetime", attr: "href" },
          hide: ".detailed-status__wrapper",
          authors: [
            { attr: "data-status-by", as: "handle", pattern: "^@?(?<user>[\\w.-]+)(?:@(?<domain>[\\w.-]+))?$" },
            { ...acct, selector: "a.detailed-status__display-name[href]" },
          ],
        },
        {
          // Account rows: search results, suggestions, followers.
          kind: "user",
          selector: ".account",
          authors: [{ ...acct, selector: "a.account__display-name[href]" }],
        },
        // ---- Notifications (/notifications; notifications-and-messages.md §10, HIGH:
        // mastodon/mastodon features/notifications_v2, v1 notification.jsx). Each sits in the list's
        // article[data-id] wrapper, hidden with it.
        // Grouped (4.3+): div.notification-group--<type> (favourite, reblog, follow, …) with an
        // avatar group (one a[href="/@acct"] per actor, capped) and a label whose NamesList links only
        // the first actor, "and N others". Decision: the person as the first (named) actor hides the
        // group; as one face among several only their avatar link goes. Actors past the avatar cap
        // are not in the page. glitch-soc writes the account's absolute URL: `acct` reads both.
        {
          kind: "user",
          selector: ".notification-group",
          hide: "article",
          authors: [
            { ...acct, selector: ".notification-group__main__header__label a[href]", first: true },
            { ...acct, selector: ".notification-group__avatar-group a[href]", first: true },
          ],
        },
        {
          kind: "user",
          selector: ".notification-group__avatar-group a[href]",
          authors: [acct],
        },
        {
          // Ungrouped (mentions, private mentions, polls, edits): a header naming the sender over
          // their status (which the status rule hides too). v1 (before 4.3, still common): one actor
          // per div.notification, a.notification__display-name (HIGH, 10 versions).
          kind: "user",
          selector: ".notification-ungrouped, .notification",
          hide: "article",
          authors: [
            { ...acct, selector: ".notification-ungrouped__header a[href]", first: true },
            { ...acct, selector: "a.notification__display-name[href]", first: true },
          ],
        },
        // ---- Messages: direct conversations (notifications-and-messages.md §10; HIGH: MASTO-M
        // conversation.tsx). The "Private mentions" column (/conversations) lists
        // div.conversation rows in the list's article wrapper; "With <names>" links every
        // participant (a[href="/@acct"], or the account's absolute URL on glitch-soc). A row with any
        // link to them goes (a group conversation holding them too). A private mention is a status
        // of visibility direct: Mastodon writes the class status-direct on it (MED: status.jsx's
        // `status-${visibility}`), so theirs are a message rule, kept reachable with "keep
        // messages only", while every other status of theirs stays hidden. There is no conversation
        // address: a row opens its last status, /@<author>/<id>, which is their page when they wrote
        // it, so it goes to the interstitial even when their messages are kept (the engine decides
        // by the address alone); the user's own last message opens the thread, where theirs show.
        {
          ...messageRow,
          kind: "user",
          selector: ".conversation",
          hide: "article",
          authors: [{ ...acct, selector: ".conversation__content__names a[href]" }],
        },
        {
          ...messageRow,
          kind: "post",
          selector: ".status.status-direct",
          permalink: { selector: "a.status__relative-time", attr: "href" },
          hide: "article",
          authors: [
            { ...acct, selector: "a.status__display-name[href]", notInside: ".status__content, .status__prepend" },
          ],
        },
        // Not reachable: filtered notification requests (div.notification-request) link to
        // /notifications/requests/<id> and name the sender only in text (HIGH: they carry no
        // account link). Desktop notifications are the browser's, outside the page, and the unread
        // count in the column header and the title comes from the server.
      ],
    };
  })(),
});
