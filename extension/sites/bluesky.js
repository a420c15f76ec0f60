// Bluesky (bsky.app): URL recognition and what the content engine hides, as data (extension/README.md).
"use strict";

globalThis.NoContactSites.register({
  platform: "bluesky",
  hosts: ["bsky.app"],
  // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
  // their handle or id): the background redirects them to the interstitial before any byte loads.
  redirects: { handle: ["||bsky.app/profile/{}^"], id: ["||bsky.app/profile/{}^"] },
  // Profile (and the person's own post) URLs: `/profile/<handle or DID>` and everything under it (BSKY routes.ts).
  profiles: [{ pattern: "^/profile/([^/]+)(?:/.*)?$", handle: 1, idIf: "^did:" }],
  // What the content engine hides on Bluesky (content/matcher.js documents the format). A person
  // is matched by handle (case-insensitive) or by DID ("did:plc:…"/"did:web:…"); profile links
  // take either form ("/profile/:name", BSKY src/routes.ts).
  dom: {
    items: [
      {
        // Feed posts: data-testid="feedItem-by-<author handle>", kept by reposts (the testid stays
        // the original author's) and by notifications (HIGH: BSKY PostFeedItem.tsx). Inside:
        // "Reposted by" links to the reposter, the author's links, and a quoted post's embed with
        // its own author link and "/profile/<handle or DID>/post/<rkey>" link. Reading every
        // profile link outside the post text covers the author, the reposter (their own reposts)
        // and the quoted author; mentions inside postText are the writer's words and stay.
        kind: "post",
        selector: '[data-testid^="feedItem-by-"]',
        authors: [
          { attr: "data-testid", pattern: "^feedItem-by-(.+)$", as: "either" },
          {
            selector: 'a[href^="/profile/"]',
            notInside: '[data-testid="postText"]',
            attr: "href",
            pattern: "^/profile/([^/?#]+)",
            as: "either",
          },
        ],
      },
      {
        // Posts in a thread view (the focused post, its parents and replies) (HIGH: social-app,
        // unattributed scrapers). Hiding a reply hides only that reply; the thread's lines stay.
        kind: "reply",
        selector: '[data-testid^="postThreadItem-by-"]',
        authors: [
          { attr: "data-testid", pattern: "^postThreadItem-by-(.+)$", as: "either" },
          {
            selector: 'a[href^="/profile/"]',
            notInside: '[data-testid="postText"]',
            attr: "href",
            pattern: "^/profile/([^/?#]+)",
            as: "either",
          },
        ],
      },
      {
        // People: search results, suggested follows, followers and list members
        // (MED: profileCard-<handle>-link in social-app). Only the card's own link counts: its
        // description may mention others.
        kind: "user",
        selector: '[data-testid^="profileCard-"]',
        authors: [
          { attr: "data-testid", pattern: "^profileCard-(.+?)(?:-link)?$", as: "either" },
          { attr: "href", pattern: "^/profile/([^/?#]+)/?$", as: "either" },
        ],
      },
      {
        // Bluesky's own leftover for a quoted post by someone the user blocked: "Blocked" /
        // "This post is from an account you blocked" embed. Its link names the author by DID
        // ("/profile/did:…/post/…", the record's AT-URI repo), so it is theirs only when that DID
        // is listed; a leftover with no link (thread tombstone) cannot be attributed and stays.
        kind: "placeholder",
        selector: '[data-testid="embed-blocked"], [data-testid="contentHider-embed"]',
        authors: [
          {
            selector: 'a[href^="/profile/"]',
            attr: "href",
            pattern: "^/profile/([^/?#]+)",
            as: "either",
          },
        ],
      },
    ],
  },
});
