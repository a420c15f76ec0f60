"""The reflection flow end to end.

Keep changes nothing and is recorded; going ahead only schedules; the change waits out the
cooling-off (the test moves the extension's clock), asks once more, and can be cancelled.
"""

from __future__ import annotations

import contextlib
import json

import pytest
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import Page, expect

from .devices import msg
from .harness import (
    ExtBrowser,
    add_through_options,
    open_person,
    options_section,
    short_pause,
    wait_for,
)

HOUR_MS = 3600 * 1000


@pytest.fixture
def listed(ext_clean: ExtBrowser) -> tuple[ExtBrowser, Page]:
    """A fresh browser with one person added (with a note) on the options page."""
    ext = ext_clean
    page = ext.new_page()
    page.goto(ext.ext_url("pages/options.html"))
    note = "I was always walking on eggshells"
    assert add_through_options(page, "https://x.com/abuser", "Them", note) == msg("options_added")
    return ext, page


def open_flow(ext: ExtBrowser, options: Page) -> Page:
    """Click "Remove" for the person and return the flow's tab."""
    open_person(options, "Them")
    with ext.context.expect_page() as opened:
        options.get_by_role("button", name="Remove from my list: Them").click()
    flow = opened.value
    flow.wait_for_load_state()
    return flow


def journal(ext: ExtBrowser) -> list[dict]:
    """Return the journal's events, oldest first."""
    doc = ext.storage_get(["doc.journal"]).get("doc.journal") or {"events": {}}
    return sorted(doc["events"].values(), key=lambda e: e["at"])


def handles(ext: ExtBrowser) -> list[str]:
    """Return the X handles being hidden."""
    return ext.storage_get(["matchIndex"])["matchIndex"]["platforms"]["x"]["handles"]


def test_keep_my_boundary_is_first_changes_nothing_and_is_recorded(listed):
    ext, options = listed
    flow = open_flow(ext, options)
    assert "abuser" not in flow.url and "Them" not in flow.url
    expect(flow.get_by_role("button", name=msg("reflect_keep")).first).to_be_focused()
    flow.keyboard.press("Enter")
    expect(flow.locator("#done")).to_have_text(msg("reflect_kept"))
    assert handles(ext) == ["abuser"]
    events = journal(ext)
    assert [(e["choice"], e["action"]) for e in events] == [("kept", "remove_person")]
    stored = json.dumps(ext.storage_get(["doc.journal"])).lower()
    assert "abuser" not in stored and "them" not in stored and "eggshells" not in stored
    expect(options.locator("#journal-summary")).to_have_text(
        "You have chosen your boundary 1 time so far."
    )


def test_going_ahead_schedules_after_the_pause_and_waits_out_the_cooling_off(listed):
    ext, options = listed
    flow = open_flow(ext, options)
    # The pause starts over when the user looks away.
    flow.wait_for_timeout(2500)
    flow.evaluate("window.dispatchEvent(new Event('blur'))")
    expect(flow.locator("#pause-text")).to_contain_text("10")
    expect(flow.get_by_role("heading", name=msg("reflect_question"))).to_be_visible(timeout=15000)
    flow.get_by_label(msg("reflect_motiveChanged")).check()
    expect(flow.locator("#reframe")).to_have_text(msg("reflect_reframeChanged"))
    expect(flow.locator("#note")).to_have_text("I was always walking on eggshells")
    flow.get_by_role("button", name="I still want this: do it in 24 hours").click()
    expect(flow.locator("#done")).to_contain_text("Scheduled")

    # Nothing has changed: they are still hidden, and the change cannot be applied early.
    assert handles(ext) == ["abuser"]
    options_section(ext, options, "waiting")
    expect(options.get_by_text("Take Them off the list", exact=False)).to_be_visible()
    expect(options.get_by_role("button", name=msg("options_pendingApply"))).to_have_count(0)
    early = options.evaluate(
        """async () => {
          const { pending } = await chrome.runtime.sendMessage({ type: "pending.list" });
          const id = pending[0].id;
          return chrome.runtime.sendMessage({ type: "pending.apply", id, confirmed: true });
        }"""
    )
    assert early == {"ok": False, "error": "reflect_notYet"}

    # A day later (the test moves the extension's clock) it asks once more, then applies.
    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {25 * HOUR_MS}}})")
    options_section(ext, options, "waiting")
    options.get_by_role("button", name=msg("options_pendingApply")).click()
    dialog = options.get_by_role("dialog")
    expect(dialog.get_by_role("button", name=msg("confirm_keep"))).to_be_focused()
    dialog.get_by_role("textbox").fill(msg("confirm_phrase"))
    dialog.get_by_role("button", name=msg("confirm_go")).click()
    wait_for(lambda: handles(ext) == [])
    assert [e["choice"] for e in journal(ext)] == ["scheduled", "applied"]
    assert journal(ext)[0]["motive"] == "changed"


def test_a_scheduled_change_can_be_cancelled_at_any_time(listed):
    ext, options = listed
    # Schedule through the background directly (the flow page's pause is covered above).
    options.evaluate(
        """async () => {
          const { people } = await chrome.runtime.sendMessage({ type: "list.get" });
          const action = { type: "remove_person", person: people[0].id };
          await chrome.storage.session.set({ "reflect.testrequest": { action } });
          const message = { type: "reflect.schedule", id: "testrequest", motive: "guilt" };
          return chrome.runtime.sendMessage(message);
        }"""
    )
    options_section(ext, options, "waiting")
    options.get_by_role("button", name=msg("options_pendingCancel")).click()
    expect(options.locator("#pending-none")).to_be_visible()
    ext.sw.evaluate(f"chrome.storage.session.set({{testClockOffsetMs: {48 * HOUR_MS}}})")
    assert handles(ext) == ["abuser"]
    assert [e["choice"] for e in journal(ext)] == ["scheduled", "cancelled"]
    options_section(ext, options, "record")
    options.get_by_role("button", name=msg("options_journalClear")).click()
    expect(options.locator("#journal-status")).to_have_text(msg("options_journalCleared"))
    assert journal(ext) == []


