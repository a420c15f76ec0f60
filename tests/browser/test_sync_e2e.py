"""Sync end to end: two browser profiles (two devices) and the real service on a temp database.

Each device is a real browser profile driven through the extension's own pages (devices.py).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Playwright, expect

from ..support.live_server import LiveServer
from .devices import Device, copy_with_local_server, msg
from .harness import EXTENSION_SCHEMES, open_fixture, open_person, visible_markers, wait_for

SECRETS = ["Rowan Blackwood", "abuser", "He promised every time", "quiet_harbor_22"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:
    """The real service under gunicorn on a free port and a temp SQLite file."""
    db = tmp_path_factory.mktemp("sync-db") / "sync.db"
    with LiveServer(f"sqlite:///{db}", workers=2) as live:
        yield live, db


@pytest.fixture(scope="module")
def extension_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The extension with the local server's host granted at install."""
    return copy_with_local_server(tmp_path_factory.mktemp("ext"))


@pytest.fixture(scope="module")
def firefox_devices(
    playwright: Playwright, extension_copy: Path
) -> Iterator[tuple[Device, Device]]:
    """Two Firefox devices for the whole module, reset before each test (see ``devices``)."""
    a = Device(playwright, extension_copy, "firefox")
    b = Device(playwright, extension_copy, "firefox")
    try:
        yield a, b
    finally:
        a.close()
        b.close()


@pytest.fixture
def devices(
    request: pytest.FixtureRequest, playwright: Playwright, extension_copy: Path, engine: str
) -> Iterator[tuple[Device, Device]]:
    """Device A and device B, as just set up. Firefox's are the module's two browsers with the
    add-on reset (a new Firefox costs about 5 s, two per test); Chromium's are new browsers (it
    does not reload a command-line extension in place)."""
    if engine == "firefox":
        a, b = request.getfixturevalue("firefox_devices")
        a.reset()
        b.reset()
        yield a, b
        return
    a, b = Device(playwright, extension_copy, engine), Device(playwright, extension_copy, engine)
    try:
        yield a, b
    finally:
        a.close()
        b.close()


def test_opening_a_site_page_brings_an_add_from_the_other_device_within_seconds(server, devices):
    live, _ = server
    a, b = devices
    code, passphrase = a.turn_on(live.url)
    joined = b.join(live.url, code, passphrase)
    expect(joined.locator("#status-text")).to_have_text(msg("sync_statusOn"), timeout=20000)
    joined.close()
    # B's 30-second alarm is off, and its last round long ago: only the page below can start one.
    b.ext.in_background("(g) => g.chrome.alarms.clear('nc-sync')")
    state = b.ext.storage_get(["sync"])["sync"]
    b.ext.storage_set({"sync": {**state, "status": {**state["status"], "lastAttempt": 0}}})
    a.add("https://x.com/abuser", "Rowan Blackwood")
    wait_for(lambda: a.ext.storage_get(["sync"])["sync"]["versions"].get("blocklist", 0) > 0, 10)

    started = time.monotonic()
    page = b.ext.new_page()
    open_fixture(b.ext, page, "https://x.com/home", "x/timeline.html")
    wait_for(lambda: "abuser" in b.handles(), timeout=5, page=page)
    print(f"\nadd on A -> listed on B on opening a site page: {time.monotonic() - started:.1f} s")
    # The next page of the site hides them.
    page.reload()
    wait_for(lambda: visible_markers(page)[0] == {"x-usercell-by-id"}, page=page)


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
            if not url.startswith((live.url, *EXTENSION_SCHEMES, "https://x.com/"))
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
    open_person(page, "First")
    page.locator("#note-0").fill("I do not owe anyone access to me")
    page.locator("#people-list").get_by_role(
        "button", name=msg("options_save"), exact=True
    ).first.click()
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


