// Facebook (www., m., web., mbasic.): URL recognition and what the content engine hides, as data.
"use strict";

(() => {
  const reserved = [
    "home",
    "watch",
    "marketplace",
    "groups",
    "gaming",
    "events",
    "pages",
    "friends",
    "messages",
    "notifications",
    "bookmarks",
    "saved",
    "search",
    "settings",
    "help",
    "policies",
    "privacy",
    "terms",
    "ads",
    "business",
    "photo",
    "photos",
    "stories",
    "story",
    "reel",
    "reels",
    "hashtag",
    "login",
    "logout",
    "people",
    "l",
    "share",
    "sharer",
    "permalink",
    "media",
    "memories",
    "live",
    "fundraisers",
    "jobs",
    "places",
    "composer",
    "dialog",
    "plugins",
    "about",
    "careers",
    "lite",
    "mobile",
    "checkpoint",
    "recover",
    "video",
    "videos",
    "page",
    "profile",
    "profile.php",
    "me",
  ];

  globalThis.NoContactSites.register({
    platform: "facebook",
    hosts: ["www.facebook.com", "facebook.com", "m.facebook.com", "web.facebook.com", "mbasic.facebook.com"],
    // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
    // their handle or id): the background redirects them to the interstitial before any byte loads.
    redirects: { handle: ["||facebook.com/{}^"], id: ["||facebook.com/profile.php?id={}^", "||facebook.com/{}^"] },
    // Profile URLs: the vanity path (with a profile tab), the numeric path, /people/Name/<id> and
    // the group-member form (site-markup.md §2, HIGH/MED). Tracking parameters live in the query,
    // which these path patterns never read.
    // A bare handle as people type it (without @): Facebook usernames: 5 or more letters, digits and dots.
    handlePattern: "^[A-Za-z0-9.]{5,50}$",
    // The address of their profile, for a record saved by hand on the page that stands in for it.
    profileUrl: { handle: "https://www.facebook.com/{}", id: "https://www.facebook.com/profile.php?id={}" },
    profiles: [
      // profile.php?id=<numeric> carries the person in the query (with or without a &sk= tab).
      { pattern: "^/profile\\.php/?$", param: "id", value: "^(\\d{5,})$", id: 1 },
      { pattern: "^/people/[^/]+/(\\d{5,})/?$", id: 1 },
      { pattern: "^/groups/[^/]+/user/(\\d{5,})/?$", id: 1 },
      { pattern: "^/(\\d{5,})/?$", id: 1 },
      {
        pattern:
          "^/([A-Za-z0-9.]*[A-Za-z][A-Za-z0-9.]*)/?(?:(?:posts|photos|about|friends|videos|reels|mentions)(?:/.*)?)?$",
        handle: 1,
        reserved,
      },
    ],
    // Health self-check (content/health.js): pages that always show items when the site works: the news feed
    // (www. and m.) always has posts. Such a page showing none of the items below while it links to people,
    // or items whose authors no reader reads, marks the site as possibly changed.
    health: { itemPages: ["^/$", "^/home\\.php$"] },
    // ---- DOM part (content/matcher.js reads it; see site-markup.md §2) -------------------------
    // Facebook writes a person two ways: a vanity path (/abuser.name) and a numeric id
    // (profile.php?id=…, /people/Name/<id>/, /groups/<g>/user/<id>/, m.facebook's data-ft JSON).
    // Each item is read in both forms, so a person listed by one form is also found wherever the page
    // shows the other next to it. Feed links carry __cft__/__tn__/ref noise: the patterns ignore it.
    dom: (() => {
      const origin = "^(?:https?://(?:www\\.|m\\.|web\\.|mbasic\\.)?facebook\\.com)?";
      /** @type {Reader} */
      const byId = {
        attr: "href",
        as: "id",
        pattern: `${origin}/(?:profile\\.php\\?(?:[^#]*&)?id=|people/[^/?#]+/|groups/[^/?#]+/user/|friends/(?:suggestions|requests)/\\?(?:[^#]*&)?profile_id=)?(\\d{5,})(?=[/?&#]|$)`,
      };
      // Vanity names: letters, digits and dots with at least one letter (all digits is an id), never
      // one of Facebook's own first path segments or a *.php page.
      const reserved =
        "home|watch|marketplace|groups|gaming|events|pages|friends|messages|notifications|bookmarks|saved|search|settings|help|policies|privacy|terms|ads|business|photo|photos|stories|story|reel|reels|hashtag|login|logout|people|l|share|sharer|permalink|media|memories|live|fundraisers|jobs|places|composer|dialog|plugins|about|careers|lite|mobile|checkpoint|recover|video|videos|page|profile|me";
      /** @type {Reader} */
      const byVanity = {
        attr: "href",
        as: "handle",
        pattern: `${origin}/(?!(?:${reserved})(?:[/?#]|$))(?![^/?#]*\\.php)([A-Za-z0-9.]*[A-Za-z][A-Za-z0-9.]*)/?(?:[?#]|$)`,
      };
      /** @param {Partial<Reader>} where the reader's selector and options @returns {Reader[]} */
      const both = (where) => [
        { ...byId, ...where },
        { ...byVanity, ...where },
      ];
      // A one-to-one thread that is not end-to-end encrypted: /messages/t/<their numeric id>.
      /** @type {Reader} */
      const thread = { attr: "href", as: "id", pattern: `${origin}/messages/t/(\\d{5,})/?(?:[?#]|$)` };
      // Message rules (extension/README.md "Messages"; content/matcher.js): "row" hidden unless the
      // person's messages are kept, "conversation" leaves for the interstitial. Spread in:
      // types/site.d.ts does not name the field yet.
      const messageRow = { messages: "row" };
      const conversation = { messages: "conversation" };
      return {
        // Facebook's own Unblock lives only in settings (a blocked profile is unreachable):
        // /settings?tab=blocking (HIGH for the address). The older page lists each blocked user
        // with a hidden uid input and an "Unblock" link; the newer one lists "Blocked people" with
        // a div[role=button] "Unblock" per row (LOW for both markups). Every control in a row of
        // that page counts, so no localized label is read; the row names the person by profile
        // link (either form) or by the uid.
        unblockControls: [
          {
            selector: 'button, [role="button"], a[href], a[ajaxify], input[type="submit"]',
            where: "^/settings/?\\?(?:[^#]*&)?tab=blocking",
            row: 'li, [role="listitem"], [role="row"]',
            authors: [
              ...both({ selector: "a[href]" }),
              { selector: 'input[name="uid"]', attr: "value", as: "id", pattern: "^(\\d{5,})$" },
              { selector: "[ajaxify]", attr: "ajaxify", as: "id", pattern: "[?&](?:uid|id)=(\\d{5,})" },
            ],
          },
        ],
        items: [
          {
            // A feed post; a share of theirs carries their header (h3/h4) inside the sharer's post.
            // Links in the message body (mentions) and in comments are not authors.
            kind: "post",
            selector: 'div[aria-posinset], div[data-pagelet^="FeedUnit_"]',
            permalink: { selector: 'a[href*="/posts/"], a[href*="story_fbid"], a[href*="/permalink/"]', attr: "href" },
            authors: both({
              selector: "h2 a[href], h3 a[href], h4 a[href]",
              notInside: '[role="article"][aria-label], [data-ad-comet-preview], [data-ad-preview]',
            }),
          },
          {
            // Comments and replies: role=article with a localized aria-label ("Comment by …",
            // "Reply by …", "Kommentar von …"), so the label's words are never read. The commenter's
            // avatar and name links come before the message body (div[dir=auto]).
            kind: "reply",
            selector: 'div[role="article"][aria-label]',
            permalink: { selector: 'a[href*="comment_id"]', attr: "href" },
            authors: both({ selector: "a[href]", notInside: 'div[dir="auto"]' }),
          },
          {
            // Search results (and the post body's own article): the first link is the person.
            kind: "user",
            selector: '[role="feed"] div[role="article"]:not([aria-label])',
            hide: '[role="feed"] > div',
            authors: both({ selector: "a[href]", first: true }),
          },
          {
            // People lists: the rows of the blocking settings (the older list names the person
            // only by a hidden uid) and the list items of people dialogs ("Blocked people",
            // who reacted). The row's first link, or its uid, is the person.
            kind: "user",
            selector: 'form[action*="block_dispatcher"] li, [role="dialog"] [role="listitem"]',
            authors: [
              ...both({ selector: "a[href]", first: true }),
              { selector: 'input[name="uid"]', attr: "value", as: "id", pattern: "^(\\d{5,})$" },
            ],
          },
          {
            kind: "suggestion",
            selector:
              '[data-pagelet*="PeopleYouMayKnow"] [role="listitem"], [data-pagelet*="PYMK"] [role="listitem"], a[href*="/friends/suggestions/"] ~ [role="listitem"]',
            authors: both({ selector: "a[href]", first: true }),
          },
          // ---- Notifications (/notifications/ and the bell's drop-down, the same list;
          // notifications-and-messages.md §2). No reliable markup: rows are
          // [role="row"] or [role="listitem"] (LOW: one anonymous script), and the only dependable
          // anchor is the row's link to the object, a[href*="notif_id="] (MED: FBN). The actor is
          // usually written only in bold text, with no profile link (LOW, absence of evidence).
          // Fallback, link-based: a notification row (one holding a notif_id link) whose first
          // profile link outside the object link is theirs is hidden; a further link to them in it
          // (a face among several) is hidden alone. A row naming them only in text cannot be
          // recognised: text is never read (every language). The pre-2020 flyout markup is gone.
          {
            kind: "user",
            selector:
              '[role="row"]:has(a[href*="notif_id="]), [role="listitem"]:has(a[href*="notif_id="]):not(:has([role="row"]))',
            authors: both({ selector: 'a[href]:not([href*="notif_id="])', first: true }),
          },
          {
            kind: "user",
            selector: ':is([role="row"], [role="listitem"]):has(a[href*="notif_id="]) a[href]:not([href*="notif_id="])',
            authors: both({}),
          },
          // ---- Messages (notifications-and-messages.md §2; Messenger inside facebook.com).
          // Chat list rows: [role="row"] in the chats grid holding the row link a[href*="/messages/t/"]
          // or a[href*="/messages/e2ee/t/"]; older variants data-testid="mwthreadlist_item" and
          // data-pagelet="MWThreadListThreadListRow" (MED: FBM, 6+ scripts). A row is theirs by its
          // /messages/t/<their numeric id> link (not end-to-end encrypted), or by a profile link in it.
          // An end-to-end encrypted row (/messages/e2ee/t/<thread id>) names them only by name text
          // and picture: it cannot be recognised (text is never read). The chats drop-down holds the
          // same rows. Pop-up chats: a [role="dialog"] holding a /messages/t/ link ("open in
          // Messenger") and no chat rows, hidden whole when the link or its first profile link is
          // theirs (LOW/MED: FBM, one script). The open conversation (/messages/t/<id>,
          // /messages/e2ee/t/<thread>): the main pane with the composer (a contenteditable textbox)
          // and no feed, recognised by its first profile link outside the message grid, the header's
          // (LOW: reconstruction); it leaves for the interstitial. messenger.com is not among the
          // hosts: not covered.
          {
            ...messageRow,
            kind: "user",
            selector:
              '[role="row"]:has(a[href*="/messages/t/"], a[href*="/messages/e2ee/t/"]), [data-testid="mwthreadlist_item"], div[data-pagelet="MWThreadListThreadListRow"]',
            authors: [
              { ...thread, selector: 'a[href*="/messages/t/"]', first: true },
              ...both({ selector: 'a[href]:not([href*="/messages/"])', first: true }),
            ],
          },
          {
            ...messageRow,
            kind: "user",
            selector:
              '[role="dialog"]:has(a[href*="/messages/t/"], a[href*="/messages/e2ee/t/"]):not(:has([role="row"] a[href*="/messages/"]))',
            authors: [
              { ...thread, selector: 'a[href*="/messages/t/"]', first: true },
              ...both({ selector: 'a[href]:not([href*="/messages/"])', first: true }),
            ],
          },
          {
            ...conversation,
            kind: "user",
            selector:
              '[role="main"]:has([role="textbox"][contenteditable="true"]):has([role="grid"]):not(:has([role="feed"], [role="article"]))',
            hide: "body",
            authors: both({ selector: 'a[href]:not([href*="/messages/"]):not([role="grid"] a)', first: true }),
          },
          {
            // m.facebook.com: the post's data-ft JSON names the author and, for a share, the original.
            kind: "post",
            selector: "article[data-ft]",
            authors: [
              { attr: "data-ft", as: "id", pattern: '"content_owner_id_new":"?(\\d+)' },
              { attr: "data-ft", as: "id", pattern: '"original_content_owner_id":"?(\\d+)' },
              ...both({ selector: "header a[href]" }),
            ],
          },
          // m.facebook.com today ("MTouch", also called "Mbasic Lite"/WebLite: a server-driven tree
          // of generic divs keyed by data-mcomponent / data-comp-id, obfuscated or plain "m" classes).
          // The feed scroller is div[data-type="vscroller"], each row a direct child
          // div[data-type="container"] (MED: FTR hide rules, several 2025–26 scripts); a whole post or
          // ad is the element carrying data-tracking-duration-id (header, body and footer), and a
          // shared post is such an element nested inside the sharer's (HIGH: an Android wrapper's
          // feed_filter.js notes from on-device captures, 2026; five scrapers and filter lists
          // select div[data-tracking-duration-id]). Names are written as text in
          // [data-mcomponent="TextArea"] .native-text and in div[role="link"] without an address;
          // avatars are [data-testid="post-profile-image-<n>"] labelled "<Name> Profile Picture";
          // taps send opaque data-action-id tokens, so most posts carry no profile address at all
          // (HIGH: the same notes, and a 2026 Marketplace study measuring 4 anchors on a whole page).
          // Matching never reads names (every language, and names are not unique), so only a post
          // that does carry a profile link is recognised: the post's first profile link is its author
          // (the header comes first; mentions come later, in the words), and a nested post's first
          // link is the shared original's author, which takes the whole row (LOW: where links exist
          // at all). A post naming its author only in text, and MTouch comments (an MContainer with
          // an avatar image and two .native-text lines, no link: LOW, one scraper), are out of reach.
          // Only posts holding a link are items, so the many that name no one do not make the health
          // self-check take m.facebook.com for a changed site ("unreadable" authors).
          {
            kind: "post",
            selector: '[data-type="vscroller"] [data-tracking-duration-id]:has(a[href])',
            hide: '[data-type="vscroller"] > [data-type="container"]',
            authors: [
              ...both({ selector: "a[href]", first: true }),
              ...both({ selector: ":scope [data-tracking-duration-id] a[href]", first: true }),
            ],
          },
        ],
      };
    })(),
  });
})();
