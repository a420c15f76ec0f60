"""The `nocontact` CLI against the real service: two devices, recovery, and what can go wrong."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from nocontact.client import cli, envelope
from nocontact.client.api import SyncApi

from ..support.live_server import LiveServer

PASSPHRASE = "lantern orchard velvet harbour"
NEW_PASSPHRASE = "a brand new quiet river stone"
LIST = {
    "format": 1,
    "people": {
        "p1": {
            "adds": ["t1"],
            "label": {"value": "Quillon Abernathy", "ts": 1, "device": "cli"},
            "note": {"value": "He read my messages every night", "ts": 1, "device": "cli"},
            "names": {"value": ["Quill"], "ts": 1, "device": "cli"},
            "created_at": 1,
            "accounts": {
                "x:h:quillon_ab": {
                    "adds": ["t2"],
                    "platform": "x",
                    "handle": "quillon_ab",
                    "id": None,
                    "instance": None,
                }
            },
        }
    },
    "removed": [],
    "pending": {},
    "sites": {},
}
SECRETS = ["Quillon", "Abernathy", "quillon_ab", "read my messages", "Quill"]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LiveServer, Path]]:
    """The real service under gunicorn on a temp SQLite file."""
    db = tmp_path_factory.mktemp("db") / "sync.db"
    # The CLI reads the public KDF parameters on every command, and the module makes a sync per
    # test: more in a minute, from one address, than the limits a real device would meet (those
    # limits have their own tests).
    env = {"NOCONTACT_KDF_LIMIT_PER_ADDRESS": "10000", "NOCONTACT_CREATE_LIMIT": "1000"}
    with LiveServer(f"sqlite:///{db}", workers=2, env=env) as live:
        yield live, db


def run(monkeypatch, capsys, device: Path, *argv: str, passphrase: str | None = PASSPHRASE):
    """Run the CLI as one device (its own config folder); return (exit code, stdout, stderr)."""
    monkeypatch.setenv("NOCONTACT_CONFIG_DIR", str(device))
    if passphrase is None:
        monkeypatch.delenv("NOCONTACT_PASSPHRASE", raising=False)
    else:
        monkeypatch.setenv("NOCONTACT_PASSPHRASE", passphrase)
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def create_sync(monkeypatch, capsys, server_url: str, device: Path) -> str:
    code, out, _ = run(monkeypatch, capsys, device, "--server", server_url, "create")
    assert code == 0
    return out.split("Sync code: ")[1].split()[0]


def test_two_devices_round_trip_and_the_database_holds_no_plaintext(
    server, tmp_path, monkeypatch, capsys
):
    live, db = server
    laptop, phone = tmp_path / "laptop", tmp_path / "phone"
    sync_code = create_sync(monkeypatch, capsys, live.url, laptop)
    backup_in = tmp_path / "list.json"
    backup_in.write_text(json.dumps({"nocontact_backup": 1, "documents": {"blocklist": LIST}}))
    assert run(monkeypatch, capsys, laptop, "push", "--in", str(backup_in))[0] == 0

    code, out, _ = run(monkeypatch, capsys, phone, "--server", live.url, "join", sync_code.upper())
    assert code == 0 and "Joined" in out
    restored = tmp_path / "restored.json"
    code, out, _ = run(monkeypatch, capsys, phone, "pull", "--out", str(restored))
    assert code == 0 and "1 people" in out
    data = json.loads(restored.read_text())
    assert data["documents"]["blocklist"] == LIST
    assert data["documents"]["journal"] is None
    assert restored.stat().st_mode & 0o077 == 0

    raw = b"".join(p.read_bytes() for p in db.parent.glob("sync.db*"))
    for secret in SECRETS:
        assert secret.encode() not in raw, secret


def test_wrong_passphrase_is_a_clear_error_and_saves_nothing(server, tmp_path, monkeypatch, capsys):
    live, _ = server
    sync_code = create_sync(monkeypatch, capsys, live.url, tmp_path / "a")
    device = tmp_path / "b"
    code, _, err = run(
        monkeypatch,
        capsys,
        device,
        "--server",
        live.url,
        "join",
        sync_code,
        passphrase="not it at all!",
    )
    assert code == 1
    assert "passphrase is not right" in err and "Traceback" not in err
    assert not (device / "config.json").exists()


def test_pull_never_replaces_an_existing_file_without_force(server, tmp_path, monkeypatch, capsys):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    existing = tmp_path / "mine.json"
    existing.write_text("precious")
    code, _, err = run(monkeypatch, capsys, device, "pull", "--out", str(existing))
    assert code == 1 and "already exists" in err
    assert existing.read_text() == "precious"
    assert run(monkeypatch, capsys, device, "pull", "--out", str(existing), "--force")[0] == 0
    assert json.loads(existing.read_text())["nocontact_backup"] == 1


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        ("{not json", "not a readable JSON file"),
        ('{"hello": 1}', "not a No Contact backup"),
        ('{"nocontact_backup": 7, "documents": {}}', "backup format this version does not know"),
        ('{"nocontact_backup": 1, "documents": {"blocklist": {"format": 2}}}', "format"),
        ('{"nocontact_backup": 1, "documents": {"passwords": {}}}', "unknown documents"),
    ],
)
def test_a_bad_backup_is_refused_and_the_server_is_untouched(
    server, tmp_path, monkeypatch, capsys, content, reason
):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    bad = tmp_path / "bad.json"
    bad.write_text(content)
    code, _, err = run(monkeypatch, capsys, device, "push", "--in", str(bad))
    assert code == 1 and reason in err
    code, out, _ = run(monkeypatch, capsys, device, "status")
    assert code == 0 and "blocklist: version 0" in out


def test_passphrase_change_locks_out_the_old_one(server, tmp_path, monkeypatch, capsys):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    new = tmp_path / "new.txt"
    new.write_text("a brand new quiet river stone\n")
    assert run(monkeypatch, capsys, device, "passwd", "--new-passphrase-file", str(new))[0] == 0
    assert run(monkeypatch, capsys, device, "status")[0] == 1
    code, out, _ = run(
        monkeypatch, capsys, device, "status", passphrase="a brand new quiet river stone"
    )
    assert code == 0 and "version 0" in out


def test_weak_passphrases_are_refused(server, tmp_path, monkeypatch, capsys):
    live, _ = server
    code, _, err = run(
        monkeypatch, capsys, tmp_path / "a", "--server", live.url, "create", passphrase="short"
    )
    # The extension's rule (shared/vectors/passphrase.json): 16 characters at least.
    assert code == 1 and "at least 16 characters" in err
    assert not (tmp_path / "a" / "config.json").exists()


@pytest.mark.parametrize(
    ("passphrase", "reason"),
    [
        ("fifteen chars!!", "at least 16 characters"),
        ("abcdefgabcdefgabcdefg", "at least 8 different characters"),
        ("abacus abdomen abide abiding", "too easy to guess"),  # four list words: 50 bits
        ("Tr0ub4dor&3xyzQW", "too easy to guess"),
    ],
)
def test_passphrases_the_extension_refuses_are_refused(
    server, tmp_path, monkeypatch, capsys, passphrase, reason
):
    live, _ = server
    device = tmp_path / "a"
    code, _, err = run(
        monkeypatch, capsys, device, "--server", live.url, "create", passphrase=passphrase
    )
    assert code == 1 and reason in err and "Traceback" not in err
    assert not (device / "config.json").exists()


def test_passwd_refuses_a_weak_new_passphrase_and_changes_nothing(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    weak = tmp_path / "weak.txt"
    weak.write_text("abacus abdomen abide abiding\n")
    code, _, err = run(monkeypatch, capsys, device, "passwd", "--new-passphrase-file", str(weak))
    assert code == 1 and "too easy to guess" in err
    assert run(monkeypatch, capsys, device, "status")[0] == 0


@pytest.mark.parametrize("command", [["create"], ["join", "aaaa-bbbb-cccc-dddd-eeee-ffff-gg"]])
# Names under .invalid never resolve: even a CLI that failed this test would reach no one.
@pytest.mark.parametrize(
    "address", ["http://sync.invalid", "http://nas.invalid:5080", "ftp://sync.invalid"]
)
def test_a_remote_server_without_https_is_refused_before_any_request(
    tmp_path, monkeypatch, capsys, command, address
):
    device = tmp_path / "a"
    code, _, err = run(monkeypatch, capsys, device, "--server", address, *command)
    assert code == 1 and "https://" in err and "does not answer" not in err
    assert not (device / "config.json").exists()


def test_a_saved_plain_http_remote_server_is_refused(server, tmp_path, monkeypatch, capsys):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    config = json.loads((device / "config.json").read_text())
    (device / "config.json").write_text(json.dumps({**config, "server": "http://sync.invalid"}))
    code, _, err = run(monkeypatch, capsys, device, "status")
    assert code == 1 and "https://" in err


def test_delete_removes_the_sync(server, tmp_path, monkeypatch, capsys):
    live, _ = server
    device = tmp_path / "a"
    sync_code = create_sync(monkeypatch, capsys, live.url, device)
    assert run(monkeypatch, capsys, device, "delete", "--yes")[0] == 0
    code, _, err = run(monkeypatch, capsys, tmp_path / "b", "--server", live.url, "join", sync_code)
    assert code == 1 and "not right" in err


def test_server_down_is_one_clear_line(tmp_path, monkeypatch, capsys):
    code, _, err = run(
        monkeypatch, capsys, tmp_path / "a", "--server", "http://127.0.0.1:9", "create"
    )
    assert code == 1
    assert err.strip() == "nocontact: The sync server at http://127.0.0.1:9 does not answer."


def test_the_cli_is_installed_as_a_command():
    command = Path(sys.executable).parent / "nocontact"
    result = subprocess.run([str(command), "--help"], capture_output=True, text=True, check=True)
    assert "pull" in result.stdout and "push" in result.stdout


def _data_key(live_url: str, sync_id: str, passphrase: str) -> bytes:
    """Return the sync's data key as a device holding `passphrase` unwraps it."""
    api = SyncApi(live_url)
    keys = envelope.derive_keys(passphrase, api.kdf(sync_id))
    return envelope.unwrap_data_key(keys.kek, api.read_sync(sync_id, keys.auth_key)["wrapped_key"])


