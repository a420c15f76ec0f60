"""The Python client accepts documents as the extension does: shared/vectors/merge.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nocontact.client.accept import accept_remote
from nocontact.client.merge import MAX_RECORDS, canonical, merge_records

ROOT = Path(__file__).resolve().parents[2]
CASES = json.loads((ROOT / "shared/vectors/merge.json").read_text(encoding="utf-8"))["cases"]


@pytest.mark.parametrize("case", CASES, ids=lambda c: c["name"])
def test_vector(case):
    accepted = accept_remote(
        case["doc"],
        case["local"],
        case["remote"],
        case["now"],
        case["coolingOffHours"],
        case.get("blocklist"),
    )
    assert accepted == case["expected"]
    # The same JSON, key order aside, as the extension writes it.
    assert canonical(accepted) == canonical(case["expected"])


def test_canonical_writes_what_javascript_writes():
    value = {"b": [1, 2.0, 2.5, None, True], "a": 'é\n\u2028"', "\U0001f33f": {}, "z": -0.0}
    assert canonical(value) == '{"a":"é\\n\u2028\\"","b":[1,2,2.5,null,true],"z":0,"\U0001f33f":{}}'


def test_records_past_the_limit_keep_the_oldest_whichever_side_holds_them():
    # Too large for the vectors file: the extension's twin is in tests/js/records.test.mjs.
    def record(n: int, seen_at: int) -> dict:
        url = f"https://x.com/rowan_vale/status/{n}"
        return {
            "kind": "captured",
            "site": "x",
            "url": url,
            "seen_at": seen_at,
            "author": "rowan_vale",
            "text": f"words number {n}",
            "person": "p1",
        }

    def document(records: dict) -> dict:
        return {"format": 1, "records": records, "log": {}, "deleted": []}

    older = document({f"x:{n:05}": record(n, 1000 + n) for n in range(MAX_RECORDS)})
    newer = document({f"x:new{n}": record(90000 + n, 100 + n) for n in range(3)})
    merged = merge_records(older, newer)
    assert merged == merge_records(newer, older)
    assert len(merged["records"]) == MAX_RECORDS
    assert set(newer["records"]) <= set(merged["records"])
    assert max(r["seen_at"] for r in merged["records"].values()) == 1000 + MAX_RECORDS - 4
