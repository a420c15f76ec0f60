"""The interstitial: calm, names no one, "Go back" first (looking anyway: test_look_anyway.py)."""

from __future__ import annotations

from playwright.sync_api import expect

from .devices import msg
from .harness import ExtBrowser, interstitial_reached

PEOPLE = [{"label": "Secret Label", "accounts": [{"platform": "x", "handle": "abuser"}]}]


def test_go_back_is_focused_first_and_nothing_names_the_person(ext_clean: ExtBrowser):
    ext = ext_clean
    ext.seed(PEOPLE)
    ext.serve("https://x.com/**", {"*": "harness/visible.html"})
    page = ext.new_page()
    page.goto("https://x.com/home")
    page.goto("https://x.com/abuser", wait_until="commit")
    interstitial_reached(ext, page)
    expect(page.get_by_role("heading", name=msg("interstitial_heading"))).to_be_visible()
    expect(page.get_by_role("button", name=msg("interstitial_goBack"))).to_be_focused()
    text = page.content().lower()
    assert "abuser" not in text and "secret label" not in text
    page.keyboard.press("Enter")  # Go back, with the keyboard alone
    page.wait_for_url("https://x.com/home")


def test_go_back_after_following_a_link_inside_the_site_returns_to_the_feed(ext_clean: ExtBrowser):
    # The site opens their profile without a page load (its own router): the interstitial takes
    # its place (the background moves the tab), and "Go back" returns to the feed the user was
    # reading, shown, not to their profile's address (which would only lead here again).
    ext = ext_clean
    ext.seed(PEOPLE)
    ext.serve("https://x.com/**", "x/timeline.html")
    page = ext.new_page()
    page.goto("https://x.com/home")
    page.evaluate("(p) => fixture.navigate(p)", "/abuser")
    interstitial_reached(ext, page)
    page.get_by_role("button", name=msg("interstitial_goBack")).click()
    page.wait_for_url("https://x.com/home")
    page.wait_for_timeout(1000)
    assert page.url == "https://x.com/home"
    assert page.evaluate("document.body.checkVisibility()")
    # The tab's back list holds the site's pages, none at their address (Chromium lists them
    # through the Navigation API; Firefox ESR has no such API to read them with).
    entries = page.evaluate("globalThis.navigation ? navigation.entries().map((e) => e.url) : []")
    assert not [url for url in entries if "abuser" in url], entries
    assert "x-own-post" in page.evaluate(
        "[...document.querySelectorAll('[data-test-keep]')].filter(e => e.checkVisibility())"
        ".map(e => e.dataset.testKeep).join(' ')"
    )
