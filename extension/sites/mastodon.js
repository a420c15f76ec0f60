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
          selector: ".status",
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
      ],
    };
  })(),
});
