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
  // Health self-check (content/health.js): pages that always show items when the site works: the home feed
  // always has posts. Such a page showing none of the items below while it links to people, or items whose
  // authors no reader reads, marks the site as possibly changed.
  health: { itemPages: ["^/$"] },
  // ---- DOM part (content/matcher.js reads it; see site-markup.md §9) -------------------------
  // Threads has no article elements: a post, reply, repost row or quoted post is a
  // div[data-pressable-container=true]; its author, reposter and quoted author are /@user links
  // outside the text (mentions sit inside span[dir=auto]).
  //
  // Notifications (Activity, /activity; notifications-and-messages.md §9): no stable
  // markup. An entry is the smallest block holding one profile picture, with the same
  // div[data-pressable-container] inside as a feed post (MED: TFX, 2025); its actor is the /@user
  // avatar and name link (LOW). So the post rule below is also the notification rule: an entry
  // with a link to them outside its words is hidden. Grouped entries show several avatars (LOW:
  // TFX skips entries with more than one) and cannot be told apart from a post by their markup, so
  // decision: an entry where they are any linked face is hidden whole, as a post they appear in
  // would be. Actors counted only in words cannot be seen. The activity count is the server's.
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
      // Messages (launched 2025; notifications-and-messages.md §9, LOW): not covered. /messages/,
      // /messages/requests and threads /messages/t/<thread id>/ (which do not name the person): rows
      // are links to the thread with a picture and the username as text, per one accessibility-tree
      // description only; no markup was seen to build a rule on. Their conversations stay visible.
    ],
  },
});
