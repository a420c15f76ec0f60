"""The JSON Schemas of the plaintext documents accept the valid examples and refuse the invalid."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from nocontact.client import backup

SCHEMAS = Path(__file__).resolve().parents[1] / "shared" / "schemas"
EXAMPLES = sorted((SCHEMAS / "examples").glob("*.json"))


def validator(name: str) -> Draft202012Validator:
    """Return a checked validator for one document schema."""
    schema = json.loads((SCHEMAS / f"{name}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_examples(example: Path):
    name, kind = example.name.split(".")[:2]
    errors = list(validator(name).iter_errors(json.loads(example.read_text())))
    if kind == "valid":
        assert errors == []
    else:
        assert errors, f"{example.name} should be refused"


def test_each_document_has_valid_and_invalid_examples():
    for name in backup.DOCUMENT_NAMES:
        kinds = {p.name.split(".")[1].split("-")[0] for p in EXAMPLES if p.name.startswith(name)}
        assert kinds == {"valid", "invalid"}, name


def test_the_empty_documents_a_client_starts_with_are_valid():
    empty = {
        "blocklist": {"format": 1, "people": {}, "removed": [], "pending": {}},
        "journal": {"format": 1, "events": {}, "cleared_before": 0},
        "settings": {"format": 1, "values": {}},
    }
    for name, document in empty.items():
        assert list(validator(name).iter_errors(document)) == []
