"""X's own Unblock button: for a listed person the click never reaches X and the flow opens
instead; for anyone else X's button works untouched; after a scheduled, applied permission the
user may use it."""

from __future__ import annotations

from .harness import ExtBrowser, open_fixture, visible_markers

PEOPLE = [{"label": "Them", "accounts": [{"platform": "x", "handle": "abuser"}]}]
CLICK = """(id) => document.querySelector(`[data-testid="${id}"]`).click()"""


def test_unblock_for_a_listed_person_never_reaches_x_and_opens_the_flow(ext: ExtBrowser, ext_page):
    ext.seed(PEOPLE)
    open_fixture(ext, ext_page, "https://x.com/settings/blocked/all", "x/blocked.html")
    # Their cell is not even shown; the guard is for every path that still reaches the button.
    assert visible_markers(ext_page) == (set(), set())
    with ext.context.expect_page() as opened:
        ext_page.evaluate(CLICK, "1234567890-unblock")
    assert "reflection.html#" in opened.value.url
    opened.value.close()
    assert ext_page.evaluate("window.unblocked") == []
    ext_page.evaluate(CLICK, "5550001-unblock")
    assert ext_page.evaluate("window.unblocked") == ["5550001-unblock"]


def test_once_the_permission_has_been_applied_the_button_works(ext: ExtBrowser, ext_page):
    ext.seed(PEOPLE)
    ext.sw.evaluate("chrome.storage.local.set({unblockAllowed: {x: Date.now() + 3600 * 1000}})")
    open_fixture(ext, ext_page, "https://x.com/settings/blocked/all", "x/blocked.html")
    ext_page.evaluate(CLICK, "1234567890-unblock")
    assert ext_page.evaluate("window.unblocked") == ["1234567890-unblock"]
    ext.sw.evaluate("chrome.storage.local.remove('unblockAllowed')")
