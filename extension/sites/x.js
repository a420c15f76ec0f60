// X / Twitter: URL recognition and what the content engine hides, as data (extension/README.md).
"use strict";

(() => {
  // Readers used by several items (content/matcher.js documents the format).
  // A profile link: "/handle" (relative, or absolute on any of X's hosts).
  /** @type {Reader} */
  const profileLink = {
    attr: "href",
    pattern: "^(?:https://(?:x|twitter|mobile\\.twitter)\\.com)?/([A-Za-z0-9_]{1,15})/?$",
    as: "handle",
  };
  // The avatar container's testid carries the screen name (XWEB, CPFT); present even while the
  // name block is still loading.
  /** @type {Reader} */
  const avatarTestid = { attr: "data-testid", pattern: "^UserAvatar-Container-([A-Za-z0-9_]{1,15})$", as: "handle" };
  /** @type {Reader} */
  const avatar = { ...avatarTestid, selector: '[data-testid^="UserAvatar-Container-"]' };
  // Follow/unblock buttons are "<numeric rest id>-follow" etc. (XWEB builds `${id}-unblock`): the
  // stable id, which survives a change of handle.
  /** @type {Reader} */
  const idButton = {
    selector:
      '[data-testid$="-follow"], [data-testid$="-unfollow"], [data-testid$="-unblock"], [data-testid$="-cancel"]',
    attr: "data-testid",
    pattern: "^(\\d+)-(?:follow|unfollow|unblock|cancel)$",
    as: "id",
  };

  // Message rules (extension/README.md "Messages"; content/matcher.js): "row" is a conversation
  // row, message request or pop-up chat, hidden unless the person's messages are kept;
  // "conversation" is the open conversation, recognised by its header, which leaves for the
  // interstitial (everything is hidden until then). Spread in: types/site.d.ts does not name the
  // field yet.
  const messageRow = { messages: "row" };
  const conversation = { messages: "conversation" };
  // A profile link outside any message of the open conversation (a shared post names others).
  /** @type {Reader} */
  const headerLink = {
    ...profileLink,
    selector: "a[href]",
    notInside: '[data-testid="dm-message-list"], [data-testid="DmScrollerContainer"]',
  };

  globalThis.NoContactSites.register({
    platform: "x",
    hosts: ["x.com", "twitter.com", "mobile.twitter.com"],
    // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
    // their handle or id): the background redirects them to the interstitial before any byte loads.
    redirects: { handle: ["||x.com/{}^", "||twitter.com/{}^"], id: ["||x.com/i/user/{}^", "||twitter.com/i/user/{}^"] },
    // Profile (and the person's own post) URLs: `/<handle>` with optional tab or status path
    // (CPFT's regex; handles ≤ 15 chars), and `/i/user/<numeric id>` deep links (MED).
    // A bare handle as people type it (without @): X handles are 1–15 letters, digits or underscores (XWEB).
    handlePattern: "^[A-Za-z0-9_]{1,15}$",
    // The address of their profile, for a record saved by hand on the page that stands in for it.
    profileUrl: { handle: "https://x.com/{}", id: "https://x.com/i/user/{}" },
    profiles: [
      // Follow buttons on other sites link to /intent/user?screen_name=<handle> (or ?user_id=<id>):
      // the person is named in the query.
      { pattern: "^/intent/(?:user|follow)/?$", param: "screen_name", value: "^([A-Za-z0-9_]{1,15})$", handle: 1 },
      { pattern: "^/intent/(?:user|follow)/?$", param: "user_id", value: "^(\\d+)$", id: 1 },
      {
        pattern:
          "^/([A-Za-z0-9_]{1,15})(?:/(?:with_replies|media|likes|highlights|articles|affiliates|superfollows|followers|following|verified_followers|status/\\d+(?:/.*)?))?/?$",
        handle: 1,
        reserved: [
          "home",
          "explore",
          "notifications",
          "messages",
          "i",
          "settings",
          "search",
          "compose",
          "tos",
          "privacy",
          "hashtag",
          "login",
          "logout",
          "signup",
          "jobs",
          "lists",
          "bookmarks",
          "communities",
          "premium",
          "grok",
          "intent",
          "share",
          "account",
        ],
      },
      { pattern: "^/i/user/(\\d+)/?$", id: 1 },
    ],
    // Health self-check (content/health.js): pages that always show items when the site works: the home
    // timeline (For you / Following) always has posts. Such a page showing none of the items below while it
    // links to people, or items whose authors no reader reads, marks the site as possibly changed.
    health: { itemPages: ["^/home/?$"] },
    // What the content engine hides on X (content/matcher.js documents the format). Matching is on
    // attributes and link paths only, never on text, so every language works.
    dom: {
      // X's own Unblock button, "<numeric id>-unblock" (XWEB builds `${id}-unblock`; HIGH), in the
      // rows of /settings/blocked/all and in a profile header. The id in the testid names the person;
      // the UserCell around it, or the profile the page is, name them by handle. Its confirmation
      // sheet (confirmationSheetConfirm) only ever follows a press on it, so guarding it is enough.
      unblockControls: [
        {
          selector: '[data-testid$="-unblock"]',
          authors: [{ attr: "data-testid", pattern: "^(\\d+)-unblock$", as: "id" }],
          page: true,
        },
      ],
      items: [
        {
          // Posts, replies, reposts and quotes: one article[data-testid="tweet"] each, on timelines,
          // search, profiles and conversations (HIGH: CPFT Selectors.TWEET, UTAGS, XWEB, 2025–26).
          // Hidden with its virtualised row (cellInnerDiv, absolutely positioned and recycled) so no
          // gap or divider is left; outside rows (embeds, previews) the article itself.
          kind: "post",
          selector: 'article[data-testid="tweet"]',
          permalink: { selector: 'a[href*="/status/"]:has(time)', attr: "href" },
          hide: '[data-testid="cellInnerDiv"]',
          authors: [
            // The author block: display-name and @handle links to "/handle" (HIGH). A quoted post is
            // a nested div[role=link] with its own User-Name inside the same article (no nested
            // article, CPFT), so reading every User-Name link covers the quoted author too.
            { ...profileLink, selector: '[data-testid="User-Name"] a[href]' },
            avatar,
            // "<name> reposted": socialContext sits inside a link to the reposter (CPFT getTweetType);
            // older builds put the link inside it. Hides the person's own reposts of others.
            {
              ...profileLink,
              selector: 'a[href]:has([data-testid="socialContext"]), [data-testid="socialContext"] a[href]',
            },
          ],
        },
        {
          // People: search "People" tab, follower lists, who-to-follow in the timeline and in the
          // sidebar, hover cards (HIGH: XWEB testID "UserCell", CPFT). A button when clickable,
          // else div[role=listitem]. In a timeline it sits in its own cellInnerDiv row.
          kind: "user",
          selector: '[data-testid="UserCell"]',
          hide: '[data-testid="cellInnerDiv"]',
          authors: [
            avatar,
            // Only the first link (avatar or name): the cell's bio may mention other people.
            { ...profileLink, selector: "a[href]", first: true },
            idButton,
          ],
        },
        {
          // The hover card X shows over any link to a profile, e.g. the "@handle" of a mention or
          // "Replying to" line left visible in someone else's post (site-markup.md §1 lists
          // [data-testid="HoverCard"] holding a UserCell; MED). It floats in #layers, outside any
          // row, so the UserCell rule alone would leave an empty card: hidden as a whole.
          kind: "user",
          selector: '[data-testid="HoverCard"]',
          authors: [avatar, { ...profileLink, selector: "a[href]", first: true }, idButton],
        },
        // ---- Notifications (/notifications, its tabs; notifications-and-messages.md §1).
        // Likes, reposts, follows and "new post" entries are article[data-testid="notification"] in a
        // virtualised cellInnerDiv row (HIGH: MILADY, XACT, 3+ scripts). Mentions, replies and quotes
        // are full article[data-testid="tweet"] rows: the post rule above covers them (MED).
        // Grouped entries ("A and 5 others liked your post") show one avatar per actor,
        // UserAvatar-Container-<handle> (MED: MILADY), and name only the first actor in words.
        // Decision: the person as the named (first) actor hides the whole entry (its words are about
        // them); as one face among several only their avatar goes, so the user still sees that
        // friends liked their post. Actors past the avatars X draws are not in the page (LOW) and
        // cannot be seen. X has no notification drop-down or toast on desktop; the bell's count and
        // the "(3) " in the title come from the server and stay as they are.
        {
          kind: "user",
          selector: 'article[data-testid="notification"]',
          hide: '[data-testid="cellInnerDiv"]',
          authors: [
            { ...avatar, first: true },
            // The first link to a profile (not the liked post's /status/ link, which names the user).
            { ...profileLink, selector: 'a[href]:not([href*="/status/"])', first: true },
          ],
        },
        {
          // One face in a grouped entry: only that avatar (and its link) is hidden.
          kind: "user",
          selector: 'article[data-testid="notification"] [data-testid^="UserAvatar-Container-"]',
          authors: [avatarTestid],
        },
        // ---- Messages (notifications-and-messages.md §1). Two generations live side by side.
        // Legacy DMs (/messages, /messages/requests): rows are [data-testid="conversation"] in a
        // cellInnerDiv, each with the other person's a[data-testid="DM_Conversation_Avatar"] to
        // "/<handle>" (HIGH: XBUNDLE constant, 4+ scrapers read its href as the handle). The drawer
        // at the bottom right is div[data-testid="DMDrawer"] (HIGH: CPFT): its rows are the same, and
        // a conversation open in it (a pop-up chat) is hidden whole by its header's avatar link (MED).
        // X Chat (2025; /i/chat, /i/chat/requests): rows are [data-testid^="dm-conversation-item-"]
        // and requests [data-testid^="dm-message-request-item-"] (HIGH: 3+ scrapers 2025–26), each
        // with the other person's avatar link, absolute "https://x.com/<handle>" (MED: XCHAT-B).
        // A group conversation holding them goes too. The open conversation's address does not name
        // them (/i/chat/<id>; legacy /messages/<idA>-<idB> names both sides by id, and which is the
        // user's is not known): it is recognised by the profile link in its header (X Chat
        // dm-conversation-panel, MED; legacy section[aria-labelledby="detail-header"], MED) and
        // leaves for the interstitial. Not reachable: the unread count on the envelope (server).
        {
          ...messageRow,
          kind: "user",
          selector: '[data-testid="conversation"]',
          hide: '[data-testid="cellInnerDiv"]',
          authors: [
            { ...profileLink, selector: 'a[data-testid="DM_Conversation_Avatar"]', first: true },
            { ...avatar, first: true },
          ],
        },
        {
          ...messageRow,
          kind: "user",
          selector: '[data-testid^="dm-conversation-item-"], [data-testid^="dm-message-request-item-"]',
          hide: '[data-testid="cellInnerDiv"]',
          authors: [{ ...profileLink, selector: 'a[href]:not([href*="/i/chat"])' }, avatar],
        },
        {
          // A conversation open in the drawer (a pop-up chat): hidden with the drawer.
          ...messageRow,
          kind: "user",
          selector:
            '[data-testid="DMDrawer"]:has([data-testid="DmScrollerContainer"], [data-testid="dm-message-list"])',
          authors: [
            {
              ...profileLink,
              selector: 'a[data-testid="DM_Conversation_Avatar"]',
              notInside: '[data-testid="conversation"]',
              first: true,
            },
          ],
        },
        {
          ...conversation,
          kind: "user",
          selector:
            '[data-testid="dm-conversation-panel"], section[aria-labelledby="detail-header"]:not([data-testid="DMDrawer"] *)',
          hide: "body",
          authors: [headerLink],
        },
      ],
      // Leftovers: X's "This Post is from an account you blocked" / "This post is unavailable"
      // tombstones carry no author, link or id in the page, so they cannot be told apart from those
      // of anyone else the user blocked; they show nothing of the person and are left alone.
    },
  });
})();
