"""Notifications on the ten sites: an entry whose actor is the listed person is never shown.

Each site has one fixture page, tests/fixtures/<site>/notifications.html, served at the site's own
notifications address and rebuilt from notifications-and-messages.md (the research the site
files' comments cite). Its markers name the case they belong to, ``<site>-<case>[-detail]``:

  sole       the person is the only actor: their entry is not shown
  first      a grouped entry naming them first ("Them and 2 others liked…"): the entry is not shown
  several    a grouped entry where they are one face among several: their face is not shown and
             the entry and the other faces are (on Threads the entry goes whole: its site file says
             why, and the fixture marks it so)
  absent     nobody listed: everything is shown
  lookalike  handles that only look like theirs (abuser2, notabuser, abuse): everything is shown
  late       entries added by script after load (and, where the site has one, in its drop-down or
             panel, opened after load): theirs never shown, others shown

Every case also checks that no frame ever painted anything marked as theirs (the harness's monitor).
YouTube's entries name no channel at all (only the video), so the cases with the person as actor
cannot be met there, and Reddit has no grouped entries; those are skipped with the reason, the
others run.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright

from .harness import ExtBrowser, assert_never_visible, instances_browser, open_fixture, wait_frames

PEOPLE = [
    {
        "label": "them",
        "accounts": [
            {"platform": "x", "handle": "abuser"},
            {"platform": "x", "id": "1234567890"},
            {"platform": "facebook", "handle": "abuser.name"},
            {"platform": "facebook", "id": "100012345678901"},
            {"platform": "instagram", "handle": "abuser"},
            {"platform": "reddit", "handle": "abuser"},
            {"platform": "youtube", "handle": "theirchannel"},
            {"platform": "youtube", "id": "UCabcdefghijklmnopqrstuv"},
            {"platform": "tiktok", "handle": "abuser"},
            {"platform": "linkedin", "handle": "abuser-slug"},
            {"platform": "linkedin", "id": "ACoAAB1234567"},
            {"platform": "bluesky", "handle": "abuser.bsky.social"},
            {"platform": "bluesky", "id": "did:plc:abuserdid000000000000000"},
            {"platform": "threads", "handle": "abuser"},
            {"platform": "mastodon", "handle": "abuser@mastodon.social"},
        ],
    }
]

# The notifications page of each site, and its fixture.
SITES = {
    "x": "https://x.com/notifications",
    "facebook": "https://www.facebook.com/notifications/",
    "instagram": "https://www.instagram.com/accounts/activity/",
    "reddit": "https://www.reddit.com/notifications",
    "youtube": "https://www.youtube.com/feed/subscriptions",
    "tiktok": "https://www.tiktok.com/foryou",
    "linkedin": "https://www.linkedin.com/notifications/",
    "bluesky": "https://bsky.app/notifications",
    "threads": "https://www.threads.com/activity",
    "mastodon": "https://mastodon.social/notifications",
}
# A second page where the site shows more of the same (old Reddit's inbox, LinkedIn's "who viewed
# your profile"): checked in the same cases.
MORE_PAGES = {
    "reddit": ("https://old.reddit.com/message/inbox/", "reddit/inbox-old.html"),
    "linkedin": ("https://www.linkedin.com/me/profile-views/", "linkedin/profile-views.html"),
}
THEIRS = ("sole", "first", "several", "late")
CASES = ("sole", "first", "several", "absent", "lookalike", "late")
UNREACHABLE = {
    ("youtube", "sole"): "YouTube's notification entries link only to the video, never the channel",
    ("youtube", "first"): "YouTube does not group notifications, and its entries name no channel",
    ("youtube", "several"): "YouTube does not group notifications, and its entries name no channel",
    ("reddit", "first"): "Reddit's notifications have one actor each: there are no groups",
    ("reddit", "several"): "Reddit's notifications have one actor each: there are no groups",
}


@pytest.fixture(scope="module")
def ext(playwright: Playwright, engine: str) -> Iterator[ExtBrowser]:
    """One browser whose user added mastodon.social, with the person listed on every site."""
    with tempfile.TemporaryDirectory(prefix="nc-notifications-") as tmp:
        browser = instances_browser(playwright, Path(tmp), ["mastodon.social"], engine=engine)
        try:
            browser.seed(PEOPLE)
            yield browser
        finally:
            browser.close()


def case_markers(page: Page, prefix: str) -> list[dict]:
    """Every marker of one case: its name, whether it is theirs, and whether the user sees it."""
    return page.evaluate(
        """(prefix) => {
          const seen = (el) => {
            const r = el.getBoundingClientRect();
            return r.width > 0 && r.height > 0 &&
              el.checkVisibility({ opacityProperty: true, visibilityProperty: true });
          };
          const out = [];
          for (const el of document.querySelectorAll("[data-test-person], [data-test-keep]")) {
            const person = el.getAttribute("data-test-person");
            const name = person || el.getAttribute("data-test-keep");
            if (name === prefix || name.startsWith(prefix + "-"))
              out.push({ name, theirs: person !== null, seen: seen(el) });
          }
          return out;
        }""",
        prefix,
    )


def check_case(
    ext: ExtBrowser, page: Page, site: str, case: str, url: str, fixture: str, required: bool
) -> None:
    """Open the page; after the case's own action, theirs is unseen and everyone else is seen.
    A page that is not ``required`` may lack the case (old Reddit's inbox has no groups)."""
    open_fixture(ext, page, url, fixture)
    if case == "late":
        page.evaluate("fixture.addLate()")
        page.evaluate("if (fixture.openDropdown) fixture.openDropdown()")
        wait_frames(page, 3)
    found = case_markers(page, f"{site}-{case}")
    if not found and not required:
        return
    assert found, f"{fixture} has no {case} case"
    theirs = {m["name"] for m in found if m["theirs"]}
    others = {m["name"] for m in found if not m["theirs"]}
    if case in THEIRS and (site, case) not in UNREACHABLE:
        assert theirs, f"{fixture}: the {case} case marks nothing of theirs"
    if case not in THEIRS:
        assert not theirs and others, f"{fixture}: the {case} case should only hold others"
    shown = {m["name"] for m in found if m["theirs"] and m["seen"]}
    hidden = {m["name"] for m in found if not m["theirs"] and not m["seen"]}
    assert shown == set(), f"theirs is visible: {sorted(shown)}"
    assert hidden == set(), f"someone else's is not visible: {sorted(hidden)}"
    assert_never_visible(ext, page)


def pages(site: str) -> list[tuple[str, str]]:
    """The site's notification pages: (url, fixture)."""
    found = [(SITES[site], f"{site}/notifications.html")]
    if site in MORE_PAGES:
        found.append(MORE_PAGES[site])
    return found


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("site", list(SITES))
def test_notifications(ext: ExtBrowser, ext_page: Page, site: str, case: str):
    if (site, case) in UNREACHABLE:
        pytest.skip(UNREACHABLE[(site, case)])
    for n, (url, fixture) in enumerate(pages(site)):
        ext.monitor.clear()
        check_case(ext, ext_page, site, case, url, fixture, required=n == 0)