def test_passwd_makes_a_new_data_key_and_re_encrypts_every_document(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    sync_id = cli.parse_code(create_sync(monkeypatch, capsys, live.url, device))
    backup_in = tmp_path / "list.json"
    backup_in.write_text(json.dumps({"nocontact_backup": 1, "documents": {"blocklist": LIST}}))
    assert run(monkeypatch, capsys, device, "push", "--in", str(backup_in))[0] == 0
    old_data_key = _data_key(live.url, sync_id, PASSPHRASE)

    new = tmp_path / "new.txt"
    new.write_text(NEW_PASSPHRASE + "\n")
    code, out, _ = run(monkeypatch, capsys, device, "passwd", "--new-passphrase-file", str(new))
    assert code == 0 and "join the sync again" in out

    new_data_key = _data_key(live.url, sync_id, NEW_PASSPHRASE)
    assert new_data_key != old_data_key
    keys = envelope.derive_keys(NEW_PASSPHRASE, SyncApi(live.url).kdf(sync_id))
    version, sealed = SyncApi(live.url).read_document(sync_id, "blocklist", keys.auth_key)
    assert version == 2
    # Someone who kept the old data key reads nothing any more; the new one reads the list.
    with pytest.raises(envelope.Tampered):
        envelope.decrypt_document(old_data_key, sync_id, "blocklist", sealed)
    assert envelope.decrypt_document(new_data_key, sync_id, "blocklist", sealed) == LIST
    restored = tmp_path / "restored.json"
    code, _, _ = run(
        monkeypatch, capsys, device, "pull", "--out", str(restored), passphrase=NEW_PASSPHRASE
    )
    assert code == 0 and json.loads(restored.read_text())["documents"]["blocklist"] == LIST


def test_passwd_reads_again_when_another_device_wrote_meanwhile(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    sync_id = cli.parse_code(create_sync(monkeypatch, capsys, live.url, device))
    journal = {"format": 1, "events": {}, "cleared_before": 5}
    real_change_key = SyncApi.change_key
    calls = []

    def another_device_writes_first(self, *args, **kwargs):
        if not calls:
            # The phone writes the journal, under the old data key, between read and change.
            data_key = _data_key(live.url, sync_id, PASSPHRASE)
            keys = envelope.derive_keys(PASSPHRASE, self.kdf(sync_id))
            sealed = envelope.encrypt_document(data_key, sync_id, "journal", journal)
            self.write_document(sync_id, "journal", keys.auth_key, sealed, 0)
        calls.append(args[-1])
        return real_change_key(self, *args, **kwargs)

    monkeypatch.setattr(SyncApi, "change_key", another_device_writes_first)
    new = tmp_path / "new.txt"
    new.write_text(NEW_PASSPHRASE)
    code, _, err = run(monkeypatch, capsys, device, "passwd", "--new-passphrase-file", str(new))
    assert code == 0, err
    assert [docs["journal"]["version"] for docs in calls] == [0, 1]
    restored = tmp_path / "restored.json"
    code, _, _ = run(
        monkeypatch, capsys, device, "pull", "--out", str(restored), passphrase=NEW_PASSPHRASE
    )
    assert code == 0 and json.loads(restored.read_text())["documents"]["journal"] == journal


# ---- push merges (issue #15: push overwrote, so pull, edit, push skipped the cooling-off) ----


def push_file(tmp_path: Path, blocklist: dict, name: str = "in.json", **others: dict) -> Path:
    """Write a backup file holding these documents."""
    path = tmp_path / name
    path.write_text(
        json.dumps({"nocontact_backup": 1, "documents": {"blocklist": blocklist, **others}})
    )
    return path


def pulled(monkeypatch, capsys, device: Path, tmp_path: Path) -> dict:
    """Pull into a fresh file and return its documents."""
    out = tmp_path / f"pulled-{len(list(tmp_path.glob('pulled-*')))}.json"
    assert run(monkeypatch, capsys, device, "pull", "--out", str(out))[0] == 0
    return json.loads(out.read_text())["documents"]


def present(blocklist: dict) -> list[str]:
    removed = set(blocklist["removed"])
    return sorted(
        p["label"]["value"] for p in blocklist["people"].values() if set(p["adds"]) - removed
    )


def other_person() -> dict:
    person = json.loads(json.dumps(LIST["people"]["p1"]))
    person["adds"] = ["t9"]
    person["label"] = {"value": "Someone Else", "ts": 2, "device": "cli"}
    person["accounts"] = {
        "reddit:h:someone": {
            "adds": ["t10"],
            "platform": "reddit",
            "handle": "someone",
            "id": None,
            "instance": None,
        }
    }
    return person


def test_push_merges_into_the_server_copy_and_removes_nothing_it_has(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    assert run(monkeypatch, capsys, device, "push", "--in", str(push_file(tmp_path, LIST)))[0] == 0
    # A file that knows only someone else: both are on the server afterwards.
    only_other = {**LIST, "people": {"p2": other_person()}}
    code, out, _ = run(
        monkeypatch, capsys, device, "push", "--in", str(push_file(tmp_path, only_other, "b.json"))
    )
    assert code == 0 and "Nothing was removed" in out
    assert present(pulled(monkeypatch, capsys, device, tmp_path)["blocklist"]) == [
        "Quillon Abernathy",
        "Someone Else",
    ]


def test_a_pulled_file_with_sealed_records_pushes_back_and_keeps_them(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    record = {
        "kind": "captured",
        "site": "x",
        "url": "https://x.com/abuser/status/1",
        "seen_at": 1_700_000_000_000,
        "author": "abuser",
        "text": "a post kept sealed",
        "person": None,
    }
    records = {"format": 1, "records": {"r1": record}, "log": {}, "deleted": []}
    path = push_file(tmp_path, LIST, records=records)
    assert run(monkeypatch, capsys, device, "push", "--in", str(path))[0] == 0
    # What pull writes, push takes again (it holds every document, the records too).
    again = tmp_path / "again.json"
    assert run(monkeypatch, capsys, device, "pull", "--out", str(again))[0] == 0
    assert run(monkeypatch, capsys, device, "push", "--in", str(again))[0] == 0
    kept = pulled(monkeypatch, capsys, device, tmp_path)["records"]["records"]
    assert kept["r1"]["text"] == "a post kept sealed"


def test_pull_edit_push_with_everyone_removed_removes_no_one_the_removal_waits(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    assert run(monkeypatch, capsys, device, "push", "--in", str(push_file(tmp_path, LIST)))[0] == 0
    edited = pulled(monkeypatch, capsys, device, tmp_path)["blocklist"]
    edited["removed"] = ["t1", "t2"]
    edited["paused"] = {"value": True, "ts": 4_102_444_800_000, "device": "cli"}
    edited["sites"] = {"x": {"value": False, "ts": 4_102_444_800_000, "device": "cli"}}
    before = int(time.time() * 1000)
    code, out, _ = run(
        monkeypatch, capsys, device, "push", "--in", str(push_file(tmp_path, edited, "e.json"))
    )
    assert code == 0
    assert out.count("Not applied at once") == 3
    after = pulled(monkeypatch, capsys, device, tmp_path)["blocklist"]
    assert present(after) == ["Quillon Abernathy"]
    assert after.get("paused") is None and after["sites"] == {}
    removed = set(after["removed"])
    waiting = [e for e in after["pending"].values() if set(e["adds"]) - removed]
    assert sorted(e["action"]["type"] for e in waiting) == [
        "pause_all",
        "remove_person",
        "site_off",
    ]
    for entry in waiting:
        assert entry["device"] == "guard"
        assert (
            before + 24 * 3600 * 1000
            <= entry["effective_at"]
            <= int(time.time() * 1000) + 24 * 3600 * 1000
        )
    # The same file pushed again changes nothing more: the refusals have the same names.
    code, out, _ = run(monkeypatch, capsys, device, "push", "--in", str(tmp_path / "e.json"))
    assert code == 0 and "nothing was written" in out
    assert pulled(monkeypatch, capsys, device, tmp_path)["blocklist"] == after


def test_push_of_a_shorter_cooling_off_or_a_2100_stamp_does_not_hold(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    create_sync(monkeypatch, capsys, live.url, device)
    settings = {"format": 1, "values": {"cooling_off_hours": {"value": 72, "ts": 1, "device": "x"}}}
    path = push_file(tmp_path, LIST, settings=settings)
    assert run(monkeypatch, capsys, device, "push", "--in", str(path))[0] == 0
    lower = {"format": 1, "values": {"cooling_off_hours": {"value": 0, "ts": 2, "device": "cli"}}}
    forever = json.loads(json.dumps(LIST))
    forever["people"]["p1"]["label"] = {"value": "Forever", "ts": 4_102_444_800_000, "device": "z"}
    path = push_file(tmp_path, forever, "f.json", settings=lower)
    code, out, _ = run(monkeypatch, capsys, device, "push", "--in", str(path))
    assert code == 0 and "a shorter cooling-off" in out
    documents = pulled(monkeypatch, capsys, device, tmp_path)
    assert documents["settings"]["values"]["cooling_off_hours"]["value"] == 72
    label = documents["blocklist"]["people"]["p1"]["label"]
    assert label["value"] == "Forever"
    assert label["ts"] <= int(time.time() * 1000) + 5 * 60 * 1000


def test_push_reads_and_merges_again_when_another_device_wrote_meanwhile(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    device = tmp_path / "a"
    sync_id = cli.parse_code(create_sync(monkeypatch, capsys, live.url, device))
    real_write = SyncApi.write_document
    calls = []

    def another_device_writes_first(self, sync, name, auth_key, sealed, if_match):
        if not calls:
            data_key = _data_key(live.url, sync_id, PASSPHRASE)
            theirs = {**LIST, "people": {"p2": other_person()}}
            mine = envelope.seal_document(data_key, sync_id, "blocklist", theirs)
            real_write(self, sync, "blocklist", auth_key, mine, if_match)
        calls.append(if_match)
        return real_write(self, sync, name, auth_key, sealed, if_match)

    monkeypatch.setattr(SyncApi, "write_document", another_device_writes_first)
    assert run(monkeypatch, capsys, device, "push", "--in", str(push_file(tmp_path, LIST)))[0] == 0
    monkeypatch.undo()
    assert calls == [0, 1]
    assert present(pulled(monkeypatch, capsys, device, tmp_path)["blocklist"]) == [
        "Quillon Abernathy",
        "Someone Else",
    ]


def test_pushed_lists_of_one_and_of_five_people_are_ciphertexts_of_one_size(
    server, tmp_path, monkeypatch, capsys
):
    live, _ = server
    sizes = []
    for count in (1, 5):
        device = tmp_path / f"d{count}"
        sync_id = cli.parse_code(create_sync(monkeypatch, capsys, live.url, device))
        people = {}
        for n in range(count):
            person = other_person()
            person["adds"] = [f"tag-{n}"]
            person["label"] = {"value": f"Person number {n}", "ts": 2, "device": "cli"}
            people[f"p{n}"] = person
        path = push_file(tmp_path, {**LIST, "people": people}, f"{count}.json")
        assert run(monkeypatch, capsys, device, "push", "--in", str(path))[0] == 0
        data_key = _data_key(live.url, sync_id, PASSPHRASE)
        keys = envelope.derive_keys(PASSPHRASE, SyncApi(live.url).kdf(sync_id))
        _, sealed = SyncApi(live.url).read_document(sync_id, "blocklist", keys.auth_key)
        assert sealed is not None
        assert (
            len(envelope.decrypt_document(data_key, sync_id, "blocklist", sealed)["people"])
            == count
        )
        sizes.append(len(sealed["ct"]))
    assert sizes[0] == sizes[1]
