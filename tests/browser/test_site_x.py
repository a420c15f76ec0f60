"""X (x.com, twitter.com, mobile.twitter.com): the person never shows, nobody else is hidden."""

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
        "accounts": [{"platform": "x", "handle": "abuser"}, {"platform": "x", "id": "1234567890"}],
    }
]
TIMELINE = "x/timeline.html"
INITIAL_PERSON = {
    "x-post",
    "x-repost-of-person",
    "x-quoted",
    "x-repost-by-person",
    "x-usercell",
    "x-usercell-by-id",
    "x-sidebar-usercell",
}
INITIAL_KEEP = {
    "x-lookalike-abuser2",
    "x-lookalike-notabuser",
    "x-lookalike-abuse",
    "x-links-only",
    "x-own-post",
    "x-unattributed-tombstone",
    "x-usercell-other",
    "x-sidebar-other",
}


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on X."""
    ext.seed(PEOPLE)
    return ext


def markers(page: Page) -> set[str]:
    return set(
        page.eval_on_selector_all(
            "[data-test-person], [data-test-keep]",
            "els => els.map(e => e.getAttribute('data-test-person') || e.dataset.testKeep)",
        )
    )


@pytest.mark.parametrize("host", ["x.com", "twitter.com"])
def test_every_kind_of_item_is_hidden_on_first_load(seeded: ExtBrowser, ext_page: Page, host):
    open_fixture(seeded, ext_page, f"https://{host}/home", TIMELINE)
    ext_page.wait_for_selector('[data-test-keep="x-timer-friend"]', state="attached")
    assert INITIAL_PERSON | INITIAL_KEEP <= markers(ext_page)
    shown, hidden = visible_markers(ext_page)
    assert shown == set()
    assert hidden == set(), "something not by the person was hidden"
    assert_never_visible(seeded, ext_page)


def test_mobile_layout_hides_the_same(seeded: ExtBrowser, ext_page: Page):
    ext_page.set_viewport_size({"width": 390, "height": 844})
    open_fixture(seeded, ext_page, "https://mobile.twitter.com/home", TIMELINE)
    ext_page.wait_for_selector('[data-test-keep="x-timer-friend"]', state="attached")
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert_never_visible(seeded, ext_page)


def test_rows_added_later_are_hidden_before_paint(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    ext_page.mouse.wheel(0, 600)
    ext_page.wait_for_selector('[data-test-keep="x-lazy-friend"]', state="attached")
    for _ in range(20):
        ext_page.evaluate(
            "fixture.row(fixture.post('abuser', 'burst', 'data-test-person=\"x-burst\"'))"
        )
    wait_frames(ext_page, 3)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert {"x-lazy-post", "x-timer-post", "x-burst"} <= markers(ext_page)
    assert_never_visible(seeded, ext_page)


def test_recycled_rows_are_checked_again(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    # Row 0 held the person's post; it is reused for a friend's post: shown again.
    ext_page.evaluate("fixture.recycle(0, 'friend_seven', 'data-test-keep=\"x-recycled-friend\"')")
    # Row 4 held a lookalike; it is reused for the person's post: hidden.
    ext_page.evaluate("fixture.recycle(4, 'abuser', 'data-test-person=\"x-recycled-person\"')")
    wait_frames(ext_page, 2)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    # Row 1 (a repost of theirs) is reused for a heading: no post at all, shown again.
    ext_page.evaluate("fixture.recycleAsHeading(1)")
    wait_frames(ext_page, 2)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()
    assert "x-recycled-heading" in markers(ext_page)
    # React may also keep the article and only rewrite its links: row 5 (notabuser) becomes theirs.
    ext_page.evaluate("fixture.rewriteAuthor(5, 'abuser')")
    wait_frames(ext_page, 2)
    assert (
        ext_page.evaluate(
            "getComputedStyle(document.querySelectorAll('[data-testid=cellInnerDiv]')[5]).display"
        )
        == "none"
    )
    ext_page.evaluate("fixture.rewriteAuthor(5, 'notabuser')")
    wait_frames(ext_page, 2)
    assert (
        ext_page.evaluate(
            "getComputedStyle(document.querySelectorAll('[data-testid=cellInnerDiv]')[5]).display"
        )
        != "none"
    )
    assert_never_visible(seeded, ext_page)


def test_in_app_navigation_to_their_profile_shows_the_interstitial(
    seeded: ExtBrowser, ext_page: Page
):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    ext_page.evaluate("fixture.navigate('/abuser')")
    url = interstitial_reached(seeded, ext_page)
    assert "abuser" not in url.lower()
    assert seeded.monitor.bad_frames == []


def test_navigation_to_a_lookalike_profile_stays(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    ext_page.evaluate("history.pushState({}, '', '/abuser2')")
    wait_frames(ext_page, 5)
    assert ext_page.url == "https://x.com/abuser2"


def test_list_changes_apply_to_the_open_page(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    # Removing the person shows their posts again; listing them again hides them before paint.
    seeded.storage_set({"matchIndex": {"v": 1, "paused": False, "platforms": {}}})
    ext_page.wait_for_function(
        "getComputedStyle(document.querySelector('[data-test-person=x-post]')).display !== 'none'"
    )
    shown, _ = visible_markers(ext_page)
    assert "x-post" in shown
    seeded.monitor.clear()
    seeded.seed(PEOPLE)
    ext_page.wait_for_function("document.querySelector('[data-nc-hidden]') !== null")
    wait_frames(ext_page, 2)
    shown, hidden = visible_markers(ext_page)
    assert shown == set() and hidden == set()


def test_paused_shows_everything(seeded: ExtBrowser, ext_page: Page):
    seeded.seed(PEOPLE, paused=True)
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    shown, hidden = visible_markers(ext_page)
    assert INITIAL_PERSON <= shown and hidden == set()


def test_nothing_naming_anyone_is_written_into_the_page(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    added = ext_page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(el =>
             [...el.attributes].filter(a => a.name.startsWith('data-nc'))
               .map(a => a.name + '=' + a.value))"""
    )
    assert added and set(added) == {"data-nc-hidden="}
    assert ext_page.evaluate("document.querySelectorAll('style').length") == 1


def test_opening_their_profile_directly_never_paints_it(seeded: ExtBrowser, ext_page: Page):
    # Full loads are redirected by the background's rules; the engine covers the page either way.
    seeded.serve("https://x.com/**", TIMELINE)
    ext_page.goto("https://x.com/ABUSER/with_replies", wait_until="commit")
    url = interstitial_reached(seeded, ext_page)
    assert "abuser" not in url.lower()
    assert seeded.monitor.bad_frames == []


def test_hover_cards_of_the_person_never_show(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    ext_page.evaluate("fixture.hoverCard('abuser', '1234567890', 'data-test-person=\"x-hover\"')")
    wait_frames(ext_page, 2)
    assert visible_markers(ext_page) == (set(), set())
    ext_page.evaluate(
        "fixture.hoverCard('friend_one', '2222', 'data-test-keep=\"x-hover-friend\"')"
    )
    wait_frames(ext_page, 2)
    assert visible_markers(ext_page) == (set(), set())
    assert "x-hover-friend" in markers(ext_page)
    assert_never_visible(seeded, ext_page)
