"""TikTok: For You items, comments, replies, user cards and video tiles of the person never show."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import ExtBrowser, open_fixture
from .sites_common import (
    assert_burst_hidden,
    assert_full_load_interstitial,
    assert_page_clean,
    assert_spa_interstitial,
    assert_spa_stays,
)

PEOPLE = [{"label": "them", "accounts": [{"platform": "tiktok", "handle": "abuser"}]}]


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on TikTok."""
    ext.seed(PEOPLE)
    return ext


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "mobile"])
def test_for_you_items_comments_and_replies_are_hidden(seeded, ext_page: Page, size):
    ext_page.set_viewport_size({"width": size[0], "height": size[1]})
    assert_page_clean(
        seeded,
        ext_page,
        "https://www.tiktok.com/foryou",
        "tiktok/foryou.html",
        {"tt-foryou", "tt-comment", "tt-comment-replies", "tt-reply", "tt-timer-item"},
        {
            "tt-foryou-friend",
            "tt-foryou-lookalike",
            "tt-foryou-prefix",
            "tt-comment-friend",
            "tt-reply-lookalike",
            "tt-timer-friend",
        },
        "tt-timer-friend",
    )


def test_video_page_user_cards_and_tiles_are_hidden(seeded, ext_page: Page):
    assert_page_clean(
        seeded,
        ext_page,
        "https://www.tiktok.com/@friend.one/video/7400000000000000009",
        "tiktok/video.html",
        {"tt-user-card", "tt-recommend-card", "tt-post-item"},
        {"tt-video-friend", "tt-user-card-lookalike", "tt-post-item-friend"},
    )


def test_items_added_later_are_hidden_before_paint(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.tiktok.com/foryou", "tiktok/foryou.html")
    assert_burst_hidden(seeded, ext_page, "fixture.item('abuser', 'data-test-person=tt-burst')")


def test_in_app_navigation_to_their_profile_shows_the_interstitial(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.tiktok.com/foryou", "tiktok/foryou.html")
    assert_spa_interstitial(seeded, ext_page, "/@abuser", "abuser")


@pytest.mark.parametrize("path", ["/@abuser2", "/@abuse", "/@notabuser"])
def test_in_app_navigation_to_a_lookalike_stays(seeded, ext_page: Page, path):
    open_fixture(seeded, ext_page, "https://www.tiktok.com/foryou", "tiktok/foryou.html")
    assert_spa_stays(seeded, ext_page, path)


@pytest.mark.parametrize(
    "url",
    ["https://www.tiktok.com/@abuser", "https://www.tiktok.com/@abuser/video/7400000000000000001"],
)
def test_full_load_of_their_profile_or_video_shows_the_interstitial(seeded, ext_page: Page, url):
    assert_full_load_interstitial(seeded, ext_page, url, "abuser")
