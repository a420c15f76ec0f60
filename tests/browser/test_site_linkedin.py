"""LinkedIn: posts, reposts, activity, comments, search and suggestions of the person never show."""

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

SLUG = "abuser-slug"
MEMBER = "ACoAAB1234567"
PEOPLE = [
    {
        "label": "them",
        "accounts": [
            {"platform": "linkedin", "handle": SLUG},
            {"platform": "linkedin", "id": MEMBER},
        ],
    }
]
FEED = "linkedin/feed.html"
PERSON = {
    "li-post",
    "li-repost-by-them",
    "li-likes",
    "li-commented",
    "li-reshare-of-theirs",
    "li-comment",
    "li-reply",
    "li-pymk",
    "li-timer-post",
}
KEEP = {
    "li-friend-post",
    "li-comment-friend",
    "li-comment-lookalike",
    "li-lookalike-not",
    "li-lookalike-prefix",
    "li-pymk-other",
    "li-timer-friend",
}


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on LinkedIn."""
    ext.seed(PEOPLE)
    return ext


def test_every_kind_of_item_is_hidden(seeded, ext_page: Page):
    assert_page_clean(
        seeded, ext_page, "https://www.linkedin.com/feed/", FEED, PERSON, KEEP, "li-timer-friend"
    )


def test_mobile_layout_hides_the_same(seeded, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    assert_page_clean(
        seeded,
        ext_page,
        "https://www.linkedin.com/feed/",
        FEED,
        PERSON - {"li-pymk"},
        KEEP - {"li-pymk-other"},
        "li-timer-friend",
    )


def test_people_search_is_hidden(seeded, ext_page: Page):
    assert_page_clean(
        seeded,
        ext_page,
        "https://www.linkedin.com/search/results/people/?keywords=their%20name",
        "linkedin/search.html",
        {"li-search-old", "li-search-new"},
        {"li-search-lookalike", "li-search-new-other"},
    )


def test_listed_by_member_id_only_is_found_through_profile_urn(ext: ExtBrowser, ext_page: Page):
    ext.seed([{"label": "them", "accounts": [{"platform": "linkedin", "id": MEMBER}]}])
    open_fixture(ext, ext_page, "https://www.linkedin.com/feed/", FEED)
    shown, hidden = visible_markers(ext_page)
    # These carry ?miniProfileUrn=…ACoAAB1234567 or /in/ACoAAB1234567 next to the slug.
    assert {"li-post", "li-repost-by-them", "li-commented", "li-reshare-of-theirs"} & shown == set()
    assert hidden == set()


def test_updates_added_later_are_hidden_before_paint(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.linkedin.com/feed/", FEED)
    assert_burst_hidden(
        seeded, ext_page, "fixture.update('abuser-slug', 'data-test-person=li-burst')"
    )


def test_in_app_navigation_to_their_profile_shows_the_interstitial(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://www.linkedin.com/feed/", FEED)
    assert_spa_interstitial(
        seeded,
        ext_page,
        "/in/abuser-slug/?miniProfileUrn=urn%3Ali%3Afsd_profile%3AACoAAB1234567",
        SLUG,
    )


@pytest.mark.parametrize("path", ["/in/abuser-slug2/", "/in/abuser-slu/", "/in/notabuser-slug/"])
def test_in_app_navigation_to_a_lookalike_stays(seeded, ext_page: Page, path):
    open_fixture(seeded, ext_page, "https://www.linkedin.com/feed/", FEED)
    assert_spa_stays(seeded, ext_page, path)


def test_full_load_of_their_profile_shows_the_interstitial(seeded, ext_page: Page):
    assert_full_load_interstitial(
        seeded, ext_page, "https://www.linkedin.com/in/abuser-slug/", SLUG
    )
