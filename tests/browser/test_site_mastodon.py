"""Mastodon: what only Mastodon does. The user adds each instance (the extension asks for that
one host and registers its content scripts there), removing one goes through the flow, statuses are
streamed and re-rendered in place, and its own Unblock is guarded. The contract every site keeps is
tests/fixtures/mastodon/contract.json. The person lives on mastodon.social: local there (/@abuser),
remote on fosstodon.org (/@abuser@mastodon.social), where a local /@abuser is someone else.
"""

from __future__ import annotations

import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright, expect

from . import harness
from .harness import (
    ExtBrowser,
    add_instance_through_options,
    instances_browser,
    open_fixture,
    options_section,
    visible_markers,
    wait_frames,
)
from .sites_common import assert_burst_hidden
from .unblock import (
    assert_press_opens_flow,
    assert_press_reaches_site,
    end_exceptions,
    grant_exception,
)

PEOPLE = [
    {"label": "them", "accounts": [{"platform": "mastodon", "handle": "abuser@mastodon.social"}]}
]
INSTANCES = ["mastodon.social", "fosstodon.org"]
LOCAL = "mastodon/home.html"
REMOTE = "mastodon/remote.html"
MESSAGES = json.loads((harness.EXTENSION_DIR / "_locales/en/messages.json").read_text())


@pytest.fixture(scope="module")
def ext(playwright: Playwright, engine: str) -> Iterator[ExtBrowser]:
    """One browser whose user added both instances (typed as a profile link and as a handle)."""
    with tempfile.TemporaryDirectory(prefix="nc-mastodon-") as tmp:
        typed = ["https://mastodon.social/@abuser", "@friend@fosstodon.org"]
        browser = instances_browser(playwright, Path(tmp), INSTANCES, typed, engine=engine)
        try:
            browser.seed(PEOPLE)
            yield browser
        finally:
            browser.close()


def test_instances_are_stored_and_registered(ext: ExtBrowser):
    assert ext.storage_get(["mastodonInstances"])["mastodonInstances"] == INSTANCES
    scripts = ext.sw.evaluate("chrome.scripting.getRegisteredContentScripts()")
    assert [s["id"] for s in scripts] == ["nc-mastodon"]
    assert sorted(scripts[0]["matches"]) == sorted(f"https://{h}/*" for h in INSTANCES)
    assert scripts[0]["persistAcrossSessions"] is True


@pytest.mark.parametrize("typed", ["not an instance", "https://", "@user@", "localhost"])
def test_what_is_no_instance_gets_a_clear_error(ext: ExtBrowser, ext_page: Page, typed: str):
    options_section(ext, ext_page, "sites")
    assert (
        add_instance_through_options(ext_page, typed)
        == MESSAGES["options_instanceInvalid"]["message"]
    )
    field = ext_page.get_by_label("Server address")
    assert field.input_value() == typed, "what the user typed is kept"
    assert field.get_attribute("aria-invalid") == "true"
    assert ext.storage_get(["mastodonInstances"])["mastodonInstances"] == INSTANCES


def test_the_section_lists_the_added_instances(ext: ExtBrowser, ext_page: Page):
    options_section(ext, ext_page, "sites")
    for host in INSTANCES:
        ext_page.get_by_role("button", name=f"Remove {host}").wait_for()


def test_streamed_and_re_rendered_statuses_are_hidden_before_paint(ext: ExtBrowser, ext_page: Page):
    open_fixture(ext, ext_page, "https://mastodon.social/home", LOCAL)
    assert_burst_hidden(ext, ext_page, "fixture.status('/@abuser', 'data-test-person=m-burst')")
    # The unrendered article scrolls into view and its status is theirs.
    ext_page.evaluate("fixture.render('/@abuser')")
    wait_frames(ext_page, 2)
    display = ext_page.evaluate(
        "getComputedStyle(document.querySelector('[data-test-keep=m-unrendered]')).display"
    )
    assert display == "none"


def test_on_the_blocks_page_their_unblock_opens_the_flow_and_others_work(
    ext: ExtBrowser, ext_page: Page
):
    open_fixture(ext, ext_page, "https://mastodon.social/blocks", "mastodon/blocks.html")
    assert visible_markers(ext_page) == (set(), set()), "their row is hidden"
    assert_press_opens_flow(ext, ext_page, '[data-record="abuser"]', "script", "them", "mastodon")
    assert_press_reaches_site(ext_page, '[data-record="spammer"]', "spammer")


def test_during_a_look_their_profile_unblock_stays_guarded(ext: ExtBrowser, ext_page: Page):
    grant_exception(ext, "mastodon", "look_anyway")
    try:
        open_fixture(
            ext, ext_page, "https://mastodon.social/@abuser", "unblock/mastodon-profile.html"
        )
        assert ext_page.url == "https://mastodon.social/@abuser"
        assert_press_opens_flow(ext, ext_page, "#unblock", "keyboard", "them", "mastodon")
        open_fixture(
            ext, ext_page, "https://mastodon.social/@someone", "unblock/mastodon-profile.html"
        )
        assert_press_reaches_site(ext_page, "#unblock", "someone")
    finally:
        end_exceptions(ext)


def test_removing_an_instance_goes_through_the_flow_and_keeps_it(ext: ExtBrowser, ext_page: Page):
    options_section(ext, ext_page, "sites")
    with ext.context.expect_page() as opened:
        ext_page.get_by_role("button", name="Remove fosstodon.org").click()
    flow = opened.value
    flow.wait_for_load_state()
    expected = MESSAGES["reflect_what_remove_instance"]["message"].replace(
        "$HOST$", "fosstodon.org"
    )
    expect(flow.locator("#reflect-what")).to_have_text(expected)
    flow.close()
    assert ext.storage_get(["mastodonInstances"])["mastodonInstances"] == INSTANCES
    scripts = ext.sw.evaluate("chrome.scripting.getRegisteredContentScripts()")
    assert sorted(scripts[0]["matches"]) == sorted(f"https://{h}/*" for h in INSTANCES)


def test_a_removed_instance_is_left_alone(ext: ExtBrowser, ext_page: Page):
    # Scheduled (the flow's pause is covered in test_reflection.py), then applied a day later.
    options_section(ext, ext_page, "sites")
    scheduled = ext_page.evaluate(
        """async () => {
          const action = { type: "remove_instance", host: "fosstodon.org" };
          await chrome.storage.session.set({ "reflect.instance": { action } });
          const message = { type: "reflect.schedule", id: "instance", motive: "other" };
          return chrome.runtime.sendMessage(message);
        }"""
    )
    assert scheduled["ok"] is True
    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {25 * 3600 * 1000}}})")
    try:
        applied = ext_page.evaluate(
            """async () => {
              const { pending } = await chrome.runtime.sendMessage({ type: "pending.list" });
              const message = { type: "pending.apply", id: pending[0].id, confirmed: true };
              return chrome.runtime.sendMessage(message);
            }"""
        )
    finally:
        ext.sw.evaluate("chrome.storage.session.remove('testClockOffsetMs')")
    assert applied == {"ok": True}
    assert ext.storage_get(["mastodonInstances"])["mastodonInstances"] == ["mastodon.social"]
    scripts = ext.sw.evaluate("chrome.scripting.getRegisteredContentScripts()")
    assert scripts[0]["matches"] == ["https://mastodon.social/*"]
    open_fixture(ext, ext_page, "https://fosstodon.org/home", REMOTE)
    shown, _ = visible_markers(ext_page)
    assert "m-remote-post" in shown
