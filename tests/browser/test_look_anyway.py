"""Choosing "look anyway" on the interstitial leads into the reflection flow, for its person.

The interstitial's address names no one, yet the flow shows that person's name and note: a full
load carries the redirect rule's token, an in-app navigation the token the content script made.
Going ahead only schedules a look; after the waiting time and one more confirmation their page is
shown for one hour, their Unblock stays guarded, and then hiding comes back by itself.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from .devices import msg
from .harness import (
    ExtBrowser,
    add_through_options,
    interstitial_reached,
    options_section,
    short_pause,
    wait_for,
)
from .unblock import assert_press_opens_flow

HOUR_MS = 3600 * 1000
PROFILE = """<!doctype html><title>Profile / X</title><main role="main">
<div data-testid="UserName"><span>@abuser</span></div>
<button type="button" id="unblock" data-testid="1234567890-unblock">Blocked</button>
<a id="to-them" href="/abuser">their page</a></main>
<script>window.unblocked = [];
document.addEventListener("click", (e) => {
  if (e.target.closest("#unblock")) window.unblocked.push("x");
});</script>"""
HOME = """<!doctype html><title>Home / X</title><main role="main"><p id="home">home</p>
<a id="to-them" href="/abuser">their page</a></main>"""


@pytest.fixture
def listed(ext_clean: ExtBrowser) -> ExtBrowser:
    """A fresh browser with one person added on the options page, with a note, and X served."""
    ext = ext_clean
    options = ext.new_page()
    options.goto(ext.ext_url("pages/options.html"))
    note = "Every apology came before the next storm"
    assert add_through_options(options, "https://x.com/abuser", "Them", note) == msg(
        "options_added"
    )
    options.close()

    def rules() -> list:
        return ext.sw.evaluate("chrome.declarativeNetRequest.getDynamicRules()")

    wait_for(lambda: len(rules()) > 0)

    def answer(route):
        path = route.request.url.split("x.com", 1)[1]
        route.fulfill(
            status=200,
            content_type="text/html",
            body=PROFILE if path.startswith("/abuser") else HOME,
        )

    ext.context.route("https://x.com/**", answer)
    return ext


def look_anyway(ext: ExtBrowser, page: Page) -> None:
    """On the interstitial, choose "look anyway": the flow replaces it in the same tab."""
    page.get_by_role("button", name=msg("interstitial_lookAnyway")).click()
    page.wait_for_url("**/pages/reflection.html#*")


def what(key: str) -> str:
    return msg(key).replace("$NAME$", "Them").replace("$SITE$", "X (Twitter)")


def test_after_a_full_load_the_flow_knows_whom_the_page_stands_for(listed: ExtBrowser):
    ext = listed
    page = ext.new_page()
    page.goto("https://x.com/home")
    page.goto("https://x.com/abuser", wait_until="commit")
    url = interstitial_reached(ext, page)
    assert "abuser" not in url.lower() and "them" not in url.lower()
    look_anyway(ext, page)
    assert "abuser" not in page.url.lower()
    expect(page.locator("#reflect-what")).to_have_text(what("reflect_what_look_anyway"))
    expect(page.get_by_role("button", name=msg("reflect_keep")).first).to_be_focused()
    # Keeping the boundary leaves for where the user was before their profile.
    page.keyboard.press("Enter")
    expect(page.locator("#done")).to_have_text(msg("reflect_kept"))
    expect(page.get_by_role("button", name=msg("reflect_leave"))).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url("https://x.com/home")
    events = ext.storage_get(["doc.journal"])["doc.journal"]["events"].values()
    assert [(e["choice"], e["action"], e["site"]) for e in events] == [("kept", "look_anyway", "x")]


def test_after_in_app_navigation_the_flow_knows_too(listed: ExtBrowser):
    ext = listed
    page = ext.new_page()
    page.goto("https://x.com/home")
    page.evaluate(
        "history.pushState({}, '', '/abuser'); dispatchEvent(new PopStateEvent('popstate'))"
    )
    url = interstitial_reached(ext, page)
    assert "abuser" not in url.lower()
    look_anyway(ext, page)
    expect(page.locator("#reflect-what")).to_have_text(what("reflect_what_look_anyway"))


def test_an_interstitial_that_knows_no_one_starts_nothing(listed: ExtBrowser):
    ext = listed
    page = ext.new_page()
    page.goto(ext.ext_url("pages/interstitial.html#0123456789abcdef01234567"))
    page.get_by_role("button", name=msg("interstitial_lookAnyway")).click()
    expect(page.locator("#status")).to_have_text(msg("interstitial_unknown"))
    expect(page.get_by_role("link", name=msg("interstitial_toList"))).to_be_visible()
    assert page.url.endswith("interstitial.html#0123456789abcdef01234567")


def test_a_scheduled_look_waits_then_shows_them_for_one_hour_only(listed: ExtBrowser):
    ext = listed
    short_pause(ext)  # three flows: the pause itself is test_reflection.py's
    page = ext.new_page()
    page.goto("https://x.com/abuser", wait_until="commit")
    interstitial_reached(ext, page)
    look_anyway(ext, page)
    expect(page.get_by_role("heading", name=msg("reflect_question"))).to_be_visible(timeout=15000)
    page.get_by_label(msg("reflect_motiveChanged")).check()
    expect(page.locator("#note")).to_have_text("Every apology came before the next storm")
    page.get_by_role("button", name="I still want this: do it in 24 hours").click()
    expect(page.locator("#done")).to_contain_text("Scheduled")

    # Asking again does not start a second wait: the flow says when the first one ends.
    page.goto("https://x.com/abuser", wait_until="commit")
    interstitial_reached(ext, page)
    look_anyway(ext, page)
    expect(page.get_by_role("heading", name=msg("reflect_question"))).to_be_visible(timeout=15000)
    page.get_by_label(msg("reflect_motiveGuilt")).check()
    expect(page.locator("#waiting")).to_be_visible()
    expect(page.get_by_role("button", name="I still want this: do it in 24 hours")).to_be_hidden()

    # Nothing changed meanwhile: their page is still replaced.
    page.goto("https://x.com/abuser", wait_until="commit")
    interstitial_reached(ext, page)

    # A day later the toolbar says a change is ready; the options page asks once more.
    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {25 * HOUR_MS}}})")
    ext.sw.evaluate("chrome.alarms.create('pending-due', { when: Date.now() })")
    wait_for(lambda: ext.sw.evaluate("chrome.action.getBadgeText({})") == "1")
    popup = ext.new_page()
    popup.goto(ext.ext_url("pages/popup.html"))
    expect(popup.get_by_text(msg("popup_due"))).to_be_visible()
    popup.close()
    # Reaching for it again now: the flow says its time has come, and where to confirm it.
    page.goto("https://x.com/abuser", wait_until="commit")
    interstitial_reached(ext, page)
    look_anyway(ext, page)
    expect(page.get_by_role("heading", name=msg("reflect_question"))).to_be_visible(timeout=15000)
    page.get_by_label(msg("reflect_motiveOther")).check()
    expect(page.locator("#waiting-text")).to_have_text(msg("reflect_alreadyDue"))
    expect(page.get_by_role("link", name=msg("popup_openPending"))).to_be_visible()
    options = ext.new_page()
    options_section(ext, options, "waiting")
    expect(options.get_by_text(what("options_pending_look_anyway"), exact=False)).to_be_visible()
    options.get_by_role("button", name=msg("options_pendingApply")).click()
    dialog = options.get_by_role("dialog")
    dialog.get_by_role("textbox").fill(msg("confirm_phrase"))
    dialog.get_by_role("button", name=msg("confirm_go")).click()
    expect(options.locator("#pending-status")).to_contain_text(
        "Them is not hidden on X (Twitter), so you can look. Their Unblock there stays guarded."
    )
    wait_for(lambda: ext.sw.evaluate("chrome.declarativeNetRequest.getDynamicRules()") == [])

    # For the hour: their page loads, but X's own Unblock for them is still guarded.
    page.goto("https://x.com/abuser")
    assert page.url == "https://x.com/abuser"
    assert_press_opens_flow(ext, page, "#unblock", "mouse", "Them", "x")

    # "Hide them again now" on the options page ends it at once: their page, still open in the
    # other tab, gives way to the interstitial by itself, and a new load is redirected again.
    expect(options.get_by_text("Them is visible on X (Twitter) until", exact=False)).to_be_visible()
    options.get_by_role("button", name="Hide Them again now on X (Twitter)").click()
    interstitial_reached(ext, page)
    wait_for(lambda: len(ext.sw.evaluate("chrome.declarativeNetRequest.getDynamicRules()")) > 0)
    page.goto("https://x.com/abuser", wait_until="commit")
    interstitial_reached(ext, page)
    choices = sorted(
        e["choice"] for e in ext.storage_get(["doc.journal"])["doc.journal"]["events"].values()
    )
    assert choices == ["applied", "scheduled"]


def test_the_hour_ends_by_itself(listed: ExtBrowser):
    ext = listed
    ext.sw.evaluate(
        """async () => {
          const doc = (await chrome.storage.local.get("doc.blocklist"))["doc.blocklist"];
          const person = Object.keys(doc.people)[0];
          const until = Date.now() + 3600 * 1000;
          const exception = { person, platform: "x", kind: "look_anyway", until };
          await chrome.storage.local.set({ exceptions: [exception] });
        }"""
    )
    wait_for(lambda: ext.sw.evaluate("chrome.declarativeNetRequest.getDynamicRules()") == [])
    alarm = ext.sw.evaluate("chrome.alarms.get('exception-ends')")
    assert alarm and alarm["scheduledTime"] > 0
    # An hour and a minute later (the test moves the extension's clock and wakes the alarm).
    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {61 * 60 * 1000}}})")
    ext.sw.evaluate("chrome.alarms.create('exception-ends', { when: Date.now() })")
    wait_for(
        lambda: len(ext.sw.evaluate("chrome.declarativeNetRequest.getDynamicRules()")) > 0,
        timeout=10,
    )
    page = ext.new_page()
    page.goto("https://x.com/abuser", wait_until="commit")
    interstitial_reached(ext, page)
