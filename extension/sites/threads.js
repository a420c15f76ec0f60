// Threads (threads.com, formerly threads.net): URL recognition and what the engine hides, as data.
"use strict";

globalThis.NoContactSites.register({
  platform: "threads",
  hosts: ["www.threads.com", "threads.com", "www.threads.net", "threads.net"],
  // Full page loads of a listed person's profile, as declarativeNetRequest urlFilters ({} is
  // their handle or id): the background redirects them to the interstitial before any byte loads.
  redirects: { handle: ["||threads.com/@{}^", "||threads.net/@{}^"] },
  // /@<user> and their posts /@<user>/post/<code> (site-markup.md §9, HIGH).
  // A bare handle as people type it (without @): Threads uses Instagram usernames.
  handlePattern: "^[\\w.]{1,30}$",
  // The address of their profile, for a record saved by hand on the page that stands in for it.
  profileUrl: { handle: "https://www.threads.com/@{}" },
  profiles: [{ pattern: "^/@([\\w.]+)(?:/post/[\\w-]+(?:/.*)?)?/?$", handle: 1 }],
  // ---- DOM part (content/matcher.js reads it; see site-markup.md §9) -------------------------
  // Threads has no article elements: a post, reply, repost row or quoted post is a
  // div[data-pressable-container=true]; its author, reposter and quoted author are /@user links
  // outside the text (mentions sit inside span[dir=auto]).
  dom: {
    items: [
      {
        kind: "post",
        selector: 'div[data-pressable-container="true"]',
        permalink: { selector: 'a[href*="/post/"]', attr: "href" },
        authors: [
          {
            selector: "a[href]",
            attr: "href",
            as: "handle",
            pattern: "^(?:https://(?:www\\.)?threads\\.(?:com|net))?/@([\\w.]+)(?:/post/[\\w-]+)?/?(?:[?#]|$)",
            notInside: '[dir="auto"]',
          },
        ],
      },
    ],
  },
});
