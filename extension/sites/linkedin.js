// LinkedIn: URL recognition and what the content engine hides, as data.
"use strict";

globalThis.NoContactSites.register({
  platform: "linkedin",
  hosts: ["www.linkedin.com", "linkedin.com"],
  // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
  // their handle or id): the background redirects them to the interstitial before any byte loads.
  redirects: { handle: ["||linkedin.com/in/{}^"] },
  // Shared profile links often carry a country subdomain (de.linkedin.com/in/…, site-markup.md §7).
  linkHosts: "^[a-z]{2}\\.linkedin\\.com$",
  // /in/<slug> (a tab or detail page below it too); the slug may be the ACoAA… member id, a stable
  // id. The ?miniProfileUrn= noise is in the query, never read (site-markup.md §7, HIGH).
  // A bare handle as people type it (without @): LinkedIn profile addresses: 3–100 letters, digits and -.
  handlePattern: "^[\\w-]{3,100}$",
  // The address of their profile, for a record saved by hand on the page that stands in for it.
  profileUrl: { handle: "https://www.linkedin.com/in/{}/", id: "https://www.linkedin.com/in/{}/" },
  profiles: [{ pattern: "^/in/([^/]+)(?:/.*)?$", handle: 1, idIf: "^ACoAA[\\w-]+$" }],
  // Health self-check (content/health.js): pages that always show items when the site works: the feed always
  // has updates. Such a page showing none of the items below while it links to people, or items whose authors
  // no reader reads, marks the site as possibly changed.
  health: { itemPages: ["^/feed/?$"] },
  // ---- DOM part (content/matcher.js reads it; see site-markup.md §7) -------------------------
  // A member is /in/<slug> (or /in/<ACoAA… member id>); feed links add ?miniProfileUrn=…fsd_profile
  // :<member id>, which is read too, so a person listed by slug or by member id is found by either.
  dom: (() => {
    /** @type {Reader} */
    const slug = {
      attr: "href",
      as: "either",
      pattern: "^(?:https://(?:[a-z]{2,3}\\.|www\\.)?linkedin\\.com)?/in/([^/?#]+)/?(?:[?#]|$)",
    };
    /** @type {Reader} */
    const urn = {
      attr: "href",
      as: "id",
      pattern: "[?&]miniProfileUrn=urn(?::|%3A)li(?::|%3A)fs(?:d_profile|_miniProfile)(?::|%3A)(ACoAA[\\w-]+)",
    };
    /** @param {Partial<Reader>} where the reader's selector and options @returns {Reader[]} */
    const both = (where) => [
      { ...slug, ...where },
      { ...urn, ...where },
    ];
    // Message rules (extension/README.md "Messages"; content/matcher.js): "row" hidden unless the
    // person's messages are kept, "conversation" leaves for the interstitial. Spread in:
    // types/site.d.ts does not name the field yet.
    const messageRow = { messages: "row" };
    const conversation = { messages: "conversation" };
    return {
      // LinkedIn's own Unblock: /psettings/member-blocking lists blocked members, each with
      // button[data-control-id="member-blocking_unblock-member"] (MED: older Selenium sources); the
      // row is read for the member's /in/ link (LOW: row markup not verified).
      unblockControls: [
        {
          selector: 'button[data-control-id="member-blocking_unblock-member"], button, [role="button"]',
          where: "^/psettings/member-blocking",
          row: 'li, [role="listitem"], tr',
          authors: both({ selector: 'a[href*="/in/"]' }),
        },
      ],
      items: [
        {
          // A feed update: its actor, a reshared update's actor, and the context line ("… reposted
          // this", "… likes this", "… commented on this") all count; links in the text do not.
          kind: "post",
          selector: '[role="article"][data-urn^="urn:li:activity:"], [role="article"][data-urn^="urn:li:aggregate"]',
          permalink: { attr: "data-urn", template: "https://www.linkedin.com/feed/update/{}/" },
          hide: '[data-view-name="feed-full-update"]',
          authors: both({ selector: ".update-components-actor__container a[href], .update-components-header a[href]" }),
        },
        {
          // Comments and replies; a reply's links are not its parent comment's author.
          kind: "reply",
          selector: "article.comments-comment-entity, article.comments-comment-item",
          authors: both({
            selector: 'a[class*="comments-comment-meta__"][href], a.comments-post-meta__actor-link[href]',
            notInside: ".comments-replies-list, .comments-comment-entity__content",
          }),
        },
        {
          // The rows of the blocking settings (see unblockControls).
          kind: "user",
          selector: "#setting-member-blocking-content li",
          authors: both({ selector: 'a[href*="/in/"]', first: true }),
        },
        // ---- Notifications (/notifications/; notifications-and-messages.md §7).
        // Each is article.nt-card (data-view-name="notification-card-container"; MED: LIN, written
        // from a saved real card, 2025-12). Its actor is the left image link
        // a[data-view-name="notification-card-image"][href="/in/<vanity>"], often percent-encoded
        // (/in/patrick%2Dhuijs: decoded before comparing); the headline names them in <strong> text
        // only. Grouped entries ("A and 5 others reacted"): no source; probably one image link, the
        // first actor's (LOW). Decision: the person as the image's (first) actor hides the card; any
        // other link to them in it (a face among several) is hidden alone. People counted only in
        // words cannot be seen. No drop-down or toast; the count on the bell is the server's.
        {
          kind: "user",
          selector: "article.nt-card",
          authors: both({ selector: 'a[data-view-name="notification-card-image"], a[href*="/in/"]', first: true }),
        },
        {
          kind: "user",
          selector: 'article.nt-card a[href*="/in/"]',
          authors: both({}),
        },
        // "Who viewed your profile" (/me/profile-views/; MED for the address, LOW for the rows):
        // viewers are list rows with an /in/ link; anonymised viewers ("Someone at …", "LinkedIn
        // Member") carry none. Fallback, link-based: the innermost list row in the page's main
        // column whose first /in/ link is theirs.
        {
          kind: "user",
          selector: 'main li:has(a[href*="/in/"]):not(:has(li)):not(.msg-s-message-list *)',
          authors: both({ selector: 'a[href*="/in/"]', first: true }),
        },
        // ---- Messages (notifications-and-messages.md §7). The full-page list (/messaging/):
        // li.msg-conversation-listitem rows name the person only in text (participant names) and the
        // avatar's alt (their display name): no profile link (HIGH for the rows, MED for the absence,
        // LIM 8+ sources), so the rows cannot be recognised (text is never read). The thread's address
        // /messaging/thread/<id>/ does not name them (HIGH); its header holds
        // a.msg-thread__link-to-profile[href*="/in/<vanity>"] (MED: LIM, one tool): that conversation
        // leaves for the interstitial. Its messages (.msg-s-message-list li, each linking its sender)
        // go with it. Pop-up chats: each .msg-overlay-conversation-bubble links the person
        // (a[href*="/in/"], its header title first; MED: LIM) and is hidden whole; the overlay's list
        // bubble has the same text-only rows as the page.
        {
          ...messageRow,
          kind: "user",
          selector: ".msg-overlay-conversation-bubble",
          authors: [
            ...both({ selector: '.msg-overlay-bubble-header a[href*="/in/"]', first: true }),
            ...both({ selector: 'a[href*="/in/"]', first: true }),
          ],
        },
        {
          ...messageRow,
          kind: "user",
          selector: '.msg-s-message-list li:has(a[href*="/in/"]):not(:has(li))',
          authors: both({ selector: 'a[href*="/in/"]', first: true }),
        },
        {
          ...conversation,
          kind: "user",
          selector: "a.msg-thread__link-to-profile:not(.msg-overlay-conversation-bubble *)",
          hide: "body",
          authors: both({}),
        },
        {
          // People search results (older and newer markup) and "People you may know" cards.
          kind: "user",
          selector:
            'li.reusable-search__result-container, [data-view-name="search-entity-result-universal-template"], li.discover-entity-type-card, [data-view-name="cohort-card"]',
          authors: both({ selector: 'a[href*="/in/"]', first: true }),
        },
      ],
    };
  })(),
});
