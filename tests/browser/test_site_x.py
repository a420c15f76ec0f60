"""X: what only X does (recycled virtual rows, hover cards, lazy rows). The contract every site
keeps (hidden on load, bursts, navigation, full loads) is tests/fixtures/x/contract.json."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from .harness import (
    ExtBrowser,
    assert_never_visible,
    open_fixture,
    scripts_arriving_late,
    visible_markers,
    wait_frames,
)
from .sites_common import markers

PEOPLE = [
    {
        "label": "them",
        "accounts": [{"platform": "x", "handle": "abuser"}, {"platform": "x", "id": "1234567890"}],
    }
]
TIMELINE = "x/timeline.html"
INITIAL_PERSON = {"x-post", "x-repost-of-person", "x-quoted", "x-repost-by-person", "x-usercell"}


@pytest.fixture
def seeded(ext: ExtBrowser) -> ExtBrowser:
    """The module's browser with the person listed on X."""
    ext.seed(PEOPLE)
    return ext


def test_rows_loaded_on_scroll_and_by_timer_are_hidden_before_paint(seeded, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    ext_page.mouse.wheel(0, 600)
    ext_page.wait_for_selector('[data-test-keep="x-lazy-friend"]', state="attached")
    ext_page.wait_for_selector('[data-test-keep="x-timer-friend"]', state="attached")
    wait_frames(ext_page, 3)
    assert visible_markers(ext_page) == (set(), set())
    assert {"x-lazy-post", "x-timer-post"} <= markers(ext_page)
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
    row_display = (
        "getComputedStyle(document.querySelectorAll('[data-testid=cellInnerDiv]')[5]).display"
    )
    ext_page.evaluate("fixture.rewriteAuthor(5, 'abuser')")
    wait_frames(ext_page, 2)
    assert ext_page.evaluate(row_display) == "none"
    ext_page.evaluate("fixture.rewriteAuthor(5, 'notabuser')")
    wait_frames(ext_page, 2)
    assert ext_page.evaluate(row_display) != "none"
    assert_never_visible(seeded, ext_page)


def test_list_changes_apply_to_the_open_page(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    # Removing the person shows their posts again; listing them again hides them before paint.
    seeded.seed([])
    ext_page.wait_for_function(
        "getComputedStyle(document.querySelector('[data-test-person=x-post]')).display !== 'none'"
    )
    shown, _ = visible_markers(ext_page)
    assert "x-post" in shown
    seeded.monitor.clear()
    seeded.seed(PEOPLE)
    ext_page.wait_for_function(
        "!document.querySelector('[data-test-person=x-post]').checkVisibility()"
    )
    wait_frames(ext_page, 2)
    assert visible_markers(ext_page) == (set(), set())


def test_paused_shows_everything(seeded: ExtBrowser, ext_page: Page):
    seeded.seed(PEOPLE, paused=True)
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    shown, hidden = visible_markers(ext_page)
    assert INITIAL_PERSON <= shown and hidden == set()


def test_nothing_naming_anyone_is_written_into_the_page(seeded: ExtBrowser, ext_page: Page):
    open_fixture(seeded, ext_page, "https://x.com/home", TIMELINE)
    # The engine's marks (random names, content/engine.js) are empty: no value names anyone.
    added = ext_page.evaluate(
        """() => [...document.querySelectorAll('*')].flatMap(el =>
             [...el.attributes].filter(a => /^data-(nc|[a-z][a-z0-9]{9}$)/.test(a.name))
               .map(a => a.name + '=' + a.value))"""
    )
    assert added and all(a.endswith("=") and not a.startswith("data-nc") for a in added), added
    assert ext_page.evaluate("document.querySelectorAll('style').length") == 1


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


# What each stall sees when the late script finally runs: the frames the monitor had checked, and
# whether the page was painting (the first row, complete before the stall, visible).
STALL_SCRIPT = """
(window.__stalls = window.__stalls || []).push({
  frames: window.__ncMonitor ? window.__ncMonitor.frames : 0,
  painting: document.querySelector('[data-test-keep=x-arriving-first]').checkVisibility(),
});
"""


def test_a_row_still_arriving_is_not_painted_before_its_author_is_known(
    seeded: ExtBrowser, ext_page: Page
):
    # A large page arrives in pieces: the parser can stop inside a row of theirs, before the link
    # naming them, and the browser paints what it has. That row must not show, even for a frame;
    # a friend's row caught the same way shows once it is complete.
    seeded.serve("https://x.com/**", "x/arriving.html")
    with scripts_arriving_late(seeded, "https://x.com/stall/**", 0.8, STALL_SCRIPT) as stalls:
        ext_page.goto("https://x.com/home")
    assert len(stalls) == 3
    seen = ext_page.evaluate("window.__stalls")
    assert len(seen) == 3 and all(s["painting"] and s["frames"] >= 3 for s in seen), seen
    wait_frames(ext_page, 3)
    assert visible_markers(ext_page) == (set(), set())
    assert {"x-arriving-post", "x-arriving-friend"} <= markers(ext_page)
    assert_never_visible(seeded, ext_page)
