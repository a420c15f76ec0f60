// YouTube (www. and m.): URL recognition and what the content engine hides, as data (extension/README.md).
"use strict";

(() => {
  // A link to a channel, by @handle (percent-encoded when not ASCII) or by its stable "UC…" id,
  // relative or absolute, optionally to one of the channel's tabs (HIGH: UTAGS, CBP, RYU).
  const origin = "^(?:https://(?:www|m)\\.youtube\\.com)?";
  const tab = "(?:/(?:videos|shorts|streams|featured|community|posts|playlists)?)?/?$";
  /** @type {Reader} */
  const handleLink = { attr: "href", pattern: `${origin}/@([^/?#]+)${tab}`, as: "handle" };
  /** @type {Reader} */
  const idLink = { attr: "href", pattern: `${origin}/channel/(UC[\\w-]{22})${tab}`, as: "id" };
  /** @param {string} selector @returns {Reader[]} both readers on the same links */
  const channelLinks = (selector) => [
    { ...handleLink, selector },
    { ...idLink, selector },
  ];
  // m.youtube.com comments (ytm-comment-renderer; the newer ytm-comment-view-model, LOW: named in
  // FilterTube's mobile spec, markup not seen). The author is the avatar link
  // a.YtmCommentRendererIconContainer (the wrapper is itself the link), older builds a
  // .comment-icon-container link, the name in .YtmCommentRendererTitle; the words are
  // button.YtmCommentRendererContent > p.YtmCommentRendererText and hold @mention links (HIGH:
  // varshneydevansh/FilterTube docs "YouTube Mobile DOM + JSON coverage spec" 2026-02, an
  // unattributed comment-avatar extension's selectors.ts "verified against m.youtube.com", two
  // unattributed userscripts reading .YtmCommentRendererTitle/.YtmCommentRendererText, a 2026-10
  // measured test fixture with button.YtmCommentRendererContent > p). So every link of the comment
  // counts except those in its words (a mention is the writer's words) and, for a thread, in its
  // replies (a reply by the person hides only that reply). Not reachable: the watch page's comment
  // teaser (comments-entry-point-teaser-view-model), which shows the top comment with no author link,
  // name or label at all (MED: the same selectors.ts; Killtube notes); it is theirs only in words.
  const ytmWords = "p, yt-attributed-string, #content-text, .YtmCommentRendererText";
  /** @param {string} notInside more places whose links are not the author's @returns {Reader[]} */
  const ytmCommentAuthor = (notInside) =>
    channelLinks("a[href]").map((reader) => ({ ...reader, notInside: `${ytmWords}${notInside}` }));

  globalThis.NoContactSites.register({
    platform: "youtube",
    hosts: ["www.youtube.com", "m.youtube.com", "youtube.com"],
    // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
    // their handle or id): the background redirects them to the interstitial before any byte loads.
    redirects: { handle: ["||youtube.com/@{}^"], id: ["||youtube.com/channel/{}^"] },
    // Profile (and the person's own post) URLs: `/@handle` and `/channel/UC…` with any tab (UTAGS, RYU).
    // A bare handle as people type it (without @): YouTube handles: 3–30 letters, digits, _, - and ..
    handlePattern: "^[\\w.-]{3,30}$",
    // The address of their profile, for a record saved by hand on the page that stands in for it.
    profileUrl: { handle: "https://www.youtube.com/@{}", id: "https://www.youtube.com/channel/{}" },
    profiles: [
      { pattern: "^/@([^/]+)(?:/.*)?$", handle: 1 },
      { pattern: "^/channel/(UC[\\w-]{22})(?:/.*)?$", id: 1 },
    ],
    // Health self-check (content/health.js): pages that always show items when the site works: search results
    // always have tiles (the home page may be empty when watch history is off). Such a page showing none of
    // the items below while it links to people, or items whose authors no reader reads, marks the site as
    // possibly changed.
    health: { itemPages: ["^/results$"] },
    // What the content engine hides on YouTube, desktop (www., ytd-*) and mobile (m., ytm-*)
    // (content/matcher.js documents the format). A channel is matched by its @handle
    // (case-insensitive, percent-encoded when not ASCII) or by its stable "UC…" channel id.
    // YouTube has no blocking between viewers, so it has no "blocked account" leftovers.
    dom: {
      items: [
        {
          // A comment thread: top-level comment plus its replies. Hiding the thread hides the
          // replies under their comment. Since 2024 each comment body is ytd-comment-view-model
          // (legacy ytd-comment-renderer); the author link is a#author-text[href="/@handle"] and the
          // avatar link in #author-thumbnail (HIGH: CBP video/comment.js, CB, RYU). `:scope >` keeps
          // the replies' authors out: a reply by the person hides only that reply (next rule).
          kind: "comment",
          selector: "ytd-comment-thread-renderer, ytm-comment-thread-renderer",
          permalink: { selector: 'a[href*="lc="]', attr: "href" },
          authors: [
            ...channelLinks(
              ":scope > #comment a#author-text, :scope > ytd-comment-view-model a#author-text, :scope > ytd-comment-renderer a#author-text, :scope > #comment #author-thumbnail a, :scope > ytd-comment-view-model #author-thumbnail a",
            ),
            // m.: the top comment's links outside its words and outside its replies (see ytmWords).
            ...ytmCommentAuthor(", ytm-comment-replies-renderer").map((reader) => ({
              ...reader,
              selector: "ytm-comment-renderer a[href], ytm-comment-view-model a[href]",
            })),
          ],
        },
        {
          // One comment or reply (replies live in ytd-comment-replies-renderer). When the author is
          // the video's owner a#author-text is hidden and the name sits in a badge, but the
          // thumbnail link still carries the handle (CBP). Links in the comment's text are mentions
          // (the writer's words) and are not read; on m. the author link is the row's first child.
          kind: "reply",
          permalink: { selector: 'a[href*="lc="]', attr: "href" },
          selector:
            "ytd-comment-replies-renderer ytd-comment-view-model, ytd-comment-replies-renderer ytd-comment-renderer, ytm-comment-replies-renderer ytm-comment-renderer, ytm-comment-replies-renderer ytm-comment-view-model",
          authors: [
            ...channelLinks(
              "ytd-comment-view-model a#author-text, ytd-comment-renderer a#author-text, #author-thumbnail a",
            ),
            // m.: the reply's own links outside its words (its avatar link, see ytmWords).
            ...ytmCommentAuthor("").map((reader) => ({
              ...reader,
              selector: ":is(ytm-comment-renderer, ytm-comment-view-model) a[href]",
            })),
          ],
        },
        {
          // Videos, shorts and channels in home, search, watch-next and channel lists. Every channel
          // link in a tile is the tile owner's (avatar, name in ytd-channel-name / the 2025
          // yt-content-metadata-view-model); titles link to /watch or /shorts (HIGH: UTAGS
          // listNodesSelectors, CBP). Community posts use a#author-text (MED: CBP, OWO).
          kind: "post",
          selector:
            "ytd-rich-item-renderer, ytd-video-renderer, ytd-grid-video-renderer, ytd-compact-video-renderer, ytd-channel-renderer, ytd-playlist-renderer, ytd-reel-item-renderer, ytd-post-renderer, ytd-backstage-post-thread-renderer, yt-lockup-view-model, ytm-rich-item-renderer, ytm-video-with-context-renderer, ytm-compact-video-renderer, ytm-compact-channel-renderer, ytm-channel-list-item-renderer",
          // m.: ytm-rich-item-renderer (home grid) around ytm-video-with-context-renderer (home,
          // search, watch-next), whose only channel link is the avatar
          // ytm-channel-thumbnail-with-link-renderer > a[href="/@…" or "/channel/UC…"]; the name in
          // ytm-badge-and-byline-renderer is text (HIGH: FilterTube mobile spec 2026-02, Killtube
          // notes measured 2026-10-08, three unattributed userscripts). ytm-compact-channel-renderer
          // links /@handle (MED: FilterTube). Shorts lockups (ytm-shorts-lockup-view-model) carry no
          // channel link at all (FilterTube: none seen), so a Short of theirs cannot be told; nor can
          // a tile whose avatar links only a legacy /c/… or /user/… address.
          authors: [
            { ...handleLink, selector: "a[href*='/@']" },
            { ...idLink, selector: "a[href*='/channel/']" },
          ],
        },
        {
          // m.: a community post (home and the channel's posts tab). The channel is the header link
          // (yt-post-header a[href]); the words (truncated-text) may mention others (MED: FilterTube
          // mobile spec 2026-02, "read owner from the DOM header link"; LOW: the words' element).
          kind: "post",
          selector: "ytm-backstage-post-thread-renderer",
          authors: channelLinks("a[href]").map((reader) => ({
            ...reader,
            notInside: "truncated-text, truncated-text-content, yt-attributed-string",
          })),
        },
        {
          // The watch page of one of their videos, reached from a link elsewhere: the owner block
          // (desktop ytd-video-owner-renderer, mobile ytm-slim-owner-renderer, HIGH: RYU) makes the
          // whole player and description the person's. Recommendations beside it go with it.
          // m.: ytm-watch holds ytm-slim-owner-renderer a.slim-owner-icon-and-title[href] (HIGH: RYU,
          // FilterTube mobile spec 2026-02, Killtube notes measured 2026-10-08; the class MED: one
          // older script); its comments open in a ytm-engagement-panel, checked by the rules above.
          kind: "post",
          selector: "ytd-watch-flexy, ytm-watch",
          authors: channelLinks("ytd-video-owner-renderer a[href], ytm-slim-owner-renderer a[href]"),
        },
        // ---- Notifications (the bell's panel; notifications-and-messages.md §5).
        // Each entry is ytd-notification-renderer in ytd-popup-container's multi-page menu (HIGH:
        // 10+ sources). Its only link is to the video (/watch?v=…, /shorts/…), never to the channel:
        // the data behind it (get_notification_menu) carries the message text, the channel's avatar
        // image, the video and "read", and no channel id or handle (MED: two InnerTube clients). So an
        // entry from them cannot be recognised from the page: matching never reads text, and an
        // avatar image is no stable name. Link-based fallback only: an entry that does hold a link to
        // their channel is hidden. Each entry has one actor (no grouping). Once a notification is
        // opened, their comment or video is hidden by the rules above. The count on the bell
        // (#notification-count) and the "(3) " in the title come from the server. YouTube has had
        // no messages since 2019.
        {
          kind: "user",
          selector: "ytd-notification-renderer, ytm-notification-renderer",
          authors: channelLinks("a[href*='/@'], a[href*='/channel/']"),
        },
      ],
      // The app announces its own in-place navigations (RYU, OWO listen to yt-navigate-finish).
      navigationEvents: ["yt-navigate-start", "yt-navigate-finish"],
    },
  });
})();
