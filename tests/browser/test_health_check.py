"""The health self-check (content/health.js, background/site-health.js): a page of a kind that
always has items, showing none that the site file knows, marks the site as possibly changed, and
the popup and the options page say so calmly with what to do; a healthy page of the site clears it.
Each check waits out the self-check's 8 s."""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright

from .broken_sites import broken_copy
from .harness import ExtBrowser, open_fixture, options_section, wait_for

PEOPLE = [{"label": "them", "accounts": [{"platform": "x", "handle": "abuser"}]}]
CHANGED = "X (Twitter) may have changed its pages; No Contact may miss some of their posts there."


@pytest.fixture(scope="module")
def broken(playwright: Playwright, engine: str) -> Iterator[ExtBrowser]:
    """A browser with a copy of the extension whose X item selectors match nothing."""
    with tempfile.TemporaryDirectory(prefix=f"nc-health-{engine}-") as folder:
        copy = broken_copy(Path(folder), ("x",))
        browser = ExtBrowser(
            playwright, str(Path(folder) / "profile"), extension=copy, engine=engine
        )
        try:
            browser.find_sw()
            yield browser
        finally:
            browser.close()


def health(ext: ExtBrowser) -> dict:
    """The stored per-site health (``siteHealth``)."""
    return ext.storage_get(["siteHealth"]).get("siteHealth") or {}


def popup_text(ext: ExtBrowser) -> str:
    """What the popup says (opened as a tab; its summary is written after the health notice)."""
    page = ext.new_page()
    try:
        page.goto(ext.ext_url("pages/popup.html"))
        wait_for(lambda: page.locator("#summary").text_content(), page=page)
        return page.locator("main").inner_text()
    finally:
        page.close()


def test_a_page_whose_items_no_longer_match_marks_the_site_and_the_popup_says_so(
    broken: ExtBrowser,
):
    broken.seed(PEOPLE)
    page = broken.new_page()
    try:
        open_fixture(broken, page, "https://x.com/home", "x/timeline.html")
        state = wait_for(lambda: health(broken).get("x"), timeout=15, page=page)
        assert state["reason"] == "noItems"
        assert state["since"] > 0
    finally:
        page.close()
    said = popup_text(broken)
    assert CHANGED in said
    assert "safety net is on" in said
    # The options page says it in "Where it works", next to the switch that keeps the net on.
    options = broken.new_page()
    try:
        options_section(broken, options, "sites")
        notice = options.locator("#site-health")
        notice.wait_for()
        wait_for(lambda: CHANGED in (notice.text_content() or ""), page=options)
        assert options.get_by_label("Use the safety net on every site, always").count() == 1
    finally:
        options.close()
    # Only the site that changed is named.
    assert set(health(broken)) == {"x"}


def test_a_healthy_page_clears_it(ext: ExtBrowser, ext_page: Page):
    ext.seed(PEOPLE)
    ext.storage_set({"siteHealth": {"x": {"reason": "noItems", "since": 1, "seen": 1}}})
    assert CHANGED in popup_text(ext)
    open_fixture(ext, ext_page, "https://x.com/home", "x/timeline.html")
    wait_for(lambda: "x" not in health(ext), timeout=15, page=ext_page)
    assert CHANGED not in popup_text(ext)


def test_a_page_that_need_not_have_items_says_nothing(ext: ExtBrowser, ext_page: Page):
    """A profile-less page of another kind (here X's notifications at an address that is not an
    item page) is not judged, even with no items at all."""
    ext.storage_set({"siteHealth": {}})
    open_fixture(ext, ext_page, "https://x.com/settings/account", {"*": "harness/visible.html"})
    ext_page.wait_for_timeout(9000)
    assert health(ext) == {}
