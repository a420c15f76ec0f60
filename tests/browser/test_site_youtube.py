"""YouTube: what only YouTube does (links filled in after insertion, their own watch page). The
contract every site keeps is tests/fixtures/youtube/contract.json."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import ExtBrowser, assert_never_visible, open_fixture, visible_markers, wait_frames
from .sites_common import markers

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


def test_an_author_link_filled_in_after_insertion_is_caught(seeded: ExtBrowser, ext_page: Page):
    open_fixture(
        seeded, ext_page, "https://www.youtube.com/watch?v=FRIENDVID01", "youtube/watch.html"
    )
    ext_page.evaluate("fixture.lateHref()")
    ext_page.wait_for_selector("a.late[href]", state="attached")
    wait_frames(ext_page, 2)
    assert visible_markers(ext_page) == (set(), set())
    assert_never_visible(seeded, ext_page)


def test_their_own_watch_page_is_hidden_but_not_the_masthead(seeded: ExtBrowser, ext_page: Page):
    open_fixture(
        seeded, ext_page, "https://www.youtube.com/watch?v=THEIRVID001", "youtube/theirs.html"
    )
    assert visible_markers(ext_page) == (set(), set())
    assert "yt-their-watch-page" in markers(ext_page)
    assert_never_visible(seeded, ext_page)
