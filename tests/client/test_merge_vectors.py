"""The Python client accepts documents as the extension does: shared/vectors/merge.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from nocontact.client.accept import accept_remote
from nocontact.client.merge import canonical

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
