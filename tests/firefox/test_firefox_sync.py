"""Firefox ESR joins a sync created in Chromium and hides the person added there."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import Playwright

from ..browser.devices import Device, copy_with_local_server
from ..support.live_server import LiveServer
from .bidi import EXTENSION_ORIGIN, Firefox

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MESSAGES = json.loads((FIXTURES.parents[1] / "extension/_locales/en/messages.json").read_text())


def test_firefox_joins_a_chromium_sync_and_hides_the_person(
    playwright: Playwright, firefox: Firefox, tmp_path: Path
):
    with LiveServer(f"sqlite:///{tmp_path / 'sync.db'}") as live:
        chromium = Device(playwright, copy_with_local_server(tmp_path))
        try:
            code, passphrase = chromium.turn_on(live.url)
            chromium.add("https://x.com/abuser", "Them")
            assert chromium.sync_now()["error"] is None
        finally:
            chromium.close()

        tab = firefox.new_tab()
        firefox.navigate(tab, f"{EXTENSION_ORIGIN}/pages/sync.html", wait="none")
        firefox.wait_for(tab, "document.querySelector('#join-server')?.value.length > 0")
        # The page asks first whether this is the first device: it is another one.
        firefox.click(tab, "#choose-other")
        firefox.evaluate(
            tab,
            f"""(() => {{
              document.querySelector('#join-server').value = {json.dumps(live.url)};
              document.querySelector('#join-code').value = {json.dumps(code)};
              document.querySelector('#join-passphrase').value = {json.dumps(passphrase)};
              return true;
            }})()""",
        )
        # A real click: the page asks for the server's host permission, which needs a user gesture.
        firefox.click(tab, "#join-form button[type=submit]")
        on = json.dumps(MESSAGES["sync_statusOn"]["message"])
        working = json.dumps(MESSAGES["sync_working"]["message"])
        status = firefox.wait_for(
            tab,
            f"""(() => {{
              if (document.querySelector('#status-text').textContent === {on}) return true;
              const error = document.querySelector('#join-message').textContent;
              return error && error !== {working} ? error : false;
            }})()""",
            timeout=30,
        )
        assert status is True, status
        firefox.wait_for(
            tab,
            "browser.storage.local.get('matchIndex')"
            ".then(r => (r.matchIndex?.platforms?.x?.handles || []).includes('abuser'))",
        )

    timeline = (FIXTURES / "x/timeline.html").read_text()
    firefox.route("x.com", lambda url: (200, "text/html", timeline))
    firefox.navigate(tab, "https://x.com/home")
    firefox.wait_for(tab, "document.querySelectorAll('[data-test-person]').length > 0")
    shown = firefox.evaluate(
        tab,
        """[...document.querySelectorAll('[data-test-person]')]
             .filter(e => e.checkVisibility()).map(e => e.dataset.testPerson)""",
    )
    assert shown == ["x-usercell-by-id"]
