"""Facebook (www., m.): the person never shows, by id or vanity name; nobody else is hidden."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import ExtBrowser, open_fixture, visible_markers
from .sites_common import (
    assert_burst_hidden,
    assert_full_load_interstitial,
    assert_page_clean,
    assert_spa_interstitial,
    assert_spa_stays,
)

VANITY = "abuser.name"
ID = "100012345678901"
BOTH = [
    {
        "label": "them",
        "accounts": [
            {"platform": "facebook", "handle": VANITY},
            {"platform": "facebook", "id": ID},
        ],
    }
]
BY_ID = [{"label": "them", "accounts": [{"platform": "facebook", "id": ID}]}]
BY_VANITY = [{"label": "them", "accounts": [{"platform": "facebook", "handle": VANITY}]}]

FEED = "facebook/feed.html"
FEED_PERSON = {
    "fb-post-id",
    "fb-post-vanity",
    "fb-comment",
    "fb-reply",
    "fb-comment-de",
    "fb-share",
    "fb-pymk",
    "fb-timer-post",
}
FEED_KEEP = {
    "fb-friend-post",
    "fb-reply-friend",
    "fb-comment-lookalike",
    "fb-comment-longid",
    "fb-mention-only",
    "fb-lookalike-2",
    "fb-lookalike-not",
    "fb-lookalike-prefix",
    "fb-lookalike-shortid",
    "fb-own-post",
    "fb-pymk-other",
    "fb-timer-friend",
}


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on Facebook by vanity name and id."""
    ext.seed(BOTH)
    return ext


def test_feed_posts_comments_replies_shares_and_suggestions_are_hidden(seeded, ext_page: Page):
    assert_page_clean(
        seeded,
        ext_page,
        "https://www.facebook.com/",
        FEED,
        FEED_PERSON,
        FEED_KEEP,
        settle_marker="fb-timer-friend",
    )


def test_mobile_layout_hides_the_same(seeded, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    assert_page_clean(
        seeded,
        ext_page,
        "https://www.facebook.com/?sk=h_chr",
        FEED,
        FEED_PERSON - {"fb-pymk"},
        FEED_KEEP - {"fb-pymk-other"},
        settle_marker="fb-timer-friend",
    )


def test_m_facebook_reads_the_author_and_shared_owner_ids(seeded, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    assert_page_clean(
        seeded,
        ext_page,
        "https://m.facebook.com/home.php",
        "facebook/mobile.html",
        {"fb-m-post", "fb-m-share"},
        {"fb-m-longid", "fb-m-mention"},
    )


def test_people_search_results_are_hidden(seeded, ext_page: Page):
    assert_page_clean(
        seeded,
        ext_page,
        "https://www.facebook.com/search/people/?q=their%20name",
        "facebook/search.html",
        {"fb-search-id", "fb-search-vanity"},
        {"fb-search-lookalike", "fb-search-other"},
    )


@pytest.mark.parametrize("people", [BY_ID, BY_VANITY], ids=["listed-by-id", "listed-by-vanity"])
def test_one_form_finds_items_that_also_show_the_other(ext: ExtBrowser, ext_page: Page, people):
    ext.seed(people)
    open_fixture(ext, ext_page, "https://www.facebook.com/", FEED)
    # Their comment carries an id avatar link and a vanity name link: hidden either way.
    shown, hidden = visible_markers(ext_page)
    assert "fb-comment" not in shown
    assert hidden == set()
    listed_form = "fb-post-id" if people is BY_ID else "fb-post-vanity"
    assert listed_form not in shown


def test_posts_added_later_are_hidden_before_paint(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.facebook.com/", FEED)
    ext_page.mouse.wheel(0, 800)
    ext_page.wait_for_selector('[data-test-keep="fb-lazy-friend"]', state="attached")
    assert_burst_hidden(
        seeded,
        ext_page,
        "fixture.post('https://www.facebook.com/profile.php?id=100012345678901&__tn__=-R',"
        " 'burst', 'data-test-person=fb-burst')",
    )


@pytest.mark.parametrize("path", ["/abuser.name", f"/profile.php?id={ID}"])
def test_in_app_navigation_to_their_profile_shows_the_interstitial(seeded, ext_page: Page, path):
    open_fixture(seeded, ext_page, "https://www.facebook.com/", FEED)
    assert_spa_interstitial(seeded, ext_page, path, VANITY)


@pytest.mark.parametrize("path", ["/abuser.name2", "/abuser.nam", "/profile.php?id=10001234567890"])
def test_in_app_navigation_to_a_lookalike_stays(seeded, ext_page: Page, path):
    open_fixture(seeded, ext_page, "https://www.facebook.com/", FEED)
    assert_spa_stays(seeded, ext_page, path)


@pytest.mark.parametrize(
    "url",
    [
        "https://www.facebook.com/abuser.name?__cft__[0]=AZX&__tn__=-R",
        f"https://www.facebook.com/profile.php?id={ID}",
        "https://m.facebook.com/abuser.name/",
    ],
)
def test_full_load_of_their_profile_shows_the_interstitial(seeded, ext_page: Page, url):
    assert_full_load_interstitial(seeded, ext_page, url, VANITY)
