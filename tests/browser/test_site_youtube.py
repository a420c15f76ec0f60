"""YouTube (www. and m.): the channel never shows, by @handle or by UC… id; nobody else hides."""

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
            {"platform": "youtube", "handle": "TheirChannel"},
            {"platform": "youtube", "id": "UCabcdefghijklmnopqrstuv"},
        ],
    }
]


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the channel listed on YouTube."""
    ext.seed(PEOPLE)
    return ext


def present(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "[data-test-person], [data-test-keep]",
            "els => els.map(e => e.dataset.testPerson || e.dataset.testKeep)",
        )
    )


def test_comments_replies_tiles_and_search_results_are_hidden(seeded: ExtBrowser, ext_page: Page):
    open_fixture(
        seeded, ext_page, "https://www.youtube.com/watch?v=FRIENDVID01", "youtube/watch.html"
    )
    ext_page.wait_for_selector("[data-test-keep=yt-more-friend]", state="attached")
    assert {
        "yt-comment",
        "yt-reply-under-person",
        "yt-reply",
        "yt-reply-by-id",
        "yt-watch-next",
        "yt-home-tile",
        "yt-search-channel",
        "yt-search-video-by-id",
        "yt-more-comment",
        "yt-friend-watch-page",
        "yt-friend-thread",
        "yt-friend-reply",
        "yt-own-comment",
        "yt-watch-next-other",
        "yt-home-other",
        "yt-search-video-other",
    } <= present(ext_page)
    shown, hidden = visible_markers(ext_page)
    assert shown == set()
    assert hidden == set(), "something not by the person was hidden"
    assert_never_visible(seeded, ext_page)


def test_an_author_link_filled_in_after_insertion_is_caught(seeded: ExtBrowser, ext_page: Page):
    open_fixture(
        seeded, ext_page, "https://www.youtube.com/watch?v=FRIENDVID01", "youtube/watch.html"
    )
    ext_page.evaluate("fixture.lateHref()")
    ext_page.wait_for_selector("a.late[href]", state="attached")
    wait_frames(ext_page, 2)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert_never_visible(seeded, ext_page)


def test_their_own_watch_page_is_hidden_but_not_the_masthead(seeded: ExtBrowser, ext_page: Page):
    open_fixture(
        seeded, ext_page, "https://www.youtube.com/watch?v=THEIRVID001", "youtube/theirs.html"
    )
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert "yt-their-watch-page" in present(ext_page)
    assert_never_visible(seeded, ext_page)


def test_mobile_site(seeded: ExtBrowser, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    open_fixture(seeded, ext_page, "https://m.youtube.com/", "youtube/mobile.html")
    assert {"ytm-home-tile", "ytm-channel", "ytm-comment", "ytm-reply"} <= present(ext_page)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert_never_visible(seeded, ext_page)


def test_in_app_navigation_to_their_channel_shows_the_interstitial(
    seeded: ExtBrowser, ext_page: Page
):
    open_fixture(
        seeded, ext_page, "https://www.youtube.com/watch?v=FRIENDVID01", "youtube/watch.html"
    )
    ext_page.evaluate("fixture.navigate('/@TheirChannel/videos')")
    url = interstitial_reached(seeded, ext_page)
    assert "their" not in url.lower()
    assert seeded.monitor.bad_frames == []
