"""Instagram: posts, grid tiles, comments, suggestions and stories of the person never show."""

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

PEOPLE = [{"label": "them", "accounts": [{"platform": "instagram", "handle": "abuser"}]}]
FEED = "instagram/feed.html"
PERSON = {
    "ig-story",
    "ig-post",
    "ig-comment",
    "ig-comment-thread",
    "ig-reply",
    "ig-suggestion",
    "ig-grid-post",
    "ig-grid-reel",
    "ig-timer-post",
}
KEEP = {
    "ig-story-lookalike",
    "ig-story-friend",
    "ig-friend-post",
    "ig-caption",
    "ig-comment-friend",
    "ig-comment-prefix",
    "ig-comment-notabuser",
    "ig-suggested-block",
    "ig-suggestion-other",
    "ig-lookalike-post",
    "ig-grid",
    "ig-grid-friend",
    "ig-grid-old-form",
    "ig-nav-explore",
    "ig-timer-friend",
}


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on Instagram."""
    ext.seed(PEOPLE)
    return ext


@pytest.mark.parametrize("size", [(1280, 900), (390, 844)], ids=["desktop", "mobile"])
def test_every_kind_of_item_is_hidden(seeded, ext_page: Page, size):
    ext_page.set_viewport_size({"width": size[0], "height": size[1]})
    assert_page_clean(
        seeded, ext_page, "https://www.instagram.com/", FEED, PERSON, KEEP, "ig-timer-friend"
    )


def test_posts_added_later_are_hidden_before_paint(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.instagram.com/", FEED)
    assert_burst_hidden(seeded, ext_page, "fixture.post('abuser', 'data-test-person=ig-burst')")


def test_in_app_navigation_to_their_profile_shows_the_interstitial(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.instagram.com/", FEED)
    assert_spa_interstitial(seeded, ext_page, "/abuser/", "abuser")


@pytest.mark.parametrize("path", ["/abuser2/", "/abuse/", "/explore/", "/p/C0dEsHoRt/"])
def test_in_app_navigation_elsewhere_stays(seeded, ext_page: Page, path):
    open_fixture(seeded, ext_page, "https://www.instagram.com/", FEED)
    assert_spa_stays(seeded, ext_page, path)


def test_full_load_of_their_profile_shows_the_interstitial(seeded, ext_page: Page):
    assert_full_load_interstitial(seeded, ext_page, "https://www.instagram.com/abuser/", "abuser")
