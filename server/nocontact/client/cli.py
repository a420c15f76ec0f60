"""`nocontact`: create, join, back up, restore, re-key and delete a sync from the command line.

The passphrase is never stored: each command that needs the keys asks for it (or reads
--passphrase-file, or NOCONTACT_PASSPHRASE for scripts). The config file holds only the server
address and the sync id, which the server already knows and which open nothing on their own.
"""

from __future__ import annotations

import argparse
import getpass
import json
import os
import re
import sys
import time
from pathlib import Path

from .. import rulepack
from . import backup, push, rules
from .api import ApiError, Conflict, SyncApi
from .envelope import (
    EnvelopeError,
    WeakKdf,
    decrypt_document,
    derive_keys,
    new_kdf,
    reencrypt_document,
    unwrap_data_key,
    wrap_data_key,
)

DEFAULT_SERVER = rules.DEFAULT_SERVER
# How often `passwd` reads and re-encrypts again when another device wrote in between.
PASSWD_ATTEMPTS = 3


class UserError(Exception):
    """Something the user can fix; printed as one line."""


def config_dir() -> Path:
    """Return where the CLI keeps its config (NOCONTACT_CONFIG_DIR or ~/.config/nocontact)."""
    return Path(os.environ.get("NOCONTACT_CONFIG_DIR") or Path.home() / ".config" / "nocontact")


def load_config() -> dict:
    """Return the saved server and sync id."""
    try:
        return json.loads((config_dir() / "config.json").read_text())
    except FileNotFoundError:
        raise UserError(
            "no sync set up here yet: run 'nocontact create' or 'nocontact join'"
        ) from None
    except ValueError:
        raise UserError(f"{config_dir() / 'config.json'} is damaged; join the sync again") from None


def save_config(server: str, sync_id: str) -> None:
    """Save the server and sync id (no secrets)."""
    config_dir().mkdir(parents=True, exist_ok=True)
    (config_dir() / "config.json").write_text(json.dumps({"server": server, "sync_id": sync_id}))


def format_code(sync_id: str) -> str:
    """Return the sync code: the id in groups of four."""
    return "-".join(sync_id[i : i + 4] for i in range(0, len(sync_id), 4))


def parse_code(code: str) -> str:
    """Accept a sync code with or without dashes and spaces, in any case."""
    sync_id = re.sub(r"[\s-]", "", code).lower()
    if not re.fullmatch(r"[a-z2-7]{26}", sync_id):
        raise UserError("that is not a sync code (26 letters and digits, in groups of four)")
    return sync_id


def ask_passphrase(
    args: argparse.Namespace, prompt: str = "Passphrase: ", twice: bool = False
) -> str:
    """Read the passphrase from --passphrase-file, NOCONTACT_PASSPHRASE or the terminal."""
    if getattr(args, "passphrase_file", None):
        return Path(args.passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
    if os.environ.get("NOCONTACT_PASSPHRASE"):
        return os.environ["NOCONTACT_PASSPHRASE"]
    first = getpass.getpass(prompt)
    if twice and getpass.getpass("Once more: ") != first:
        raise UserError("the two passphrases differ; nothing was changed")
    return first


# The reasons of the extension's passphrase rule (rules.passphrase_problem), in the CLI's words.
WEAK_PASSPHRASE = {
    "short": f"use at least {rules.MIN_LENGTH} characters",
    "repetitive": f"use at least {rules.MIN_DISTINCT} different characters",
    "guessable": "it is too easy to guess; add words or characters",
}


def check_strength(passphrase: str) -> None:
    """Refuse a passphrase the extension would refuse, saying why; nothing is changed."""
    problem = rules.passphrase_problem(passphrase)
    if problem is not None:
        raise UserError(
            f"that passphrase is too weak: {WEAK_PASSPHRASE[problem]} "
            "(five or more random words work well); nothing was changed"
        )


def server_origin(text: str | None) -> str:
    """Return the server's origin, or refuse an address the extension would refuse."""
    try:
        return rules.server_origin(text)
    except rules.BadServer:
        raise UserError(
            f"{text!r} is not a server address to sync with: use https:// "
            "(plain http:// only for 127.0.0.1 or localhost)"
        ) from None


def _open_sync(args: argparse.Namespace) -> tuple[SyncApi, str, bytes, bytes]:
    """Return (api, sync id, auth key, data key) for the configured sync."""
    config = load_config()
    api = SyncApi(server_origin(args.server or config["server"]))
    sync_id = config["sync_id"]
    keys = derive_keys(ask_passphrase(args), api.kdf(sync_id))
    info = api.read_sync(sync_id, keys.auth_key)
    return api, sync_id, keys.auth_key, unwrap_data_key(keys.kek, info["wrapped_key"])


def cmd_create(args: argparse.Namespace) -> None:
    server = server_origin(args.server)
    passphrase = ask_passphrase(args, "New passphrase: ", twice=True)
    check_strength(passphrase)
    kdf = new_kdf()
    keys = derive_keys(passphrase, kdf)
    data_key = os.urandom(32)
    sync_id = SyncApi(server).create(kdf, keys.auth_key, wrap_data_key(keys.kek, data_key))
    save_config(server, sync_id)
    print(f"Sync created on {server}.\nSync code: {format_code(sync_id)}")
    print("Keep the code and your passphrase somewhere safe; together they recover your list.")


def cmd_join(args: argparse.Namespace) -> None:
    server = server_origin(args.server)
    sync_id = parse_code(args.code)
    api = SyncApi(server)
    keys = derive_keys(ask_passphrase(args), api.kdf(sync_id))
    info = api.read_sync(sync_id, keys.auth_key)
    unwrap_data_key(keys.kek, info["wrapped_key"])
    save_config(server, sync_id)
    print(f"Joined sync {format_code(sync_id)} on {server}.")


def cmd_pull(args: argparse.Namespace) -> None:
    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(f"{out} already exists; use --force to replace it")
    api, sync_id, auth_key, data_key = _open_sync(args)
    documents: dict[str, dict | None] = {}
    for name in backup.DOCUMENT_NAMES:
        _version, envelope = api.read_document(sync_id, name, auth_key)
        documents[name] = (
            None if envelope is None else decrypt_document(data_key, sync_id, name, envelope)
        )
    backup.write(out, backup.make(sync_id, documents), force=args.force)
    people = len((documents.get("blocklist") or {}).get("people", {}))
    print(f"Saved {out} ({people} people in the list).")


def cmd_push(args: argparse.Namespace) -> None:
    data = backup.read(Path(args.input))
    documents = {name: doc for name, doc in data["documents"].items() if doc is not None}
    try:
        push.check(documents)
        api, sync_id, auth_key, data_key = _open_sync(args)
        report = push.push(api, sync_id, auth_key, data_key, documents)
    except push.PushRefused as error:
        raise UserError(f"{error}; nothing more was pushed") from None
    if report.written:
        print(f"Merged the file into the server's {', '.join(report.written)}.")
    else:
        print("The server already had everything in the file; nothing was written.")
    for entry in report.waiting:
        due = time.strftime("%Y-%m-%d %H:%M", time.localtime(entry["effective_at"] / 1000))
        print(
            f"Not applied at once: {entry['action']['type']} waits its cooling-off until {due}; "
            "confirm it then in the extension, or cancel it there."
        )
    if report.kept_cooling_off:
        print("Not applied: a shorter cooling-off. Ask for it in the extension (it waits too).")
    print("Nothing was removed from the server's copy. Your devices merge it on their next sync.")


def cmd_passwd(args: argparse.Namespace) -> None:
    api, sync_id, auth_key, data_key = _open_sync(args)
    if args.new_passphrase_file:
        new = Path(args.new_passphrase_file).read_text(encoding="utf-8").rstrip("\r\n")
    else:
        new = getpass.getpass("New passphrase: ")
        if getpass.getpass("Once more: ") != new:
            raise UserError("the two passphrases differ; nothing was changed")
    check_strength(new)
    kdf = new_kdf()
    keys = derive_keys(new, kdf)
    # A new data key, and every document re-encrypted under it in the same request: whoever kept
    # the old data key (an old device, a copy of the old passphrase) reads nothing written after.
    for _attempt in range(PASSWD_ATTEMPTS):
        new_data_key = os.urandom(32)
        documents: dict[str, dict] = {}
        for name in backup.DOCUMENT_NAMES:
            version, envelope = api.read_document(sync_id, name, auth_key)
            sealed = (
                None
                if envelope is None
                else reencrypt_document(data_key, new_data_key, sync_id, name, envelope)
            )
            documents[name] = {"version": version, "envelope": sealed}
        try:
            api.change_key(
                sync_id,
                auth_key,
                kdf,
                keys.auth_key,
                wrap_data_key(keys.kek, new_data_key),
                documents,
            )
            break
        except Conflict:
            # Another device wrote meanwhile and nothing was changed: read again.
            continue
    else:
        raise UserError("the documents kept changing on the server; nothing was changed, try again")
    print("Passphrase changed and every document re-encrypted under a new key.")
    print("Your other devices are signed out: join the sync again on each with the new passphrase.")


def cmd_delete(args: argparse.Namespace) -> None:
    api, sync_id, auth_key, _ = _open_sync(args)
    if not args.yes:
        answer = input(
            "This deletes the sync from the server (your devices keep their lists). Type delete: "
        )
        if answer.strip().lower() != "delete":
            raise UserError("nothing was deleted")
    api.delete(sync_id, auth_key)
    (config_dir() / "config.json").unlink(missing_ok=True)
    print("The sync is deleted from the server.")


def cmd_status(args: argparse.Namespace) -> None:
    config = load_config()
    api, sync_id, auth_key, _ = _open_sync(args)
    versions = api.read_sync(sync_id, auth_key)["documents"]
    print(f"Server: {args.server or config['server']}\nSync code: {format_code(sync_id)}")
    for name, info in versions.items():
        print(f"  {name}: version {info['version']}")


def cmd_rules_keygen(args: argparse.Namespace) -> None:
    out = Path(args.out)
    if out.exists():
        raise UserError(f"{out} already exists; a signing key is never overwritten")
    key, pem = rulepack.new_private_key()
    # Readable by its owner only, from the first byte.
    fd = os.open(out, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as file:
        file.write(pem)
    entry = rulepack.public_key_entry(key.public_key())
    print(
        f"Wrote the private key to {out}: keep it off the repository and out of backups you share."
    )
    print("Its public half, for extension/lib/rules/keys.js and server/nocontact/rule_keys.json:")
    print(json.dumps({"key_id": entry.key_id, "jwk": entry.jwk}))


def cmd_rules_sign(args: argparse.Namespace) -> None:
    try:
        key = rulepack.load_private_key(Path(args.key).read_bytes())
    except ValueError as error:
        raise UserError(f"{args.key}: {error}") from None
    try:
        pack = json.loads(Path(args.pack).read_text(encoding="utf-8"))
    except ValueError:
        raise UserError(f"{args.pack} is not JSON") from None
    if isinstance(pack, dict) and "date" not in pack:
        pack["date"] = rulepack.today()
    try:
        envelope = rulepack.sign(key, pack)
    except rulepack.Refused as error:
        raise UserError(f"the pack would be refused ({error}); nothing was signed") from None
    text = json.dumps(envelope, ensure_ascii=False, indent=1) + "\n"
    if len(text.encode("utf-8")) > rulepack.MAX_PACK_BYTES:
        raise UserError(f"the signed pack is over {rulepack.MAX_PACK_BYTES} bytes; nothing written")
    out = Path(args.out)
    if out.exists() and not args.force:
        raise UserError(f"{out} already exists; use --force to replace it")
    out.write_text(text, encoding="utf-8")
    print(f"Signed version {pack['version']} with key {envelope['key_id']} into {out}.")


def cmd_rules_verify(args: argparse.Namespace) -> None:
    keys = [rulepack.PublicKey(entry["key_id"], entry["jwk"]) for entry in _keys(args.keys)]
    try:
        envelope = rulepack.verify(Path(args.envelope).read_bytes(), keys)
    except rulepack.Refused as error:
        raise UserError(f"refused: {error}") from None
    pack = envelope["pack"]
    print(f"Good: version {pack['version']} of {pack['date']}, sites {', '.join(pack['sites'])}.")


def _keys(path: str | None) -> list[dict]:
    if path:
        return json.loads(Path(path).read_text(encoding="utf-8"))
    return rulepack.shipped_keys()


def parser() -> argparse.ArgumentParser:
    """Build the argument parser."""
    main = argparse.ArgumentParser(prog="nocontact", description=__doc__.splitlines()[0])
    main.add_argument("--server", help=f"sync server address (default: saved, or {DEFAULT_SERVER})")
    main.add_argument("--passphrase-file", help="read the passphrase from this file's first line")
    sub = main.add_subparsers(dest="command", required=True)
    sub.add_parser("create", help="create a sync and print its code").set_defaults(run=cmd_create)
    join = sub.add_parser("join", help="join a sync with its code and passphrase")
    join.add_argument("code")
    join.set_defaults(run=cmd_join)
    pull = sub.add_parser("pull", help="decrypt every document into a local backup file")
    pull.add_argument("--out", required=True)
    pull.add_argument("--force", action="store_true", help="replace an existing file")
    pull.set_defaults(run=cmd_pull)
    push_parser = sub.add_parser(
        "push", help="merge a backup file into the server's copy (it adds, never removes)"
    )
    push_parser.add_argument("--in", dest="input", required=True)
    push_parser.set_defaults(run=cmd_push)
    passwd = sub.add_parser("passwd", help="change the passphrase")
    passwd.add_argument("--new-passphrase-file")
    passwd.set_defaults(run=cmd_passwd)
    delete = sub.add_parser("delete", help="delete the sync from the server")
    delete.add_argument("--yes", action="store_true", help="do not ask")
    delete.set_defaults(run=cmd_delete)
    sub.add_parser("status", help="show the sync and its document versions").set_defaults(
        run=cmd_status
    )
    rules_parser = sub.add_parser("rules", help="rule packs, for the maintainer: keygen, sign")
    rules_sub = rules_parser.add_subparsers(dest="rules_command", required=True)
    keygen = rules_sub.add_parser("keygen", help="make a new P-256 signing key (PEM)")
    keygen.add_argument("--out", required=True)
    keygen.set_defaults(run=cmd_rules_keygen)
    sign = rules_sub.add_parser("sign", help="sign a pack into an envelope for `rules install`")
    sign.add_argument("--key", required=True, help="the maintainer's private key (PEM)")
    sign.add_argument("pack", help="the pack: {format, version, date, sites}")
    sign.add_argument("--out", required=True)
    sign.add_argument("--force", action="store_true", help="replace an existing file")
    sign.set_defaults(run=cmd_rules_sign)
    check = rules_sub.add_parser("verify", help="check a signed pack as the extension would")
    check.add_argument("envelope")
    check.add_argument("--keys", help="a JSON list of {key_id, jwk} (default: the shipped keys)")
    check.set_defaults(run=cmd_rules_verify)
    return main


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; errors are one line on stderr and a non-zero exit, never a traceback."""
    args = parser().parse_args(argv)
    try:
        args.run(args)
    except WeakKdf:
        print(
            "nocontact: the server offers weak key settings; refusing to continue", file=sys.stderr
        )
        return 2
    except EnvelopeError as error:
        reason = {
            "WrongPassphrase": "the passphrase is not right for this sync",
            "Tampered": "a document on the server could not be decrypted (altered?); nothing saved",
            "UnsupportedVersion": "the server has a format this version cannot read; nothing saved",
        }.get(type(error).__name__, str(error))
        print(f"nocontact: {reason}", file=sys.stderr)
        return 2
    except (ApiError, UserError, backup.BadBackup, FileExistsError, OSError) as error:
        print(f"nocontact: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