def test_the_python_cli_and_the_extension_read_each_others_lists(
    server, devices, tmp_path, monkeypatch, capsys
):
    from nocontact.client import cli

    live, _ = server
    a, _b = devices
    monkeypatch.setenv("NOCONTACT_CONFIG_DIR", str(tmp_path / "cli"))
    monkeypatch.setenv("NOCONTACT_PASSPHRASE", "copper lantern orchard meadow river")
    assert cli.main(["--server", live.url, "create"]) == 0
    code = capsys.readouterr().out.split("Sync code: ")[1].split()[0]
    backup = {
        "nocontact_backup": 1,
        "documents": {
            "blocklist": {
                "format": 1,
                "people": {
                    "p1": {
                        "adds": ["t1"],
                        "label": {"value": "From the CLI", "ts": 1, "device": "cli"},
                        "created_at": 1,
                        "accounts": {
                            "reddit:h:cli_person": {
                                "adds": ["t2"],
                                "platform": "reddit",
                                "handle": "cli_person",
                                "id": None,
                                "instance": None,
                            }
                        },
                    }
                },
                "removed": [],
                "pending": {},
            }
        },
    }
    (tmp_path / "in.json").write_text(json.dumps(backup))
    assert cli.main(["push", "--in", str(tmp_path / "in.json")]) == 0

    joined = a.join(live.url, code, "copper lantern orchard meadow river")
    expect(joined.locator("#status-text")).to_have_text(msg("sync_statusOn"), timeout=20000)
    index = a.ext.storage_get(["matchIndex"])["matchIndex"]
    assert index["platforms"]["reddit"]["handles"] == ["cli_person"]

    a.add("https://x.com/abuser", "From the extension")
    assert a.sync_now()["error"] is None
    assert cli.main(["pull", "--out", str(tmp_path / "out.json")]) == 0
    pulled = json.loads((tmp_path / "out.json").read_text())["documents"]["blocklist"]
    labels = sorted(p["label"]["value"] for p in pulled["people"].values())
    assert labels == ["From the CLI", "From the extension"]


def test_garbage_or_an_unknown_version_from_the_server_changes_nothing_here(server, devices):
    import http.server
    import threading

    import requests

    live, _ = server
    a, _b = devices
    a.turn_on(live.url)
    a.add("https://x.com/abuser", "Mine")
    assert a.sync_now()["error"] is None
    before = a.ext.storage_get(["doc.blocklist"])["doc.blocklist"]

    # Another writer (a newer client) stores a format version this extension does not know.
    state = a.ext.call_background("ncSyncState")
    url = f"{live.url}/v1/syncs/{state['syncId']}/documents/blocklist"
    headers = {"Authorization": f"Bearer {state['authKey']}"}
    current = requests.get(url, headers=headers, timeout=10).json()
    newer = {"v": 2, "iv": current["envelope"]["iv"], "ct": current["envelope"]["ct"]}
    assert (
        requests.put(
            url,
            json={"envelope": newer},
            headers={**headers, "If-Match": f'"{current["version"]}"'},
            timeout=10,
        ).status_code
        == 400
    )  # the service itself refuses unknown envelope versions...
    # ...so the newer format arrives inside a valid envelope: a document with "format": 2.
    script = """async ({syncId, dataKey}) => {
      const env = await import(chrome.runtime.getURL("lib/envelope.js"));
      const { unb64u } = await import(chrome.runtime.getURL("lib/base64url.js"));
      return env.encryptDocument(unb64u(dataKey), syncId, "blocklist", {format: 2, people: {}});
    }"""
    helper = a.page("pages/sync.html")  # module import works in a page, not in a service worker
    sealed = helper.evaluate(script, {"syncId": state["syncId"], "dataKey": state["dataKey"]})
    helper.close()
    put = requests.put(
        url,
        json={"envelope": sealed},
        headers={**headers, "If-Match": f'"{current["version"]}"'},
        timeout=10,
    )
    assert put.status_code == 200
    status = a.sync_now()
    assert status["error"] == "unknown_format"
    assert a.ext.storage_get(["doc.blocklist"])["doc.blocklist"] == before
    page = a.page("pages/sync.html")
    expect(page.locator("#status-error")).to_have_text(msg("sync_error_unknown_format"))

    # A "server" that answers a web page (a captive portal, a wrong address).
    class Portal(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
            body = b"<html>Please log in to the hotel wifi</html>"
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    portal = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Portal)
    threading.Thread(target=portal.serve_forever, daemon=True).start()
    try:
        a.ext.storage_set({"sync": {**state, "server": f"http://127.0.0.1:{portal.server_port}"}})
        assert a.sync_now()["error"] == "bad_response"
        assert a.ext.storage_get(["doc.blocklist"])["doc.blocklist"] == before
    finally:
        portal.shutdown()
        portal.server_close()