def test_lowering_the_waiting_time_goes_through_the_flow_raising_is_instant(listed):
    ext, options = listed
    options_section(ext, options, "plan")
    options.get_by_label(msg("options_coolingLabel")).select_option("72")
    options.locator("#settings-form").get_by_role(
        "button", name=msg("options_saveSettings")
    ).click()
    expect(options.locator("#settings-status")).to_have_text(msg("options_settingsSaved"))
    with ext.context.expect_page() as opened:
        options.get_by_label(msg("options_coolingLabel")).select_option("1")
        options.locator("#settings-form").get_by_role(
            "button", name=msg("options_saveSettings")
        ).click()
    opened.value.wait_for_url(lambda url: "reflection.html#" in url)
    settings = ext.storage_get(["doc.settings"])["doc.settings"]
    assert settings["values"]["cooling_off_hours"]["value"] == 72


def test_after_the_first_person_the_user_is_invited_to_set_the_wait_and_a_plan(listed):
    ext, options = listed
    expect(options.locator("#setup-invite")).to_be_visible()
    options.get_by_role("link", name=msg("options_setupInviteLink")).click()
    expect(options.get_by_role("heading", name=msg("options_settingsHeading"))).to_be_focused()
    options.get_by_label(msg("options_planLabel")).fill("call my sister and read my note")
    options.locator("#settings-form").get_by_role(
        "button", name=msg("options_saveSettings")
    ).click()
    expect(options.locator("#settings-status")).to_have_text(msg("options_settingsSaved"))
    settings = ext.storage_get(["doc.settings"])["doc.settings"]
    assert settings["values"]["if_then_plan"]["value"] == "call my sister and read my note"
    assert settings["values"]["cooling_off_hours"]["value"] == 24


def test_the_whole_flow_works_with_the_keyboard_alone(listed):
    ext, options = listed
    short_pause(ext)  # the real pause: test_going_ahead_schedules_after_the_pause_...
    flow = open_flow(ext, options)
    expect(flow.get_by_role("button", name=msg("reflect_keep")).first).to_be_focused()
    expect(flow.get_by_role("heading", name=msg("reflect_question"))).to_be_visible(timeout=15000)
    flow.keyboard.press("Tab")  # into the answers
    flow.keyboard.press("ArrowDown")  # the second answer: "they may have changed"
    expect(flow.get_by_label(msg("reflect_motiveChanged"))).to_be_checked()
    expect(flow.locator("#reframe")).to_have_text(msg("reflect_reframeChanged"))
    flow.keyboard.press("Tab")  # the free-text field
    flow.keyboard.press("Tab")
    expect(flow.locator("#keep-again")).to_be_focused()  # keeping comes first here too
    flow.keyboard.press("Tab")
    expect(flow.locator("#schedule")).to_be_focused()
    flow.keyboard.press("Enter")
    expect(flow.locator("#done")).to_contain_text("Scheduled")
    expect(flow.get_by_role("button", name=msg("reflect_leave"))).to_be_focused()
    assert [e["choice"] for e in journal(ext)] == ["scheduled"]
    # Enter leaves: the tab was opened for the flow alone, so it closes. It may close while the
    # key is still going down or up (Chromium on key down, Firefox on either, a race), so a
    # closed tab answering the key is not an error; the tab being gone is what is checked.
    with contextlib.suppress(PlaywrightError):
        flow.keyboard.press("Enter")
    wait_for(lambda: flow.is_closed(), page=options)


WEAKENING = [
    (
        "remove_account",
        lambda page: (
            open_person(page, "Them"),
            page.get_by_role("button", name="Remove @abuser on X (Twitter)").click(),
        ),
    ),
    ("site_off", lambda page: page.get_by_label("X (Twitter)", exact=True).click()),
    ("pause_all", lambda page: page.get_by_label(msg("options_pausedLabel")).click()),
]


@pytest.mark.parametrize(("action", "act"), WEAKENING, ids=[w[0] for w in WEAKENING])
def test_every_weakening_control_opens_the_flow_and_changes_nothing(listed, action, act):
    ext, options = listed
    if action != "remove_account":
        options_section(ext, options, "sites")
    with ext.context.expect_page() as opened:
        act(options)
    flow = opened.value
    flow.wait_for_load_state()
    expected = (
        msg(f"reflect_what_{action}").replace("$NAME$", "Them").replace("$SITE$", "X (Twitter)")
    )
    expect(flow.locator("#reflect-what")).to_have_text(expected)
    index = ext.storage_get(["matchIndex"])["matchIndex"]
    assert index["paused"] is False
    assert index["platforms"]["x"] == {
        "enabled": True,
        "handles": ["abuser"],
        "ids": [],
        "guardHandles": [],
        "guardIds": [],
        "sealHandles": [],
        "sealIds": [],
    }
    options_section(ext, options, "sites")
    expect(options.get_by_label("X (Twitter)", exact=True)).to_be_checked()
    expect(options.get_by_label(msg("options_pausedLabel"))).not_to_be_checked()


def test_a_kept_moment_shows_in_this_weeks_bar(listed):
    ext, options = listed
    flow = open_flow(ext, options)
    flow.keyboard.press("Enter")
    expect(options.locator("#journal-weeks li").last).to_have_text("This week: 1 moment")
    expect(options.locator("#journal-weeks li")).to_have_count(8)
