"""Every site has what the site contract needs: fixture pages that mark the person and someone
who must stay, and a contract.json (tests/browser/test_site_contract.py) whose pages exist and are
served at the site's own hosts. Everything else about a site (the registry line, the manifest's
lists, the schema enum, the locale key) is checked by `./dev lint` (scripts/sync-sites.mjs)."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlsplit

import pytest

ROOT = Path(__file__).resolve().parents[2]
SITES_DIR = ROOT / "extension" / "sites"
FIXTURES = ROOT / "tests" / "fixtures"
SITES = sorted(p.stem for p in SITES_DIR.glob("*.js"))
HOSTS = json.loads((ROOT / "extension" / "manifest.json").read_text())["host_permissions"]


def test_there_are_sites():
    assert SITES, "no site file in extension/sites/"


@pytest.mark.parametrize("site", SITES)
def test_site_has_fixture_pages_marking_the_person_and_others(site: str):
    pages = list((FIXTURES / site).glob("*.html"))
    assert pages, f"tests/fixtures/{site}/ has no .html page"
    for page in pages:
        html = page.read_text()
        # A conversation page marks their messages with data-test-message (hidden or shown by the
        # person's message choice, test_messages.py).
        assert "data-test-person" in html or "data-test-message" in html, (
            f"{page.name} marks nothing of the person"
        )
        assert "data-test-keep" in html or page.name.startswith("theirs"), (
            f"{page.name} shows nothing that must stay visible"
        )


@pytest.mark.parametrize("site", SITES)
def test_site_contract_names_existing_pages_on_its_hosts(site: str):
    contract = json.loads((FIXTURES / site / "contract.json").read_text())
    assert {"people", "secret", "pages", "burst", "theirProfile", "lookalikes", "fullLoads"} <= set(
        contract
    )
    assert all(a["platform"] == site for p in contract["people"] for a in p["accounts"])
    instances = contract.get("instances", [])
    for page in contract["pages"]:
        assert (FIXTURES / page["fixture"]).is_file(), page["fixture"]
        host = urlsplit(page["url"]).hostname
        assert f"https://{host}/*" in HOSTS or host in instances, f"{site}: {host} is not its host"
    for entry in [contract["burst"], *contract["theirProfile"], *contract["lookalikes"]]:
        assert 0 <= entry["page"] < len(contract["pages"])


def test_no_fixtures_or_tests_for_sites_that_do_not_exist():
    for folder in FIXTURES.iterdir():
        if (folder / "contract.json").exists():
            assert folder.name in SITES, f"tests/fixtures/{folder.name}: no such site"
    for test_file in (ROOT / "tests" / "browser").glob("test_site_*.py"):
        name = test_file.stem.removeprefix("test_site_")
        assert name in SITES or name == "contract", f"{test_file.name}: no such site"
