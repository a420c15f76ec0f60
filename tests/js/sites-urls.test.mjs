// Real-world profile links of all ten sites, recognised by the site files through the registry
// module the background and pages use; posts, hashtags, settings and reserved paths are no one.
import { test } from "node:test";
import assert from "node:assert/strict";
import { profileFromUrl } from "../../extension/lib/sites.js";

/** [url, platform, handle, id, instance] */
const PROFILES = [
  ["https://x.com/Abuser", "x", "Abuser", null, null],
  ["https://twitter.com/abuser/status/123", "x", "abuser", null, null],
  ["https://mobile.twitter.com/abuser", "x", "abuser", null, null],
  ["https://x.com/i/user/12345", "x", null, "12345", null],
  ["https://x.com/intent/user?screen_name=abuser", "x", "abuser", null, null],
  ["https://twitter.com/intent/follow?user_id=42", "x", null, "42", null],
  ["https://www.facebook.com/profile.php?id=1000123", "facebook", null, "1000123", null],
  ["https://m.facebook.com/abuser.name?__cft__[0]=x&__tn__=R", "facebook", "abuser.name", null, null],
  ["https://mbasic.facebook.com/abuser.name?fref=nf", "facebook", "abuser.name", null, null],
  ["https://www.facebook.com/people/Some-Name/1000123/", "facebook", null, "1000123", null],
  ["https://www.facebook.com/groups/123456/user/1000456/", "facebook", null, "1000456", null],
  ["https://web.facebook.com/profile.php?id=1000123&sk=photos", "facebook", null, "1000123", null],
  ["https://www.facebook.com/abuser.name/photos", "facebook", "abuser.name", null, null],
  ["https://www.instagram.com/abuser/", "instagram", "abuser", null, null],
  ["https://www.instagram.com/stories/abuser/123/", "instagram", "abuser", null, null],
  ["https://www.reddit.com/u/Abuser", "reddit", "Abuser", null, null],
  ["https://old.reddit.com/user/abuser/comments/", "reddit", "abuser", null, null],
  ["https://np.reddit.com/user/abuser", "reddit", "abuser", null, null],
  ["https://www.youtube.com/@Abuser", "youtube", "Abuser", null, null],
  ["https://www.youtube.com/channel/UCabcdefghijklmnopqrstuv", "youtube", null, "UCabcdefghijklmnopqrstuv", null],
  ["https://m.youtube.com/@abuser", "youtube", "abuser", null, null],
  ["https://www.tiktok.com/@abuser", "tiktok", "abuser", null, null],
  ["https://www.tiktok.com/@abuser/video/123", "tiktok", "abuser", null, null],
  ["https://www.linkedin.com/in/abuser-123/?miniProfileUrn=urn", "linkedin", "abuser-123", null, null],
  ["https://de.linkedin.com/in/abuser-123", "linkedin", "abuser-123", null, null],
  ["https://bsky.app/profile/abuser.bsky.social", "bluesky", "abuser.bsky.social", null, null],
  ["https://bsky.app/profile/did:plc:abc123", "bluesky", null, "did:plc:abc123", null],
  ["https://bsky.app/profile/abuser.bsky.social/post/3k", "bluesky", "abuser.bsky.social", null, null],
  ["https://www.threads.com/@abuser", "threads", "abuser", null, null],
  ["https://threads.net/@abuser", "threads", "abuser", null, null],
  ["https://mastodon.social/@abuser", "mastodon", "abuser@mastodon.social", null, "mastodon.social"],
  ["https://mastodon.social/users/abuser", "mastodon", "abuser@mastodon.social", null, "mastodon.social"],
  ["https://mastodon.social/@abuser@other.example", "mastodon", "abuser@other.example", null, "other.example"],
  ["https://mastodon.social/deck/@abuser", "mastodon", "abuser@mastodon.social", null, "mastodon.social"],
];

const NO_ONE = [
  "https://x.com/home",
  "https://x.com/explore",
  "https://x.com/hashtag/foo",
  "https://x.com/settings/profile",
  "https://x.com/intent/tweet?text=hello",
  "https://x.com/intent/user?screen_name=not%20a%20handle",
  "https://www.facebook.com/groups/123/",
  "https://www.facebook.com/watch/",
  "https://www.facebook.com/profile.php?id=abc",
  "https://www.facebook.com/marketplace/item/123456/",
  "https://www.instagram.com/p/Cabc/",
  "https://www.instagram.com/direct/inbox/",
  "https://www.instagram.com/reel/Cabc/",
  "https://www.instagram.com/explore/tags/x/",
  "https://www.instagram.com/accounts/edit/",
  "https://www.reddit.com/r/abuser/",
  "https://www.youtube.com/watch?v=abc",
  "https://www.tiktok.com/foryou",
  "https://www.linkedin.com/feed/",
  "https://de.linkedin.com.evil.example/in/abuser-123",
  "https://notlinkedin.com/in/abuser-123",
  "https://bsky.app/search?q=x",
  "https://mastodon.social/tags/foo",
  "https://example.com/foo",
];

for (const [url, platform, handle, id, instance] of PROFILES) {
  test(`profile: ${url}`, () => {
    assert.deepEqual(profileFromUrl(url), { platform, handle, id, instance });
  });
}

for (const url of NO_ONE) {
  test(`no one: ${url}`, () => {
    assert.equal(profileFromUrl(url), null);
  });
}
