"""Checks of a site's own Unblock controls, shared by test_unblock_guard.py and the Mastodon tests.

A fixture page records every press that reaches the page's own handler in ``window.unblocked``
(each control carries ``data-record``). For a listed person the press must never get there and the
reflection flow must open in a tab of its own, about that person and that site; anyone else's
control must work untouched.
"""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .devices import msg
from .harness import ExtBrowser, wait_for

SITE_NAMES = {
    "x": "X (Twitter)",
    "instagram": "Instagram",
    "facebook": "Facebook",
    "reddit": "Reddit",
    "bluesky": "Bluesky",
    "mastodon": "Mastodon",
    "linkedin": "LinkedIn",
    "tiktok": "TikTok",
}


def reached(page: Page) -> list[str]:
    """Return the presses that reached the page's own handler."""
    return page.evaluate("window.unblocked")


def press(page: Page, selector: str, how: str) -> None:
    """Press a control: a real mouse click, Enter on it with the keyboard, or a script click.

    A script click (``element.click()``) is for controls whose row is hidden: no user can reach
    them, but a re-render, an old layout or an assistive tool still might.
    """
    control = page.locator(selector)
    if how == "mouse":
        control.click()
    elif how == "keyboard":
        control.focus()
        page.keyboard.press("Enter")
    else:
        control.evaluate("el => el.click()")


def assert_press_opens_flow(
    ext: ExtBrowser, page: Page, selector: str, how: str, label: str, platform: str
) -> None:
    """Press the listed person's control: the flow opens about them, the site sees nothing."""
    with ext.context.expect_page() as opened:
        press(page, selector, how)
    flow = opened.value
    flow.wait_for_load_state()
    assert "reflection.html#" in flow.url
    expected = msg("reflect_what_site_unblock").replace("$SITE$", SITE_NAMES[platform])
    expect(flow.locator("#reflect-what")).to_have_text(expected.replace("$NAME$", label))
    expect(flow.get_by_role("button", name=msg("reflect_keep")).first).to_be_focused()
    flow.close()
    assert reached(page) == [], "the site's own handler saw the press"


def assert_press_reaches_site(page: Page, selector: str, record: str) -> None:
    """Press someone else's control: the site's own handler gets it, nothing else happens."""
    pages_before = len(page.context.pages)
    page.locator(selector).click()
    wait_for(lambda: record in reached(page), page=page)
    assert len(page.context.pages) == pages_before, "a flow opened for someone not on the list"


def grant_exception(ext: ExtBrowser, platform: str, kind: str) -> None:
    """Start the one-hour exception a confirmed ``kind`` grants for the first listed person.

    The full way there (flow, waiting time, last confirmation) is tested in test_look_anyway.py;
    here only its result matters: a look shows the person and keeps their Unblock guarded, a
    confirmed site Unblock lets it work.
    """
    ext.sw.evaluate(
        """async ([platform, kind]) => {
          const doc = (await chrome.storage.local.get("doc.blocklist"))["doc.blocklist"];
          const person = Object.keys(doc.people)[0];
          const until = Date.now() + 3600 * 1000;
          await chrome.storage.local.set({ exceptions: [{ person, platform, kind, until }] });
        }""",
        [platform, kind],
    )

    def applied() -> bool:
        slot = ext.storage_get(["matchIndex"])["matchIndex"]["platforms"][platform]
        rules = ext.sw.evaluate("chrome.declarativeNetRequest.getDynamicRules()")
        return not slot["handles"] and not slot["ids"] and not rules

    wait_for(applied)


def end_exceptions(ext: ExtBrowser) -> None:
    """End every exception (hiding is back at once)."""
    ext.sw.evaluate("chrome.storage.local.set({ exceptions: [] })")
