// Bluesky (bsky.app): URL recognition and what the content engine hides, as data (extension/README.md).
"use strict";

(() => {
  // Any link into a profile (its page, a post of theirs, a quoted post's record): "/profile/<handle
  // or DID>/…" (BSKY src/routes.ts). Either form names them.
  /** @type {Reader} */
  const profileLink = { attr: "href", pattern: "^/profile/([^/?#]+)", as: "either" };
  // A link to a profile itself (an avatar or a name): "/profile/<handle or DID>", or "/<handle>"
  // which newer builds may write (LOW: a routes excerpt puts "/:name" first); a handle is a domain
  // name or a DID, so "/messages", "/notifications" and the like never match.
  /** @type {Reader} */
  const avatarLink = {
    attr: "href",
    pattern: "^/(?:profile/)?((?:[A-Za-z0-9-]+\\.)+[A-Za-z]{2,}|did:[a-z]+:[\\w.:-]+)/?$",
    as: "either",
  };

  // Message rules (extension/README.md "Messages"; content/matcher.js): "row" hidden unless the
  // person's messages are kept, "conversation" leaves for the interstitial. Spread in:
  // types/site.d.ts does not name the field yet.
  const messageRow = { messages: "row" };
  const conversation = { messages: "conversation" };

  globalThis.NoContactSites.register({
    platform: "bluesky",
    hosts: ["bsky.app"],
    // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
    // their handle or id): the background redirects them to the interstitial before any byte loads.
    redirects: { handle: ["||bsky.app/profile/{}^"], id: ["||bsky.app/profile/{}^"] },
    // Profile (and the person's own post) URLs: `/profile/<handle or DID>` and everything under it (BSKY routes.ts).
    // A bare handle as people type it (without @): Bluesky handles are domain names (name.bsky.social), or a DID.
    handlePattern: "^(?:[a-z0-9-]+\\.)+[a-z]{2,}$|^did:[a-z]+:[\\w.:-]+$",
    // The address of their profile, for a record saved by hand on the page that stands in for it.
    profileUrl: { handle: "https://bsky.app/profile/{}", id: "https://bsky.app/profile/{}" },
    profiles: [{ pattern: "^/profile/([^/]+)(?:/.*)?$", handle: 1, idIf: "^did:" }],
    // Health self-check (content/health.js): pages that always show items when the site works: the home feed
    // (Discover or Following) always has posts. Such a page showing none of the items below while it links to
    // people, or items whose authors no reader reads, marks the site as possibly changed.
    health: { itemPages: ["^/$"] },
    // What the content engine hides on Bluesky (content/matcher.js documents the format). A person
    // is matched by handle (case-insensitive) or by DID ("did:plc:…"/"did:web:…"); profile links
    // take either form ("/profile/:name", BSKY src/routes.ts).
    dom: {
      // Bluesky's own Unblock is only in a profile header: [data-testid="unblockBtn"], which opens the
      // "Unblock Account?" prompt (HIGH: ProfileHeaderStandard.tsx). The blocked-accounts list
      // (/moderation/blocked-accounts) has no button, only profile cards that lead to the profile.
      // A listed profile is replaced by the interstitial, so the button is met only during a
      // confirmed look, on the page the address names.
      unblockControls: [{ selector: '[data-testid="unblockBtn"]', page: true }],
      items: [
        {
          // Feed posts: data-testid="feedItem-by-<author handle>", kept by reposts (the testid stays
          // the original author's) and by notifications (HIGH: BSKY PostFeedItem.tsx). Inside:
          // "Reposted by" links to the reposter, the author's links, and a quoted post's embed with
          // its own author link and "/profile/<handle or DID>/post/<rkey>" link. Reading every
          // profile link outside the post text covers the author, the reposter (their own reposts)
          // and the quoted author; mentions inside postText are the writer's words and stay.
          kind: "post",
          // Not the grouped notification entries, which are links (<a>) with the same testid (below).
          selector: '[data-testid^="feedItem-by-"]:not(a)',
          permalink: { selector: 'a[href*="/post/"]', attr: "href" },
          authors: [
            { attr: "data-testid", pattern: "^feedItem-by-(.+)$", as: "either" },
            { ...profileLink, selector: 'a[href^="/profile/"]', notInside: '[data-testid="postText"]' },
          ],
        },
        // ---- Notifications (/notifications; notifications-and-messages.md §8, HIGH:
        // social-app NotificationFeedItem.tsx, UserAvatar.tsx). Replies, mentions and quotes are a
        // div[data-testid="feedItem-by-<author>"] around a normal post: the post rule above. Likes,
        // reposts, follows, starter-pack joins and the rest are ONE link,
        // a[data-testid="feedItem-by-<first author>"], whose href is the subject (the user's post, or
        // the follower's profile). A grouped entry ("A and 3 others liked your post") names only the
        // first author in its testid and sentence, and draws up to 5 avatars, each its own link to
        // /profile/<handle or DID> ("<Name>'s avatar"); expanding it lists every author the same way.
        // Decision: the person as the first (named) author hides the entry; as one face among several
        // only their avatar link goes. Authors past the fifth avatar are not in the page until the
        // group is expanded, and nothing names them. No drop-down or toast; the unread count on the
        // bell comes from the server.
        {
          kind: "user",
          selector: 'a[data-testid^="feedItem-by-"]',
          authors: [
            { attr: "data-testid", pattern: "^feedItem-by-(.+)$", as: "either" },
            { ...avatarLink, selector: 'a[href^="/"]', first: true },
          ],
        },
        {
          // One face (avatar or expanded author card) inside a grouped entry: only that link.
          kind: "user",
          selector: 'a[data-testid^="feedItem-by-"] a[href^="/"]',
          authors: [avatarLink],
        },
        {
          // Posts in a thread view (the focused post, its parents and replies) (HIGH: social-app,
          // unattributed scrapers). Hiding a reply hides only that reply; the thread's lines stay.
          kind: "reply",
          selector: '[data-testid^="postThreadItem-by-"]',
          permalink: { selector: 'a[href*="/post/"]', attr: "href" },
          authors: [
            { attr: "data-testid", pattern: "^postThreadItem-by-(.+)$", as: "either" },
            { ...profileLink, selector: 'a[href^="/profile/"]', notInside: '[data-testid="postText"]' },
          ],
        },
        {
          // People: search results, suggested follows, followers and list members
          // (MED: profileCard-<handle>-link in social-app). Only the card's own link counts: its
          // description may mention others.
          kind: "user",
          selector: '[data-testid^="profileCard-"], [data-testid^="blockedAccount-"]',
          authors: [
            { attr: "data-testid", pattern: "^profileCard-(.+?)(?:-link)?$", as: "either" },
            { attr: "href", pattern: "^/profile/([^/?#]+)/?$", as: "either" },
            // The blocked-accounts list's cards are "blockedAccount-<index>" (HIGH:
            // ModerationBlockedAccounts.tsx) around a link to the profile.
            {
              selector: 'a[href^="/profile/"]',
              first: true,
              attr: "href",
              pattern: "^/profile/([^/?#]+)/?$",
              as: "either",
            },
          ],
        },
        {
          // Bluesky's own leftover for a quoted post by someone the user blocked: "Blocked" /
          // "This post is from an account you blocked" embed. Its link names the author by DID
          // ("/profile/did:…/post/…", the record's AT-URI repo), so it is theirs only when that DID
          // is listed; a leftover with no link (thread tombstone) cannot be attributed and stays.
          kind: "placeholder",
          selector: '[data-testid="embed-blocked"], [data-testid="contentHider-embed"]',
          authors: [{ ...profileLink, selector: 'a[href^="/profile/"]' }],
        },
        // ---- Messages (notifications-and-messages.md §8; HIGH: social-app ChatListItem.tsx,
        // routes). /messages and the requests at /messages/inbox: a row is a wrapper around the
        // row link a[href="/messages/<convoId>"] (no testid) and, as its sibling, the other member's
        // avatar link a[href="/profile/<handle>"] (a DID when the handle is invalid). Request rows
        // were not read (LOW): assumed the same. Group chats (newer) were not read: a row with any
        // link to them goes. The conversation's address /messages/<convoId> does not name them; its
        // header (MessagesListHeader, MED: an older version) holds a link to /profile/<handle> next
        // to the back button (testID conversationHeaderBackBtn), so the open conversation leaves
        // for the interstitial. Bluesky has no pop-up chat. The unread count on the chat icon is the
        // server's.
        {
          ...messageRow,
          kind: "user",
          selector:
            'div:has(> a[href^="/messages/"]:not([href="/messages/inbox"]):not([href^="/messages/settings"])):has(a[href^="/profile/"])',
          authors: [{ ...profileLink, selector: 'a[href^="/profile/"]' }],
        },
        {
          ...conversation,
          kind: "user",
          selector: 'div:has(> [data-testid="conversationHeaderBackBtn"])',
          hide: "body",
          authors: [{ ...profileLink, selector: 'a[href^="/profile/"]' }],
        },
      ],
    },
  });
})();
