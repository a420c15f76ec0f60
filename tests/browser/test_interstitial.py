"""The interstitial: calm, names no one, "Go back" first (looking anyway: test_look_anyway.py)."""

from __future__ import annotations

from playwright.sync_api import expect

from .devices import msg
from .harness import ExtBrowser, interstitial_reached

PEOPLE = [{"label": "Secret Label", "accounts": [{"platform": "x", "handle": "abuser"}]}]


def test_go_back_is_focused_first_and_nothing_names_the_person(ext_fresh: ExtBrowser):
    ext = ext_fresh
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
