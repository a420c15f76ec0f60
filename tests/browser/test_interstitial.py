"""The interstitial: calm, names no one, "Go back" first, and looking anyway is a typed choice."""

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


def test_look_anyway_needs_the_typed_phrase_and_keep_stays_first(ext_fresh: ExtBrowser):
    ext = ext_fresh
    page = ext.new_page()
    page.goto(ext.ext_url("pages/interstitial.html"))
    page.get_by_role("button", name=msg("interstitial_lookAnyway")).click()
    expect(page.get_by_role("button", name=msg("interstitial_keep"))).to_be_focused()
    field = page.get_by_label(msg("interstitial_confirmLabel"))
    field.fill("just once")
    page.get_by_role("button", name=msg("interstitial_confirmGo")).click()
    expect(page.locator("#confirm-status")).to_contain_text(msg("interstitial_confirmPhrase"))
    assert page.url.endswith("pages/interstitial.html")
    field.fill(msg("interstitial_confirmPhrase"))
    page.get_by_role("button", name=msg("interstitial_confirmGo")).click()
    page.wait_for_url("**/pages/options.html")
