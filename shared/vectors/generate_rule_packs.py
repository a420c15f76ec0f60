"""Write shared/vectors/rule-packs.json: signed rule packs and the answer each must get.

Run from the project: `.venv/bin/python shared/vectors/generate_rule_packs.py`. Each run makes a new
throwaway key (only its PUBLIC half is written) and new signatures (ECDSA is randomised), so the
file changes entirely; the cases stay the same. Both tests/js/rules.test.mjs (the extension's
lib/rules/verify.js) and tests/client/test_rules_cli.py (nocontact.rulepack) run every case.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

from nocontact import rulepack

OUT = Path(__file__).with_name("rule-packs.json")
APPLIED = 5

PROFILE_LINK = {
    "attr": "href",
    "pattern": "^(?:https://(?:x|twitter|mobile\\.twitter)\\.com)?/([A-Za-z0-9_]{1,15})/?$",
    "as": "handle",
}
PACK = {
    # Keys deliberately out of order: the signature covers the canonical text, not this one.
    "version": 7,
    "sites": {
        "x": {
            "health": {"itemPages": ["^/home/?$"]},
            "dom": {
                "items": [
                    {
                        "kind": "post",
                        "selector": 'article[data-nc-item="post"]',
                        "hide": '[data-testid="cellInnerDiv"]',
                        "authors": [
                            {**PROFILE_LINK, "selector": '[data-testid="User-Name"] a[href]'}
                        ],
                    }
                ],
                "attributes": ["data-nc-item"],
            },
        },
        "reddit": {
            "profiles": [{"pattern": "^/(?:u|user)/([A-Za-z0-9_-]{3,20})/?$", "handle": 1}],
        },
    },
    "date": "2026-12-02",
    "format": 1,
}

CANONICAL = [
    {"why": "keys sorted, no spaces", "value": {"b": 1, "a": [True, False, "x"]}},
    {"why": "escapes as JSON.stringify writes them", "value": {"s": 'q"\\\n\t\x01\x7f/é€'}},
    {
        "why": "keys sorted by UTF-16 code units: an emoji (a surrogate pair) before U+FF61",
        "value": {"\uff61": 1, "\U0001f600": 2, "z": 3, "Z": 4, "é": 5},
    },
    {"why": "negative and large safe integers", "value": {"n": [-1, 0, 9007199254740991]}},
]


def main() -> None:
    private, _pem = rulepack.new_private_key()
    entry = rulepack.public_key_entry(private.public_key())

    def signed(pack: dict) -> dict:
        # Signs without the checks, so that refused packs can be signed too.
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.asymmetric import ec
        from cryptography.hazmat.primitives.asymmetric.utils import decode_dss_signature

        der = private.sign(rulepack.canonical_bytes(pack), ec.ECDSA(hashes.SHA256()))
        r, s = decode_dss_signature(der)
        raw = r.to_bytes(32, "big") + s.to_bytes(32, "big")
        return {"pack": pack, "signature": rulepack.b64u(raw), "key_id": entry.key_id}

    def variant(change) -> dict:
        pack = copy.deepcopy(PACK)
        change(pack)
        return pack

    good = signed(PACK)
    tampered = copy.deepcopy(good)
    tampered["pack"]["sites"]["x"]["dom"]["items"][0]["selector"] = "article"
    cases = [
        ("a signed newer pack", good, {"ok": True, "version": 7}),
        ("a selector changed after signing", tampered, {"reason": "bad_signature"}),
        (
            "the signature of another pack",
            {**good, "signature": signed({**PACK, "version": 8})["signature"]},
            {"reason": "bad_signature"},
        ),
        (
            "a signature that is not 64 bytes",
            {**good, "signature": good["signature"][:40]},
            {"reason": "bad_signature"},
        ),
        (
            "a key the extension does not ship",
            {**good, "key_id": "AAAAAAAAAAAA"},
            {"reason": "unknown_key"},
        ),
        ("an older version", signed({**PACK, "version": 3}), {"reason": "not_newer"}),
        ("the version in use", signed({**PACK, "version": APPLIED}), {"reason": "not_newer"}),
        (
            "an unknown top-level field",
            signed({**PACK, "script": "x"}),
            {"reason": "unknown_field", "where": "pack.script"},
        ),
        (
            "an unknown per-site field (hosts stay the built-in file's)",
            signed(variant(lambda p: p["sites"]["x"].update(hosts=["evil.example"]))),
            {"reason": "unknown_field", "where": "pack.sites.x.hosts"},
        ),
        (
            "an unknown field in a reader",
            signed(
                variant(lambda p: p["sites"]["x"]["dom"]["items"][0]["authors"][0].update(run="1"))
            ),
            {"reason": "unknown_field", "where": "pack.sites.x.dom.items[0].authors[0].run"},
        ),
        (
            "a platform the registry does not have",
            signed(variant(lambda p: p["sites"].update(myspace={"profiles": []}))),
            {"reason": "unknown_platform", "where": "pack.sites.myspace"},
        ),
        (
            'a "javascript:" URL in a selector',
            signed(
                variant(
                    lambda p: p["sites"]["x"]["dom"]["items"][0].update(
                        selector="a[href='JavaScript:alert(1)']"
                    )
                )
            ),
            {"reason": "code_like", "where": "pack.sites.x.dom.items[0].selector"},
        ),
        (
            "an arrow function as a pattern",
            signed(
                variant(
                    lambda p: p["sites"]["x"]["dom"]["items"][0]["authors"][0].update(
                        pattern="(el) => el.remove()"
                    )
                )
            ),
            {"reason": "code_like", "where": "pack.sites.x.dom.items[0].authors[0].pattern"},
        ),
        (
            'a "function(" in an attribute list',
            signed(variant(lambda p: p["sites"]["x"]["dom"].update(attributes=["function (){}"]))),
            {"reason": "code_like", "where": "pack.sites.x.dom.attributes[0]"},
        ),
        (
            "a __proto__ key",
            signed(variant(lambda p: p["sites"]["x"]["dom"]["items"][0].update(__proto__={}))),
            {"reason": "code_like", "where": "pack.sites.x.dom.items[0].__proto__"},
        ),
        (
            "a kind the site-file type does not have",
            signed(variant(lambda p: p["sites"]["x"]["dom"]["items"][0].update(kind="ad"))),
            {"reason": "bad_value", "where": "pack.sites.x.dom.items[0].kind"},
        ),
        (
            "a number where a string goes",
            signed(variant(lambda p: p["sites"]["x"]["dom"]["items"][0].update(selector=1))),
            {"reason": "bad_value", "where": "pack.sites.x.dom.items[0].selector"},
        ),
        (
            "a required field missing",
            signed(variant(lambda p: p["sites"]["x"]["dom"]["items"][0].pop("authors"))),
            {"reason": "bad_value", "where": "pack.sites.x.dom.items[0].authors"},
        ),
        (
            "a format this version does not know",
            signed({**PACK, "format": 2}),
            {"reason": "malformed", "where": "pack.format"},
        ),
    ]
    # null cannot be signed through canonical_json: written by hand, refused before any signature.
    written = [
        {"why": why, "envelope": json.dumps(envelope, ensure_ascii=False, indent=1), **result}
        for why, envelope, result in cases
    ]
    written.append(
        {
            "why": "null is not a value a pack holds",
            "envelope": json.dumps({**good, "pack": {**PACK, "sites": {"x": None}}}),
            "reason": "malformed",
        }
    )
    written.append({"why": "not JSON", "envelope": "{pack:", "reason": "malformed"})
    data = {
        "why": (
            "Rule packs (shared/PROTOCOL.md 'Rule packs'): each envelope and the answer the "
            "extension (lib/rules/verify.js) and Python (nocontact.rulepack) give it, with the "
            "keys below and `applied_version` in use. Written by generate_rule_packs.py."
        ),
        "keys": [{"key_id": entry.key_id, "jwk": entry.jwk}],
        "applied_version": APPLIED,
        "signed_bytes": rulepack.canonical_json(PACK),
        "canonical": [
            {**case, "text": rulepack.canonical_json(case["value"])} for case in CANONICAL
        ],
        "cases": written,
    }
    OUT.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
