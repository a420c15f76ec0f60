"""Rule packs in Python (nocontact.rulepack) give every case of shared/vectors/rule-packs.json the
answer the extension gives (tests/js/rules.test.mjs), and the maintainer's CLI signs what both
verify: `nocontact rules keygen`, `sign`, `verify`."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nocontact import rulepack
from nocontact.client import cli

ROOT = Path(__file__).resolve().parents[2]
VECTORS = json.loads((ROOT / "shared/vectors/rule-packs.json").read_text(encoding="utf-8"))
KEYS = [rulepack.PublicKey(k["key_id"], k["jwk"]) for k in VECTORS["keys"]]


@pytest.mark.parametrize("case", VECTORS["canonical"], ids=lambda c: c["why"])
def test_canonical_text(case):
    assert rulepack.canonical_json(case["value"]) == case["text"]


@pytest.mark.parametrize("case", VECTORS["cases"], ids=lambda c: c["why"])
def test_every_case(case):
    if case.get("ok"):
        envelope = rulepack.verify(case["envelope"], KEYS, VECTORS["applied_version"])
        assert envelope["pack"]["version"] == case["version"]
        assert rulepack.canonical_json(envelope["pack"]) == VECTORS["signed_bytes"]
        return
    with pytest.raises(rulepack.Refused) as refused:
        rulepack.verify(case["envelope"], KEYS, VECTORS["applied_version"])
    assert refused.value.reason == case["reason"]
    if "where" in case:
        assert refused.value.where == case["where"]


def test_too_large():
    envelope = json.loads(VECTORS["cases"][0]["envelope"])
    big = json.dumps({**envelope, "padding": "x" * rulepack.MAX_PACK_BYTES})
    with pytest.raises(rulepack.Refused, match="too_large"):
        rulepack.verify(big, KEYS)


def test_platforms_are_the_registrys():
    schema = json.loads((ROOT / "shared/schemas/blocklist.schema.json").read_text())
    enums = re.findall(r'"enum": \[([^\]]*)\]', json.dumps(schema, indent=1))
    platform_enums = [json.loads(f"[{found}]") for found in enums if '"mastodon"' in found]
    assert platform_enums and set(platform_enums[0]) == set(rulepack.PLATFORMS)


def test_the_servers_keys_are_the_extensions():
    source = (ROOT / "extension/lib/rules/keys.js").read_text()
    found = re.findall(
        r'key_id: "([^"]+)",\s*jwk: \{\s*kty: "EC",\s*crv: "P-256",\s*x: "([^"]+)",\s*y: "([^"]+)"',
        source,
    )
    shipped = [(k["key_id"], k["jwk"]["x"], k["jwk"]["y"]) for k in rulepack.shipped_keys()]
    assert found == shipped
    for key_id, x, y in found:
        jwk = {"kty": "EC", "crv": "P-256", "x": x, "y": y}
        assert rulepack.key_id_of(rulepack.PublicKey(key_id, jwk).load()) == key_id


def test_keygen_sign_verify(tmp_path, capsys):
    key = tmp_path / "private.pem"
    assert cli.main(["rules", "keygen", "--out", str(key)]) == 0
    assert key.stat().st_mode & 0o777 == 0o600
    public = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert cli.main(["rules", "keygen", "--out", str(key)]) == 1  # never overwritten

    pack_file = tmp_path / "pack.json"
    pack = json.loads(VECTORS["cases"][0]["envelope"])["pack"]
    pack_file.write_text(json.dumps(pack, indent=3))
    out = tmp_path / "envelope.json"
    assert cli.main(["rules", "sign", "--key", str(key), str(pack_file), "--out", str(out)]) == 0
    envelope = json.loads(out.read_text())
    assert envelope["key_id"] == public["key_id"]
    # The bytes signed are the same bytes as the vectors', whatever the file's layout.
    assert rulepack.canonical_json(envelope["pack"]) == VECTORS["signed_bytes"]
    keys_file = tmp_path / "keys.json"
    keys_file.write_text(json.dumps([public]))
    capsys.readouterr()
    assert cli.main(["rules", "verify", str(out), "--keys", str(keys_file)]) == 0
    assert "Good: version 7" in capsys.readouterr().out
    # With the shipped keys it is someone else's key.
    assert cli.main(["rules", "verify", str(out)]) == 1
    assert "unknown_key" in capsys.readouterr().err


def test_sign_refuses_a_pack_the_extension_would_refuse(tmp_path, capsys):
    key = tmp_path / "private.pem"
    cli.main(["rules", "keygen", "--out", str(key)])
    bad = {"format": 1, "version": 2, "sites": {"x": {"dom": {"items": [], "run": "x => x"}}}}
    pack_file = tmp_path / "pack.json"
    pack_file.write_text(json.dumps(bad))
    out = tmp_path / "envelope.json"
    capsys.readouterr()
    assert cli.main(["rules", "sign", "--key", str(key), str(pack_file), "--out", str(out)]) == 1
    assert "refused" in capsys.readouterr().err and not out.exists()
