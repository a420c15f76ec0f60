"""Threads (threads.com, threads.net): posts, replies, reposts and quotes: never shown."""

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

PEOPLE = [{"label": "them", "accounts": [{"platform": "threads", "handle": "abuser"}]}]
FEED = "threads/feed.html"
PERSON = {"th-post", "th-repost", "th-quote", "th-reply", "th-timer-post"}
KEEP = {
    "th-friend-post",
    "th-lookalike-2",
    "th-lookalike-not",
    "th-lookalike-prefix",
    "th-timer-friend",
}


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on Threads."""
    ext.seed(PEOPLE)
    return ext


@pytest.mark.parametrize(
    "url", ["https://www.threads.com/", "https://www.threads.net/", "https://threads.com/"]
)
def test_every_kind_of_item_is_hidden_on_both_domains(seeded, ext_page: Page, url):
    assert_page_clean(seeded, ext_page, url, FEED, PERSON, KEEP, "th-timer-friend")


def test_mobile_layout_hides_the_same(seeded, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    assert_page_clean(
        seeded, ext_page, "https://www.threads.com/", FEED, PERSON, KEEP, "th-timer-friend"
    )


def test_posts_added_later_are_hidden_before_paint(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.threads.com/", FEED)
    assert_burst_hidden(seeded, ext_page, "fixture.post('abuser', 'data-test-person=th-burst')")


@pytest.mark.parametrize("origin", ["https://www.threads.com", "https://www.threads.net"])
def test_in_app_navigation_to_their_profile_shows_the_interstitial(seeded, ext_page: Page, origin):
    open_fixture(seeded, ext_page, origin + "/", FEED)
    assert_spa_interstitial(seeded, ext_page, "/@abuser", "abuser")


@pytest.mark.parametrize("path", ["/@abuser2", "/@abuse", "/@notabuser"])
def test_in_app_navigation_to_a_lookalike_stays(seeded, ext_page: Page, path):
    open_fixture(seeded, ext_page, "https://www.threads.com/", FEED)
    assert_spa_stays(seeded, ext_page, path)


@pytest.mark.parametrize(
    "url", ["https://www.threads.com/@abuser", "https://www.threads.net/@abuser/post/DAbCdEf"]
)
def test_full_load_of_their_profile_shows_the_interstitial(seeded, ext_page: Page, url):
    assert_full_load_interstitial(seeded, ext_page, url, "abuser")
