"""What only Firefox does: its background is an event page that sleeps when idle and starts again
for the next event; it forgets alarms when it quits; each profile gives the extension an origin with
a random UUID; and a Firefox device can join a sync that began in Chromium.

Everything else runs on both engines in the other modules (NC_ENGINES).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, expect

from ..support.live_server import LiveServer
from .devices import Device, copy_with_local_server, msg
from .harness import (
    ENGINES,
    ExtBrowser,
    add_through_options,
    open_fixture,
    visible_markers,
    wait_for,
)

pytestmark = pytest.mark.skipif(
    "firefox" not in ENGINES, reason="Firefox-only behaviour; NC_ENGINES leaves Firefox out"
)

HOUR_MS = 3600 * 1000
# Firefox puts an idle event page to sleep after this long (30 s by default; short here).
IDLE_MS = 1000
TIMELINE = "x/timeline.html"
# Listed by their handle alone: every item of theirs on the timeline is hidden and everyone else's
# shown, except the one cell that names them only by their numeric id (not listed here).
BY_HANDLE_ONLY = ({"x-usercell-by-id"}, set())


def handles(ext: ExtBrowser) -> list[str]:
    """The X handles the content scripts hide."""
    index = ext.storage_get(["matchIndex"]).get("matchIndex") or {"platforms": {}}
    return index["platforms"].get("x", {}).get("handles", [])


def test_the_event_page_wakes_for_the_user_after_it_went_idle(playwright: Playwright):
    with tempfile.TemporaryDirectory(prefix="nc-firefox-") as profile:
        ext = ExtBrowser(
            playwright,
            profile,
            engine="firefox",
            firefox_prefs={"extensions.background.idle.timeout": IDLE_MS},
        )
        try:
            # A mark on the background's global: gone once Firefox has unloaded the page.
            ext.in_background("(g) => { g.__ncTestMark = true; }")
            # The harness's own extension tab keeps nothing alive: close it and wait well past idle.
            ext.sw.host().close()
            time.sleep(IDLE_MS * 4 / 1000)
            # The user adds someone: the options page's message wakes the background, which does it.
            page = ext.new_page()
            page.goto(ext.ext_url("pages/options.html"))
            assert add_through_options(page, "https://x.com/abuser", "Them") == msg("options_added")
            assert ext.in_background("(g) => g.__ncTestMark === undefined"), (
                "the background never went to sleep, so this test proved nothing"
            )
            wait_for(lambda: handles(ext) == ["abuser"])
            # And hiding, which runs in the page from the index, goes on while it sleeps again.
            ext.sw.host().close()
            time.sleep(IDLE_MS * 4 / 1000)
            feed = ext.new_page()
            open_fixture(ext, feed, "https://x.com/home", TIMELINE)
            assert visible_markers(feed) == BY_HANDLE_ONLY
        finally:
            ext.close()


def test_the_list_a_waiting_change_and_its_alarm_survive_a_restart(playwright: Playwright):
    with tempfile.TemporaryDirectory(prefix="nc-firefox-") as profile:
        ext = ExtBrowser(playwright, profile, engine="firefox")
        try:
            origin = ext.origin
            page = ext.new_page()
            page.goto(ext.ext_url("pages/options.html"))
            assert add_through_options(page, "https://x.com/abuser", "Them") == msg("options_added")
            # The user asks to take them off: it waits the cooling-off (24 h).
            page.evaluate(
                """async () => {
                  const { people } = await chrome.runtime.sendMessage({ type: "list.get" });
                  const action = { type: "remove_person", person: people[0].id };
                  await chrome.storage.session.set({ "reflect.restart": { action } });
                  return chrome.runtime.sendMessage({ type: "reflect.schedule", id: "restart" });
                }"""
            )
            waiting = page.evaluate('chrome.runtime.sendMessage({ type: "pending.list" })')
            assert len(waiting["pending"]) == 1
        finally:
            ext.close()

        # Firefox quits and starts again on the same profile: it keeps no alarm of its own.
        again = ExtBrowser(playwright, profile, engine="firefox")
        try:
            assert again.origin == origin
            assert handles(again) == ["abuser"]
            page = again.new_page()
            page.goto(again.ext_url("pages/options.html"))
            after = page.evaluate('chrome.runtime.sendMessage({ type: "pending.list" })')
            assert [p["id"] for p in after["pending"]] == [p["id"] for p in waiting["pending"]]
            # The background set its alarms again at startup: the waiting change's moment (so the
            # toolbar says when it is due) and the sync rounds.
            alarms = wait_for(
                lambda: (
                    {a["name"]: a for a in page.evaluate("chrome.alarms.getAll()")}
                    if len(page.evaluate("chrome.alarms.getAll()")) >= 2
                    else None
                )
            )
            due = after["pending"][0]["effectiveAt"]
            toolbar = [a for a in alarms.values() if a.get("scheduledTime")]
            assert any(abs(a["scheduledTime"] - due) < 60_000 for a in toolbar), alarms
            assert "nc-sync" in alarms
            # A day later (the extension's test clock) the change is due, and confirming it works.
            again.in_background(
                "(g, ms) => g.chrome.storage.session.set({ testClockOffsetMs: ms })", 25 * HOUR_MS
            )
            applied = page.evaluate(
                "(id) => chrome.runtime.sendMessage({type: 'pending.apply', id, confirmed: true})",
                after["pending"][0]["id"],
            )
            assert applied.get("ok") is not False, applied
            wait_for(lambda: handles(again) == [])
        finally:
            again.close()


def test_each_profile_gives_the_extension_its_own_random_origin(playwright: Playwright):
    origins = []
    for _ in range(2):
        with tempfile.TemporaryDirectory(prefix="nc-firefox-") as profile:
            ext = ExtBrowser(playwright, profile, engine="firefox")
            try:
                origins.append(ext.origin)
                page = ext.new_page()
                page.goto(ext.ext_url("pages/options.html"))
                assert page.evaluate("location.origin") == ext.origin
            finally:
                ext.close()
    assert all(o.startswith("moz-extension://") for o in origins)
    assert origins[0] != origins[1]


def test_firefox_joins_a_sync_begun_in_chromium_and_hides_the_person(
    playwright: Playwright, tmp_path: Path
):
    if "chromium" not in ENGINES:
        pytest.skip("needs both engines")
    extension = copy_with_local_server(tmp_path)
    with LiveServer(f"sqlite:///{tmp_path / 'sync.db'}") as live:
        chromium = Device(playwright, extension)
        firefox = Device(playwright, extension, engine="firefox")
        try:
            code, passphrase = chromium.turn_on(live.url)
            chromium.add("https://x.com/abuser", "Them")
            assert chromium.sync_now()["error"] is None
            # Firefox's random moz-extension:// origin is let through by the service (CORS).
            page = firefox.join(live.url, code, passphrase)
            expect(page.locator("#status-text")).to_have_text(msg("sync_statusOn"), timeout=30000)
            wait_for(lambda: firefox.handles() == ["abuser"], timeout=30)
            feed = firefox.ext.new_page()
            open_fixture(firefox.ext, feed, "https://x.com/home", TIMELINE)
            assert visible_markers(feed) == BY_HANDLE_ONLY
            # Firefox adds someone; Chromium's next round has them.
            firefox.add("https://x.com/second_one", "Second")
            assert firefox.sync_now()["error"] is None
            assert chromium.sync_now()["error"] is None
            assert sorted(chromium.handles()) == ["abuser", "second_one"]
        finally:
            firefox.close()
            chromium.close()
