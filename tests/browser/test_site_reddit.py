"""Reddit (new Reddit on www., new., sh.; old.reddit): the person never shows, nobody else hides."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import (
    ExtBrowser,
    assert_never_visible,
    interstitial_reached,
    open_fixture,
    visible_markers,
    wait_frames,
)

PEOPLE = [
    {
        "label": "them",
        "accounts": [
            {"platform": "reddit", "handle": "abuser"},
            {"platform": "reddit", "id": "t2_abu5e"},
        ],
    }
]


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on Reddit."""
    ext.seed(PEOPLE)
    return ext


def present(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "[data-test-person], [data-test-keep]",
            "els => els.map(e => e.dataset.testPerson || e.dataset.testKeep)",
        )
    )


@pytest.mark.parametrize("host", ["www.reddit.com", "new.reddit.com", "sh.reddit.com"])
def test_new_reddit_posts_comments_replies_and_people_are_hidden(
    seeded: ExtBrowser, ext_page: Page, host
):
    open_fixture(seeded, ext_page, f"https://{host}/", "reddit/feed.html")
    ext_page.wait_for_selector("[data-test-keep=reddit-timer-friend]", state="attached")
    expected = {
        "reddit-post",
        "reddit-crosspost",
        "reddit-comment",
        "reddit-reply-under-person",
        "reddit-reply",
        "reddit-reply-by-id",
        "reddit-blocked-leftover",
        "reddit-search-person",
        "reddit-timer-post",
        "reddit-lookalike-abuser2",
        "reddit-lookalike-notabuser",
        "reddit-lookalike-abuse",
        "reddit-own-post",
        "reddit-links-only",
        "reddit-friend-comment",
        "reddit-friend-reply",
        "reddit-deleted-leftover",
        "reddit-search-other",
    }
    assert expected <= present(ext_page)
    shown, hidden = visible_markers(ext_page)
    assert shown == set()
    assert hidden == set(), "something not by the person was hidden"
    assert_never_visible(seeded, ext_page)


def test_mobile_layout_and_comments_loaded_later(seeded: ExtBrowser, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    open_fixture(
        seeded, ext_page, "https://www.reddit.com/r/test/comments/1aaaa1/", "reddit/feed.html"
    )
    ext_page.evaluate("fixture.moreComments()")
    ext_page.wait_for_selector("[data-test-keep=reddit-more-friend]", state="attached")
    wait_frames(ext_page, 2)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert {"reddit-more-comment", "reddit-more-reply"} <= present(ext_page)
    assert_never_visible(seeded, ext_page)


def test_in_app_navigation_to_their_profile_shows_the_interstitial(
    seeded: ExtBrowser, ext_page: Page
):
    open_fixture(seeded, ext_page, "https://www.reddit.com/", "reddit/feed.html")
    ext_page.evaluate("fixture.navigate('/user/abuser/')")
    url = interstitial_reached(seeded, ext_page)
    assert "abuser" not in url.lower()
    assert seeded.monitor.bad_frames == []


def test_old_reddit_things_with_nested_replies_and_search(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://old.reddit.com/r/test/", "reddit/old.html")
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert {"old-post", "old-comment", "old-reply-under-person", "old-search-result"} <= present(
        ext_page
    )
    ext_page.evaluate("fixture.loadMore()")
    wait_frames(ext_page, 2)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert "old-more-reply" in present(ext_page)
    assert_never_visible(seeded, ext_page)


def test_site_switched_off_shows_everything(ext: ExtBrowser, ext_page: Page):
    ext.seed(PEOPLE, disabled=("reddit",))
    open_fixture(ext, ext_page, "https://old.reddit.com/", "reddit/old.html")
    shown, hidden = visible_markers(ext_page)
    assert {"old-post", "old-comment"} <= shown and hidden == set()
