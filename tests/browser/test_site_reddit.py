"""Reddit: what only Reddit does (comments streamed in on new and old Reddit, a site switched off).
The contract every site keeps is tests/fixtures/reddit/contract.json."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import ExtBrowser, assert_never_visible, open_fixture, visible_markers, wait_frames
from .sites_common import markers

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


def test_comments_loaded_later_on_a_phone(seeded: ExtBrowser, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    open_fixture(
        seeded, ext_page, "https://www.reddit.com/r/test/comments/1aaaa1/", "reddit/feed.html"
    )
    ext_page.evaluate("fixture.moreComments()")
    ext_page.wait_for_selector("[data-test-keep=reddit-more-friend]", state="attached")
    wait_frames(ext_page, 2)
    assert visible_markers(ext_page) == (set(), set())
    assert {"reddit-more-comment", "reddit-more-reply"} <= markers(ext_page)
    assert_never_visible(seeded, ext_page)


def test_old_reddit_replies_loaded_later(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://old.reddit.com/r/test/", "reddit/old.html")
    ext_page.evaluate("fixture.loadMore()")
    wait_frames(ext_page, 2)
    assert visible_markers(ext_page) == (set(), set())
    assert "old-more-reply" in markers(ext_page)
    assert_never_visible(seeded, ext_page)


def test_site_switched_off_shows_everything(ext: ExtBrowser, ext_page: Page):
    ext.seed(PEOPLE, disabled=("reddit",))
    open_fixture(ext, ext_page, "https://old.reddit.com/", "reddit/old.html")
    shown, hidden = visible_markers(ext_page)
    assert {"old-post", "old-comment"} <= shown and hidden == set()
