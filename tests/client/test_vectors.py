"""The Python envelope passes the shared vectors (the extension's WebCrypto twin does too)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nocontact.client import envelope as env

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "shared/vectors/envelope.json").read_text())
ERRORS = {
    "wrong_passphrase": env.WrongPassphrase,
    "tampered": env.Tampered,
    "unsupported_version": env.UnsupportedVersion,
}


def test_committed_vectors_are_what_the_generator_produces():
    generated = subprocess.run(
        [sys.executable, str(ROOT / "shared/vectors/generate.py")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    assert json.loads(generated) == VECTORS


@pytest.mark.parametrize("vector", VECTORS["kdf"], ids=lambda v: v["passphrase"][:8])
def test_key_derivation(vector):
    assert env.b64u(env.master_key(vector["passphrase"], vector["kdf"])) == vector["master"]
    keys = env.derive_keys(vector["passphrase"], vector["kdf"])
    assert env.b64u(keys.auth_key) == vector["auth_key"]
    assert env.b64u(keys.kek) == vector["kek"]


def test_nfkc_makes_lookalike_passphrases_equal():
    vector = VECTORS["kdf"][1]
    import unicodedata

    normalised = unicodedata.normalize("NFKC", vector["passphrase"])
    assert normalised != vector["passphrase"]
    assert env.b64u(env.master_key(normalised, vector["kdf"])) == vector["master"]


def test_key_wrap():
    wrap = VECTORS["wrap"]
    kek, data_key = env.unb64u(wrap["kek"]), env.unb64u(wrap["data_key"])
    assert env.wrap_data_key(kek, data_key, env.unb64u(wrap["wrapped"]["iv"])) == wrap["wrapped"]
    assert env.unwrap_data_key(kek, wrap["wrapped"]) == data_key


@pytest.mark.parametrize("vector", VECTORS["documents"], ids=lambda v: v["name"])
def test_documents(vector):
    data_key = env.unb64u(VECTORS["wrap"]["data_key"])
    iv = env.unb64u(vector["envelope"]["iv"])
    sealed = env.encrypt_document(
        data_key, vector["sync_id"], vector["name"], vector["document"], iv
    )
    assert sealed == vector["envelope"]
    decrypted = env.decrypt_document(
        data_key, vector["sync_id"], vector["name"], vector["envelope"]
    )
    assert decrypted == vector["document"]


@pytest.mark.parametrize("vector", VECTORS["reject"]["kdf"], ids=lambda v: v["why"])
def test_weak_kdf_is_refused(vector):
    with pytest.raises(env.WeakKdf):
        env.derive_keys("anything", vector["kdf"])


@pytest.mark.parametrize("vector", VECTORS["reject"]["unwrap"], ids=lambda v: v["why"])
def test_bad_unwrap_is_refused(vector):
    with pytest.raises(ERRORS[vector["error"]]):
        env.unwrap_data_key(env.unb64u(vector["kek"]), vector["wrapped"])


@pytest.mark.parametrize("vector", VECTORS["reject"]["documents"], ids=lambda v: v["why"])
def test_bad_documents_are_refused(vector):
    data_key = env.unb64u(VECTORS["wrap"]["data_key"])
    with pytest.raises(ERRORS[vector["error"]]):
        env.decrypt_document(data_key, vector["sync_id"], vector["name"], vector["envelope"])
