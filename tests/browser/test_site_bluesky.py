"""Bluesky (bsky.app): the person never shows, by handle or by DID; nobody else hides."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import (
    ExtBrowser,
    assert_never_visible,
    interstitial_reached,
    open_fixture,
    visible_markers,
)

DID = "did:plc:abuserdid000000000000000"
PEOPLE = [
    {
        "label": "them",
        "accounts": [
            {"platform": "bluesky", "handle": "abuser.bsky.social"},
            {"platform": "bluesky", "id": DID},
        ],
    }
]


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on Bluesky."""
    ext.seed(PEOPLE)
    return ext


def present(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "[data-test-person], [data-test-keep]",
            "els => els.map(e => e.dataset.testPerson || e.dataset.testKeep)",
        )
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_posts_reposts_quotes_leftovers_and_people_are_hidden(
    seeded: ExtBrowser, ext_page: Page, width
):
    ext_page.set_viewport_size({"width": width, "height": 900})
    open_fixture(seeded, ext_page, "https://bsky.app/", "bluesky/feed.html")
    ext_page.wait_for_selector("[data-test-keep=bsky-later-friend]", state="attached")
    assert {
        "bsky-post",
        "bsky-repost-of-person",
        "bsky-repost-by-person",
        "bsky-quote",
        "bsky-quote-by-did",
        "bsky-blocked-leftover",
        "bsky-thread-reply",
        "bsky-suggested",
        "bsky-suggested-by-did",
        "bsky-later-post",
        "bsky-other-leftover",
        "bsky-lookalike-abuser2",
        "bsky-lookalike-notabuser",
        "bsky-lookalike-abuse",
        "bsky-mention",
        "bsky-own-post",
        "bsky-thread-root",
        "bsky-thread-other",
        "bsky-suggested-other",
    } <= present(ext_page)
    shown, hidden = visible_markers(ext_page)
    assert shown == set()
    assert hidden == set(), "something not by the person was hidden"
    assert_never_visible(seeded, ext_page)


@pytest.mark.parametrize("path", ["/profile/abuser.bsky.social", f"/profile/{DID}"])
def test_in_app_navigation_to_their_profile_shows_the_interstitial(
    seeded: ExtBrowser, ext_page: Page, path
):
    open_fixture(seeded, ext_page, "https://bsky.app/", "bluesky/feed.html")
    ext_page.evaluate("(p) => fixture.navigate(p)", path)
    url = interstitial_reached(seeded, ext_page)
    assert "abuser" not in url.lower()
    assert seeded.monitor.bad_frames == []
