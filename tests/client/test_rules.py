"""The CLI applies the extension's own rules for passphrases and server addresses: the cases in
shared/vectors/ pass here and in tests/js/rules.vectors.test.mjs against the extension's code."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from nocontact.client import rules

ROOT = Path(__file__).resolve().parents[2]
PASSPHRASES = json.loads((ROOT / "shared/vectors/passphrase.json").read_text())["cases"]
SERVERS = json.loads((ROOT / "shared/vectors/server.json").read_text())["cases"]


@pytest.mark.parametrize("case", PASSPHRASES, ids=lambda case: case["why"])
def test_passphrase_cases(case):
    assert rules.passphrase_problem(case["passphrase"]) == case["problem"]
    assert rules.estimate_bits(case["passphrase"]) == pytest.approx(case["bits"], abs=0.051)


@pytest.mark.parametrize("case", SERVERS, ids=lambda case: case["why"])
def test_server_cases(case):
    if "origin" in case:
        assert rules.server_origin(case["text"]) == case["origin"]
    else:
        assert case["error"] == "bad_server"
        with pytest.raises(rules.BadServer):
            rules.server_origin(case["text"])


def test_the_cases_cover_every_answer():
    assert {case["problem"] for case in PASSPHRASES} == {None, "short", "repetitive", "guessable"}
    assert any("origin" in case for case in SERVERS) and any("error" in case for case in SERVERS)


def test_the_word_list_is_the_extensions_whole_list():
    source = rules.WORDLIST.read_text(encoding="utf-8")
    announced = int(re.search(r"(\d+) words", source).group(1))
    assert len(rules.words()) == announced
    assert {"abacus", "zoom"} <= rules.words()


def test_addresses_a_browser_might_read_another_way_are_refused():
    # Stricter than the extension where URL parsers disagree; never more lenient.
    for text in ["https:sync.example", "https://exa%6Dple.com", "https://bücher.example"]:
        with pytest.raises(rules.BadServer):
            rules.server_origin(text)
