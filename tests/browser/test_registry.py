"""Every site file is listed once everywhere it must be, and has fixture pages and tests.

The unit of the extension is the site adapter (extensions/sites/<platform>.js): adding a site means
adding that file, one line in lib/sites.js, one content_scripts entry in the manifest, fixture pages
in tests/fixtures/<platform>/ and tests in tests/browser/test_site_<platform>.py. These tests fail
when one of those is missing, so a half-added site cannot land unnoticed.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION = ROOT / "extension"
SITES_DIR = EXTENSION / "sites"
ENGINE_FILES = ["content/matcher.js", "content/engine.js"]


def site_files() -> list[Path]:
    """Return every site adapter file."""
    return sorted(SITES_DIR.glob("*.js"))


def content_scripts() -> list[dict]:
    """Return the manifest's content_scripts entries."""
    return json.loads((EXTENSION / "manifest.json").read_text())["content_scripts"]


def entry_for(name: str) -> dict | None:
    """Return the content_scripts entry that loads sites/<name>, if any."""
    matching = [e for e in content_scripts() if f"sites/{name}" in e.get("js", [])]
    assert len(matching) <= 1, f"sites/{name} is in {len(matching)} content_scripts entries"
    return matching[0] if matching else None


SITES = [p.name for p in site_files()]


def test_there_are_sites():
    assert SITES, "no site adapter in extension/sites/"


@pytest.mark.parametrize("name", SITES)
def test_site_file_registers_its_own_platform(name: str):
    source = (SITES_DIR / name).read_text()
    assert "NoContactSites.register(" in source
    platforms = re.findall(r"""\bplatform:\s*["'](\w+)["']""", source)
    assert platforms[:1] == [name.removesuffix(".js")], f"{name} registers {platforms[:1]}"


@pytest.mark.parametrize("name", SITES)
def test_site_is_listed_in_the_registry_module(name: str):
    registry = (EXTENSION / "lib" / "sites.js").read_text()
    assert re.search(rf"""["']\.\./sites/{re.escape(name)}["']""", registry), (
        f"lib/sites.js does not import sites/{name}"
    )


def runs_on_any_host(name: str) -> bool:
    """Whether the site runs on hosts the user adds (Mastodon instances), not on fixed ones.

    Such a site has no static content_scripts entry: the background registers its scripts at run
    time for each instance the user adds (scripting.registerContentScripts).
    """
    return bool(re.search(r"\buserHosts:\s*true", (SITES_DIR / name).read_text()))


@pytest.mark.parametrize("name", SITES)
def test_site_has_its_content_script_entry(name: str):
    entry = entry_for(name)
    if runs_on_any_host(name):
        assert entry is None, f"sites/{name} runs on any host: no static entry expected"
        return
    assert entry, f"manifest.json has no content_scripts entry for sites/{name}"
    scripts = entry["js"]
    # The registry bootstrap, then the site's data, then the engine that applies it.
    assert scripts.index(f"sites/{name}") > scripts.index("common/registry.js")
    assert scripts[-len(ENGINE_FILES) :] == ENGINE_FILES
    assert entry.get("run_at") == "document_start"
    assert "content/hide.css" in entry.get("css", [])
    assert entry["matches"], f"sites/{name} matches no page"


@pytest.mark.parametrize("name", SITES)
def test_site_has_fixture_pages(name: str):
    folder = ROOT / "tests" / "fixtures" / name.removesuffix(".js")
    assert folder.is_dir(), f"no fixture pages in {folder.relative_to(ROOT)}"
    pages = list(folder.glob("*.html"))
    assert pages, f"{folder.relative_to(ROOT)} has no .html page"
    for page in pages:
        html = page.read_text()
        assert "data-test-person" in html, f"{page.name} marks nothing of the person"
        assert "data-test-keep" in html or page.name.startswith("theirs"), (
            f"{page.name} shows nothing that must stay visible"
        )


@pytest.mark.parametrize("name", SITES)
def test_site_has_browser_tests(name: str):
    test_file = ROOT / "tests" / "browser" / f"test_site_{name.removesuffix('.js')}.py"
    assert test_file.is_file(), f"no {test_file.relative_to(ROOT)}"
    assert re.search(r"^def test_", test_file.read_text(), re.M), f"{test_file.name} has no tests"


def test_no_orphan_entries_fixtures_or_tests():
    names = {n.removesuffix(".js") for n in SITES}
    for entry in content_scripts():
        for script in entry.get("js", []):
            if script.startswith("sites/"):
                assert script.removeprefix("sites/").removesuffix(".js") in names, script
    for test_file in (ROOT / "tests" / "browser").glob("test_site_*.py"):
        assert test_file.stem.removeprefix("test_site_") in names, f"{test_file.name}: no site"
