"""Schemathesis against the service's own OpenAPI document, in process on SQLite: generated valid
and invalid requests (examples, coverage, fuzzing) to every operation, then stateful sequences that
follow the document's links. No answer may be a 5xx, and every answer must be one the document
describes (status, content type, headers, body schema).

Run with -s to see how many cases ran.
"""

from __future__ import annotations

import atexit
import hashlib
import secrets
import shutil
import tempfile
from collections import Counter
from collections.abc import Iterator

import pytest
import schemathesis
from flask import Flask
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from nocontact import create_app
from nocontact.validate import SYNC_ID

from ..support.keys import b64u, key_material

# Per operation and phase, for both generation modes; about 2,000 cases in 20 to 30 s here.
MAX_EXAMPLES = 60
UNLIMITED = 10**9
STATS: Counter[str] = Counter()
# Auth keys of the syncs made during the run, so authenticated calls can get past 401.
KEYS: dict[str, str] = {}

CONFIG = {
    # Deterministic: the same cases on every run, so the suite cannot turn red by chance; change
    # the settings locally (deterministic false, more examples) to explore further.
    "generation": {"mode": "all", "max-examples": MAX_EXAMPLES, "deterministic": True},
    "checks": {
        # A compare-and-set that finds another version is the protocol working (If-Match on a
        # document, the versions of a passphrase change): state, not shape.
        "positive_data_acceptance": {"expected-statuses": ["2xx", "3xx", "401", "404", "412"]},
        # 428 Precondition Required is the status for a write without If-Match (RFC 6585).
        "missing_required_header": {"expected-statuses": ["400", "401", "428"]},
    },
    "operations": [
        {
            # A passphrase change that leaves out a document another case has written since is
            # refused with 400 (PROTOCOL §2): which documents exist is state, not shape.
            "include-operation-id": "changeKey",
            "checks": {
                "positive_data_acceptance": {
                    "expected-statuses": ["2xx", "3xx", "400", "401", "404", "412"]
                }
            },
        }
    ],
}


# Made at import: schemathesis parametrizes at collection time (its fixture-based loader does not
# work with pytest 9), so the app and its schema exist before any fixture runs.
_DIRECTORY = tempfile.mkdtemp(prefix="nocontact-fuzz-")
# Also when every test here is deselected and the fixture below never runs.
atexit.register(shutil.rmtree, _DIRECTORY, True)
APP = create_app(
    {
        "TESTING": True,
        "DATABASE_URL": f"sqlite:///{_DIRECTORY}/sync.db",
        "CREATE_LIMIT": UNLIMITED,
        "AUTH_FAIL_LIMIT_PER_SYNC_AND_ADDRESS": UNLIMITED,
        "AUTH_FAIL_LIMIT_PER_SYNC": UNLIMITED,
        "AUTH_FAIL_LIMIT_PER_ADDRESS": UNLIMITED,
        "KDF_LIMIT_PER_ADDRESS": UNLIMITED,
    }
)
schema = schemathesis.openapi.from_wsgi(
    "/openapi.json", APP, config=SchemathesisConfig.from_dict(CONFIG)
)


@pytest.fixture(scope="module", autouse=True)
def _report_and_clean_up() -> Iterator[None]:
    yield
    APP.extensions["nocontact.engine"].dispose()
    print(f"\nschemathesis: {dict(sorted(STATS.items()))}")


def _new_sync(app: Flask) -> str:
    auth_key = secrets.token_bytes(32)
    created = app.test_client().post("/v1/syncs", json=key_material(auth_key))
    sync_id = created.json["sync_id"]
    KEYS[sync_id] = b64u(auth_key)
    return sync_id


def _authorize(case: schemathesis.Case, app: Flask) -> None:
    """Point two of three generated well-formed ids at a fresh real sync, with its key."""
    sync_id = case.path_parameters.get("sync_id") if case.path_parameters else None
    if not isinstance(sync_id, str) or not SYNC_ID.match(sync_id):
        return
    if sync_id not in KEYS and hashlib.sha256(sync_id.encode()).digest()[0] % 3:
        sync_id = _new_sync(app)
        case.path_parameters["sync_id"] = sync_id
    # Only a generated Authorization gets the real key: a case without one tests exactly that.
    headers = case.headers or {}
    if sync_id in KEYS and any(name.lower() == "authorization" for name in headers):
        kept = {name: value for name, value in headers.items() if name.lower() != "authorization"}
        case.headers = {**kept, "Authorization": f"Bearer {KEYS[sync_id]}"}


def _record(kind: str, case: schemathesis.Case, response: schemathesis.Response) -> None:
    STATS[kind] += 1
    STATS[f"{response.status_code // 100}xx"] += 1
    STATS[f"{kind} {case.operation.label} {response.status_code}"] += 1


@schema.parametrize()
@settings(deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_every_operation_answers_as_documented_and_never_5xx(case):
    _authorize(case, APP)
    response = case.call_and_validate()
    _record("single", case, response)
    assert response.status_code < 500


def test_sequences_along_the_links_answer_as_documented():
    class Sequences(schema.as_state_machine()):  # type: ignore[misc]
        def before_call(self, case: schemathesis.Case) -> None:
            _authorize(case, APP)

        def after_call(self, response: schemathesis.Response, case: schemathesis.Case) -> None:
            # A sync the sequence created itself: remember its key for the linked calls.
            if response.status_code == 201 and isinstance(case.body, dict):
                KEYS[response.json()["sync_id"]] = case.body["auth_key"]
            _record("sequence", case, response)
            assert response.status_code < 500

    Sequences.run(
        settings=settings(
            max_examples=60,
            stateful_step_count=8,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
    )
