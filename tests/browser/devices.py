"""A browser profile with the extension, driven like a user drives it, for sync tests.

The extension is a copy whose manifest grants http://127.0.0.1/* at install, because automation
cannot answer the browser's permission prompt; the pages still call permissions.request, which then
resolves at once, and everything after it is the real code.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from pathlib import Path

from playwright.sync_api import Page, Playwright, expect

from . import harness
from .harness import ExtBrowser, add_through_options, wait_for

MESSAGES = json.loads((harness.ROOT / "extension/_locales/en/messages.json").read_text())


def msg(key: str) -> str:
    """Return an English message."""
    return MESSAGES[key]["message"]


def copy_with_local_server(into: Path) -> Path:
    """Copy the extension into a folder, granting the local sync server's host at install."""
    return harness.extension_copy(into, ["http://127.0.0.1/*"])


class Device:
    """One browser profile with the extension, and every request it made."""

    def __init__(self, playwright: Playwright, extension: Path, engine: str = "chromium") -> None:
        self.profile = tempfile.mkdtemp(prefix="nc-device-")
        self.ext = ExtBrowser(playwright, self.profile, extension=extension, engine=engine)
        self.requests: list[str] = []
        self.ext.context.on("request", lambda request: self.requests.append(request.url))
        self.ext.sw  # start the background before the first page  # noqa: B018

    def reset(self) -> None:
        """Firefox: the same profile as a device just set up, nothing listed, sync off, no requests
        seen yet (``ExtBrowser.reset``)."""
        self.ext.reset()
        self.requests.clear()

    def page(self, path: str) -> Page:
        """Open an extension page."""
        page = self.ext.new_page()
        page.goto(self.ext.ext_url(path))
        return page

    def turn_on(self, server_url: str) -> tuple[str, str]:
        """Turn sync on with a suggested passphrase on the sync page; return (code, passphrase)."""
        page = self.page("pages/sync.html")
        page.get_by_role("button", name=msg("sync_chooseFirst")).click()
        page.get_by_label(msg("sync_serverField")).first.fill(server_url)
        page.get_by_role("button", name=msg("sync_suggest")).click()
        passphrase = page.locator("#setup-passphrase").input_value()
        page.get_by_role("button", name=msg("sync_turnOn")).click()
        expect(page.locator("#sync-code")).not_to_be_empty(timeout=20000)
        code = page.locator("#sync-code").inner_text()
        server = page.locator("#sync-server").inner_text()
        # The emergency sheet names the code and the server, each on a line of its own.
        lines = page.locator("#sheet-text").inner_text().splitlines()
        assert f"{msg('sync_codeLabel')}: {code}" in lines, lines
        assert f"{msg('sync_serverLabel')}: {server}" in lines, lines
        return code, passphrase

    def join(self, server_url: str, code: str, passphrase: str) -> Page:
        """Fill the join form and submit it; return the page."""
        page = self.page("pages/sync.html")
        page.get_by_role("button", name=msg("sync_chooseOther")).click()
        page.locator("#join-server").fill(server_url)
        page.get_by_label(msg("sync_codeField")).fill(code)
        page.locator("#join-passphrase").fill(passphrase)
        page.get_by_role("button", name=msg("sync_join"), exact=True).click()
        return page

    def add(self, link: str, name: str, note: str = "") -> None:
        """Add a person on the options page."""
        page = self.page("pages/options.html")
        assert add_through_options(page, link, name=name, note=note) == msg("options_added")
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
