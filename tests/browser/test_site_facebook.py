"""Facebook: a person is written two ways (vanity name and numeric id); either form listed finds
items that show the other. The contract every site keeps: tests/fixtures/facebook/contract.json."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import ExtBrowser, assert_never_visible, open_fixture, visible_markers, wait_frames

BY_ID = [{"label": "them", "accounts": [{"platform": "facebook", "id": "100012345678901"}]}]
BY_VANITY = [{"label": "them", "accounts": [{"platform": "facebook", "handle": "abuser.name"}]}]
BOTH = [{"label": "them", "accounts": BY_ID[0]["accounts"] + BY_VANITY[0]["accounts"]}]


@pytest.mark.parametrize("people", [BY_ID, BY_VANITY], ids=["listed-by-id", "listed-by-vanity"])
def test_one_form_finds_items_that_also_show_the_other(ext: ExtBrowser, ext_page: Page, people):
    ext.seed(people)
    open_fixture(ext, ext_page, "https://www.facebook.com/", "facebook/feed.html")
    # Their comment carries an id avatar link and a vanity name link: hidden either way.
    shown, hidden = visible_markers(ext_page)
    assert "fb-comment" not in shown
    assert hidden == set()
    listed_form = "fb-post-id" if people is BY_ID else "fb-post-vanity"
    assert listed_form not in shown


def test_posts_loaded_on_scroll_are_hidden_before_paint(ext: ExtBrowser, ext_page: Page):
    ext.seed(BOTH)
    open_fixture(ext, ext_page, "https://www.facebook.com/", "facebook/feed.html")
    ext_page.mouse.wheel(0, 800)
    ext_page.wait_for_selector('[data-test-keep="fb-lazy-friend"]', state="attached")
    wait_frames(ext_page, 2)
    assert visible_markers(ext_page) == (set(), set())
    assert_never_visible(ext, ext_page)
