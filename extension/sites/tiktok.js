// TikTok: URL recognition and what the content engine hides, as data.
"use strict";

globalThis.NoContactSites.register({
  platform: "tiktok",
  hosts: ["www.tiktok.com", "tiktok.com", "m.tiktok.com"],
  // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
  // their handle or id): the background redirects them to the interstitial before any byte loads.
  redirects: { handle: ["||tiktok.com/@{}^"] },
  // /@<uniqueId>, their videos and photo posts (site-markup.md §6, HIGH).
  // A bare handle as people type it (without @): TikTok usernames: 2–24 letters, digits, _ and ..
  handlePattern: "^[\\w.]{2,24}$",
  // The address of their profile, for a record saved by hand on the page that stands in for it.
  profileUrl: { handle: "https://www.tiktok.com/@{}" },
  profiles: [{ pattern: "^/@([\\w.-]+)(?:/(?:video|photo)/\\d+)?/?$", handle: 1 }],
  // Health self-check (content/health.js): pages that always show items when the site works: For You always
  // has videos. Such a page showing none of the items below while it links to people, or items whose authors
  // no reader reads, marks the site as possibly changed.
  health: { itemPages: ["^/(?:foryou)?/?$"] },
  // ---- DOM part (content/matcher.js reads it; see site-markup.md §6) -------------------------
  // TikTok's stable hooks are data-e2e attributes and the DivXxx part of its styled-component class
  // names (the css-<hash> part rotates); a user link is /@<uniqueId>, with /video/ or /photo/.
  dom: (() => {
    /** @type {Reader} */
    const user = {
      attr: "href",
      as: "handle",
      pattern: "^(?:https://(?:www\\.|m\\.)?tiktok\\.com)?/@([\\w.-]+)(?:/(?:video|photo)/\\d+)?/?(?:[?#]|$)",
    };
    return {
      // TikTok's own Unblock is an item of the profile's "…" menu ([data-e2e="user-more"]):
      // div[role=button][aria-label="Unblock"] (LOW/MED: TTAB, 2025-07), and in place of Follow
      // on a blocked profile. A listed profile is replaced by the interstitial, so these are met
      // only during a confirmed look, on the page the address names.
      unblockControls: [
        {
          selector: '[role="button"][aria-label="Unblock"], [data-e2e="unblock"], [data-e2e="follow-button"]',
          page: true,
        },
      ],
      items: [
        {
          // For You (and Following) items; links in the caption are mentions.
          kind: "post",
          selector: '[data-e2e="recommend-list-item-container"]',
          permalink: { selector: 'a[href*="/video/"], a[href*="/photo/"]', attr: "href" },
          authors: [{ ...user, selector: "a[href]", notInside: '[data-e2e="video-desc"]' }],
        },
        {
          // A top-level comment with its replies.
          kind: "reply",
          selector: '[class*="DivCommentObjectWrapper"], [data-e2e="comment-item"]',
          authors: [{ ...user, selector: '[data-e2e="comment-username-1"] a[href], a[data-e2e="comment-avatar-1"]' }],
        },
        {
          kind: "reply",
          selector: '[class*="DivCommentItemWrapper"]',
          authors: [{ ...user, selector: '[data-e2e="comment-username-2"] a[href], a[data-e2e="comment-avatar-2"]' }],
        },
        {
          // Search user cards and suggested accounts.
          kind: "user",
          selector: '[data-e2e="search-user-container"], [data-e2e="search-user-card"], [data-e2e="recommend-card"]',
          authors: [{ ...user, selector: "a[href]", first: true }],
        },
        // ---- Notifications (the header's inbox panel, "All activity" and its tabs;
        // notifications-and-messages.md §6). The list is [data-e2e="inbox-list"] > ul
        // > li, each entry [data-e2e="inbox-list-item"] (MED→HIGH: two saved fixtures, 4+ bots); its
        // actor is a[data-e2e="inbox-title"][href="/@<uniqueId>"] and the words are in
        // [data-e2e="inbox-content"] (MED). Grouped entries ("A and 12 others liked your video"):
        // no source; probably only the first actor is linked (LOW). Decision: the person as the
        // first (titled) actor hides the entry with its li; any further link to them in the entry
        // outside its words (a face among several) is hidden alone; mentions inside a comment's
        // words stay. Actors counted only in words cannot be seen. The inbox count is the server's.
        {
          kind: "user",
          selector: '[data-e2e="inbox-list-item"]',
          hide: '[data-e2e="inbox-list"] li',
          authors: [
            { ...user, selector: 'a[data-e2e="inbox-title"]', first: true },
            { ...user, selector: 'a[href*="/@"]', notInside: '[data-e2e="inbox-content"]', first: true },
          ],
        },
        {
          kind: "user",
          selector: '[data-e2e="inbox-list-item"] a[href*="/@"]:not([data-e2e="inbox-content"] a)',
          authors: [user],
        },
        {
          // Video tiles (profile grids seen elsewhere, search results).
          kind: "post",
          selector: '[data-e2e="user-post-item"], [data-e2e="search_top-item"], [data-e2e="search-card"]',
          authors: [{ ...user, selector: "a[href]", first: true }],
        },
        // ---- Messages (notifications-and-messages.md §6; LOW throughout): not covered. /messages
        // rows ([data-e2e="dm-new-chat-item"], older [data-e2e="message-item"]) carry no profile
        // link in any source, and the open chat names the person only as text
        // (p[data-e2e="chat-uniqueid"], the handle; [data-e2e="dm-new-chat-nickname"]). The engine
        // never reads text, and ?u=<secUid> in the address is an id the list does not hold. Their
        // conversations, requests and chats therefore stay visible, whatever the message choice.
      ],
    };
  })(),
});
