"""Sync end to end: two Chromium profiles (two devices) and the real service on a temp database.

The extension is a copy whose manifest grants http://127.0.0.1/* at install, because automation
cannot answer the browser's permission prompt; the page still calls permissions.request, which then
resolves at once, and everything after it is the real code.
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, Playwright, expect

from ..support.live_server import LiveServer
from . import harness
from .harness import ExtBrowser, open_fixture, visible_markers, wait_for

MESSAGES = json.loads((harness.ROOT / "extension/_locales/en/messages.json").read_text())
SECRETS = ["Rowan Blackwood", "abuser", "He promised every time", "quiet_harbor_22"]


def msg(key: str) -> str:
    """Return an English message."""
    return MESSAGES[key]["message"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:
    """The real service under gunicorn on a free port and a temp SQLite file."""
    db = tmp_path_factory.mktemp("sync-db") / "sync.db"
    with LiveServer(f"sqlite:///{db}", workers=2) as live:
        yield live, db


@pytest.fixture(scope="module")
def extension_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extension with the local server's host granted at install."""
    copy = tmp_path_factory.mktemp("ext") / "extension"
    shutil.copytree(harness.EXTENSION_DIR, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["host_permissions"] = [*manifest["host_permissions"], "http://127.0.0.1/*"]
    (copy / "manifest.json").write_text(json.dumps(manifest))
    return copy


class Device:
    """One browser profile with the extension, and every request it made."""

    def __init__(self, playwright: Playwright, extension: Path) -> None:
        self.profile = tempfile.mkdtemp(prefix="nc-device-")
        original = harness.EXTENSION_DIR
        harness.EXTENSION_DIR = extension
        try:
            self.ext = ExtBrowser(playwright, self.profile)
        finally:
            harness.EXTENSION_DIR = original
        self.requests: list[str] = []
        self.ext.context.on("request", lambda request: self.requests.append(request.url))
        self.ext.sw  # start the background before the first page  # noqa: B018

    def page(self, path: str) -> Page:
        """Open an extension page."""
        page = self.ext.new_page()
        page.goto(self.ext.ext_url(path))
        return page

    def turn_on(self, server_url: str) -> tuple[str, str]:
        """Turn sync on with a suggested passphrase on the sync page; return (code, passphrase)."""
        page = self.page("pages/sync.html")
        page.get_by_label(msg("sync_serverField")).first.fill(server_url)
        page.get_by_role("button", name=msg("sync_suggest")).click()
        passphrase = page.locator("#setup-passphrase").input_value()
        page.get_by_role("button", name=msg("sync_turnOn")).click()
        expect(page.locator("#sync-code")).not_to_be_empty(timeout=20000)
        expect(page.locator("#sheet-text")).to_contain_text(page.locator("#sync-code").inner_text())
        return page.locator("#sync-code").inner_text(), passphrase

    def join(self, server_url: str, code: str, passphrase: str) -> Page:
        """Fill the join form and submit it; return the page."""
        page = self.page("pages/sync.html")
        page.locator("#join-server").fill(server_url)
        page.get_by_label(msg("sync_codeField")).fill(code)
        page.locator("#join-passphrase").fill(passphrase)
        page.get_by_role("button", name=msg("sync_join"), exact=True).click()
        return page

    def add(self, link: str, name: str, note: str = "") -> None:
        """Add a person on the options page."""
        page = self.page("pages/options.html")
        page.get_by_label(msg("options_addLabel")).fill(link)
        page.locator("#add-name").fill(name)
        page.locator("#add-note").fill(note)
        page.get_by_role("button", name=msg("options_addButton")).click()
        expect(page.locator("#add-status")).to_have_text(msg("options_added"))
        page.close()

    def sync_now(self) -> dict:
        """Press "Sync now" and return the stored status once the round has finished."""
        before = (self.ext.storage_get(["sync"]).get("sync") or {}).get("status") or {}
        page = self.page("pages/sync.html")
        page.get_by_role("button", name=msg("sync_now")).click()
        status = wait_for(
            lambda: (
                (s := self.ext.storage_get(["sync"])["sync"]["status"])
                and s.get("lastAttempt", 0) > before.get("lastAttempt", 0)
                and s
            ),
            timeout=20,
        )
        page.close()
        return status

    def handles(self) -> list[str]:
        """Return the X handles content scripts hide."""
        index = self.ext.storage_get(["matchIndex"]).get("matchIndex") or {}
        return index.get("platforms", {}).get("x", {}).get("handles", [])

    def close(self) -> None:
        """Close the browser and drop its profile."""
        self.ext.close()
        shutil.rmtree(self.profile, ignore_errors=True)


@pytest.fixture
def devices(playwright: Playwright, extension_copy: Path) -> Iterator[tuple[Device, Device]]:
    """Device A and device B, fresh."""
    a, b = Device(playwright, extension_copy), Device(playwright, extension_copy)
    try:
        yield a, b
    finally:
        a.close()
        b.close()


def test_add_on_a_is_hidden_on_b_and_the_server_learns_nothing(server, devices):
    live, db = server
    a, b = devices
    code, passphrase = a.turn_on(live.url)
    joined = b.join(live.url, code, passphrase)
    expect(joined.locator("#status-text")).to_have_text(msg("sync_statusOn"), timeout=20000)

    started = time.monotonic()
    a.add("https://x.com/abuser", "Rowan Blackwood", "He promised every time")
    # A pushes on its own shortly after the change (debounced); B pulls when asked here (in use:
    # on its 30 s alarm or when one of its pages opens).
    wait_for(lambda: a.ext.storage_get(["sync"])["sync"]["versions"].get("blocklist", 0) > 0, 10)
    assert b.sync_now()["error"] is None
    assert "abuser" in b.handles()
    elapsed = time.monotonic() - started
    print(f"\nadd on A -> hidden on B (B syncing on demand): {elapsed:.1f} s")

    page = b.ext.new_page()
    open_fixture(b.ext, page, "https://x.com/home", "x/timeline.html")
    shown, hidden = visible_markers(page)
    assert shown == {"x-usercell-by-id"} and hidden == set()

    raw = b"".join(p.read_bytes() for p in db.parent.glob("sync.db*"))
    for secret in SECRETS:
        assert secret.encode() not in raw, secret
    for device in (a, b):
        foreign = [
            url
            for url in device.requests
            if not url.startswith((live.url, "chrome-extension://", "https://x.com/"))
        ]
        assert foreign == [], foreign


def test_concurrent_edits_on_both_devices_survive(server, devices):
    live, _ = server
    a, b = devices
    code, passphrase = a.turn_on(live.url)
    a.add("https://x.com/abuser", "First")
    a.sync_now()
    expect(b.join(live.url, code, passphrase).locator("#status-text")).to_have_text(
        msg("sync_statusOn"), timeout=20000
    )
    # Both change before either syncs again: A adds a second person, B edits the first's note.
    a.add("https://x.com/quiet_harbor_22", "Second")
    page = b.page("pages/options.html")
    page.locator("#note-0").fill("I do not owe anyone access to me")
    page.get_by_role("button", name=msg("options_save")).first.click()
    expect(page.get_by_text(msg("options_saved"))).to_be_visible()
    for _ in range(2):
        a.sync_now()
        b.sync_now()
    for device in (a, b):
        assert sorted(device.handles()) == ["abuser", "quiet_harbor_22"]
        doc = device.ext.storage_get(["doc.blocklist"])["doc.blocklist"]
        notes = sorted(p["note"]["value"] for p in doc["people"].values())
        assert notes == ["", "I do not owe anyone access to me"]


def test_wrong_passphrase_and_server_down_leave_the_list_intact(server, devices, playwright):
    live, _ = server
    a, b = devices
    code, _passphrase = a.turn_on(live.url)
    b.add("https://x.com/abuser", "Mine")
    before = b.ext.storage_get(["doc.blocklist"])["doc.blocklist"]
    page = b.join(live.url, code, "entirely the wrong words for this")
    expect(page.locator("#join-message")).to_have_text(
        msg("sync_error_wrong_passphrase"), timeout=20000
    )
    assert b.ext.storage_get(["doc.blocklist"])["doc.blocklist"] == before
    assert not (b.ext.storage_get(["sync"]).get("sync") or {}).get("enabled")

    # Device A's server goes away: A keeps its list, says why, and plans a retry.
    a.ext.storage_set(
        {"sync": {**a.ext.storage_get(["sync"])["sync"], "server": "http://127.0.0.1:9"}}
    )
    a.add("https://x.com/quiet_harbor_22", "Offline add")
    status = a.sync_now()
    assert status["error"] == "offline" and status["nextRetryAt"] > status["lastAttempt"]
    shown = a.page("pages/sync.html")
    expect(shown.locator("#status-error")).to_have_text(msg("sync_error_offline"))
    assert "quiet_harbor_22" in a.handles()