SCHEDULE_REMOVAL = """async () => {
  const { people } = await chrome.runtime.sendMessage({ type: "list.get" });
  const action = { type: "remove_person", person: people[0].id };
  await chrome.storage.session.set({ "reflect.e2e": { action } });
  return chrome.runtime.sendMessage({ type: "reflect.schedule", id: "e2e", motive: "changed" });
}"""
APPLY_FIRST = """async () => {
  const { pending } = await chrome.runtime.sendMessage({ type: "pending.list" });
  const message = { type: "pending.apply", id: pending[0].id, confirmed: true };
  return [pending, await chrome.runtime.sendMessage(message)];
}"""


def test_a_pending_removal_follows_to_the_other_device_and_cannot_be_skipped_there(server, devices):
    live, db = server
    a, b = devices
    code, passphrase = a.turn_on(live.url)
    a.add("https://x.com/abuser", "Them")
    a.sync_now()
    expect(b.join(live.url, code, passphrase).locator("#status-text")).to_have_text(
        msg("sync_statusOn"), timeout=20000
    )
    # On A the user goes through the flow and schedules the removal (24 h cooling-off)...
    page_a = a.page("pages/options.html")
    assert page_a.evaluate(SCHEDULE_REMOVAL)["ok"] is True
    a.sync_now()
    b.sync_now()
    # ...on B it is pending too, not yet due, and applying it there early is refused.
    page_b = b.page("pages/options.html#waiting")
    pending, answer = page_b.evaluate(APPLY_FIRST)
    assert [(p["type"], p["due"]) for p in pending] == [("remove_person", False)]
    assert answer == {"ok": False, "error": "reflect_notYet"}
    assert "abuser" in b.handles()
    expect(page_b.get_by_text("Take Them off the list", exact=False)).to_be_visible()
    # The motive chosen on A travels encrypted: the server's database never holds it.
    raw = b"".join(p.read_bytes() for p in db.parent.glob("sync.db*"))
    assert b"changed" not in raw and b"remove_person" not in raw


def test_a_passphrase_change_re_keys_everything_and_the_owner_hears_of_wrong_guesses(
    server, devices
):
    live, db = server
    a, b = devices
    code, passphrase = a.turn_on(live.url)
    a.add("https://x.com/abuser", "Them")
    a.sync_now()
    # Someone who saw the sync code tries a passphrase on B: it fails and is counted...
    guess = b.join(live.url, code, "a guess at the words they might use")
    expect(guess.locator("#join-message")).to_have_text(
        msg("sync_error_wrong_passphrase"), timeout=20000
    )
    # ...and the owner's sync page says so.
    a.sync_now()
    page = a.page("pages/sync.html")
    expect(page.locator("#failed-attempts")).to_contain_text("1 attempt", timeout=20000)
    key_before = a.ext.call_background("ncSyncState")["dataKey"]
    # A new passphrase: a new data key, every document re-encrypted under it.
    new = "seven quiet lanterns drift over the harbour tonight"
    page.locator("#new-passphrase").fill(new)
    page.get_by_role("button", name=msg("sync_changePassphrase")).click()
    expect(page.locator("#passwd-message")).to_have_text(
        msg("sync_passphraseChanged"), timeout=30000
    )
    assert a.ext.call_background("ncSyncState")["dataKey"] != key_before
    # The old passphrase opens nothing any more; the new one brings the list back.
    old = b.join(live.url, code, passphrase)
    expect(old.locator("#join-message")).to_have_text(
        msg("sync_error_wrong_passphrase"), timeout=20000
    )
    again = b.join(live.url, code, new)
    expect(again.locator("#status-text")).to_have_text(msg("sync_statusOn"), timeout=20000)
    wait_for(lambda: "abuser" in b.handles(), timeout=10)
    # A's own sync goes on with the new key; the count started afresh at the change: only the
    # old passphrase tried since is counted (1, not 2).
    assert a.sync_now()["error"] is None
    expect(a.page("pages/sync.html").locator("#failed-attempts")).to_contain_text(
        "counted 1 attempt"
    )
