"""Documents go up padded to a size bucket (PROTOCOL §1.3); shared/vectors/padding.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nocontact.client import envelope as env
from nocontact.client.padding import pad, padded_length

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "shared/vectors/padding.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("length", "padded"), VECTORS["lengths"])
def test_buckets(length, padded):
    assert padded_length(length) == padded
    assert pad(b"x" * length) == b"x" * length + b" " * (padded - length)


def test_the_padded_vector_seals_and_opens_with_the_reader_every_client_has():
    vector = VECTORS["document"]
    data_key = env.unb64u(vector["data_key"])
    iv = env.unb64u(vector["envelope"]["iv"])
    sealed = env.seal_document(data_key, vector["sync_id"], vector["name"], vector["document"], iv)
    assert sealed == vector["envelope"]
    assert len(env.unb64u(sealed["ct"])) == vector["padded_length"] + 16
    # decrypt_document is unchanged: a reader from before padding reads it as it is.
    opened = env.decrypt_document(data_key, vector["sync_id"], vector["name"], vector["envelope"])
    assert opened == vector["document"]


def test_lists_of_one_and_of_five_people_have_ciphertexts_of_one_size():
    def person(n: int) -> dict:
        register = {"value": f"Person number {n}", "ts": 1_700_000_000_000, "device": "laptop"}
        return {
            "adds": [f"{n:022d}"],
            "label": register,
            "note": {**register, "value": "He promised every time"},
            "names": {**register, "value": []},
            "created_at": 1_700_000_000_000,
            "accounts": {
                f"x:h:person_{n}": {
                    "adds": [f"a{n:021d}"],
                    "platform": "x",
                    "handle": f"person_{n}",
                    "id": None,
                    "instance": None,
                }
            },
        }

    sizes = []
    for count in (1, 5):
        people = {f"p{n}": person(n) for n in range(count)}
        document = {"format": 1, "people": people, "removed": [], "pending": {}, "sites": {}}
        sizes.append(len(env.seal_document(bytes(32), "s" * 26, "blocklist", document)["ct"]))
    assert sizes[0] == sizes[1]
