"""The local backup file: every document of a sync, decrypted, in one JSON file.

Reading is strict: a file that is not exactly a backup this client knows is refused with the
reason. Writing is atomic and private (a temp file renamed into place, mode 0600), so a failed
write never leaves half a file and nobody else on the machine can read the list.
"""

from __future__ import annotations

import json
import os
import tempfile
import time
from pathlib import Path

BACKUP_FORMAT = 1
DOCUMENT_NAMES = ("blocklist", "journal", "settings", "records")
# The container each document must have, per PROTOCOL §3.
_SHAPES: dict[str, dict[str, type]] = {
    "blocklist": {"people": dict, "removed": list, "pending": dict},
    "journal": {"events": dict},
    "settings": {"values": dict},
    "records": {"records": dict, "log": dict, "deleted": list},
}


class BadBackup(Exception):
    """The file is not a backup this client can use; nothing was changed."""


def make(sync_id: str, documents: dict[str, dict | None]) -> dict:
    """Return a backup object."""
    return {
        "nocontact_backup": BACKUP_FORMAT,
        "sync_id": sync_id,
        "saved_at": int(time.time() * 1000),
        "documents": documents,
    }


def check_document(name: str, document: object) -> dict:
    """Return the document if it has the protocol's shape, else raise BadBackup."""
    if not isinstance(document, dict):
        raise BadBackup(f"the {name} document is not an object")
    if document.get("format") != 1:
        raise BadBackup(f"the {name} document has a format this version does not know")
    for key, kind in _SHAPES[name].items():
        if key in document and not isinstance(document[key], kind):
            raise BadBackup(f"the {name} document's '{key}' has the wrong type")
    return document


def read(path: Path) -> dict:
    """Read and check a backup file."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise BadBackup(f"{path} does not exist") from None
    except (OSError, UnicodeDecodeError, ValueError) as error:
        raise BadBackup(f"{path} is not a readable JSON file ({type(error).__name__})") from None
    if not isinstance(data, dict) or "nocontact_backup" not in data:
        raise BadBackup(f"{path} is not a No Contact backup")
    if data["nocontact_backup"] != BACKUP_FORMAT:
        raise BadBackup(f"{path} has a backup format this version does not know")
    documents = data.get("documents")
    if not isinstance(documents, dict) or not set(documents) <= set(DOCUMENT_NAMES):
        raise BadBackup(f"{path} holds unknown documents")
    for name, document in documents.items():
        if document is not None:
            check_document(name, document)
    return data


def write(path: Path, backup: dict, force: bool = False) -> None:
    """Write atomically with private permissions; refuse to replace a file unless forced."""
    path = Path(path)
    if path.exists() and not force:
        raise FileExistsError(f"{path} already exists; use --force to replace it")
    handle, temp = tempfile.mkstemp(dir=path.parent or ".", prefix=".nocontact-", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            json.dump(backup, file, ensure_ascii=False, indent=1)
        os.chmod(temp, 0o600)
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise
