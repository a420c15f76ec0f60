"""The store packages hold exactly what the browsers load, and nothing from development."""

from __future__ import annotations

import json
import re
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

import package_extension  # noqa: E402


@pytest.fixture(scope="module")
def packages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, zipfile.ZipFile]:
    """Build both packages once into a temp folder."""
    chrome, firefox = package_extension.build(tmp_path_factory.mktemp("dist"))
    return {"chrome": zipfile.ZipFile(chrome), "firefox": zipfile.ZipFile(firefox)}


def referenced_files(manifest: dict) -> set[str]:
    """Every file the manifest points at."""
    files = set(manifest["background"].get("scripts", []))
    files.add(manifest["background"]["service_worker"])
    for script in manifest.get("content_scripts", []):
        files.update(script.get("js", []))
        files.update(script.get("css", []))
    files.update(manifest.get("icons", {}).values())
    action = manifest.get("action", {})
    files.update(action.get("default_icon", {}).values())
    if "default_popup" in action:
        files.add(action["default_popup"])
    if "options_ui" in manifest:
        files.add(manifest["options_ui"]["page"])
    for resource in manifest.get("web_accessible_resources", []):
        files.update(r for r in resource["resources"] if "*" not in r)
    return {f.lstrip("/") for f in files}


@pytest.mark.parametrize("store", ["chrome", "firefox"])
def test_package_is_loadable_and_complete(packages: dict[str, zipfile.ZipFile], store: str) -> None:
    names = set(packages[store].namelist())
    manifest = json.loads(packages[store].read("manifest.json"))
    missing = referenced_files(manifest) - names
    assert not missing, f"{store} package lacks files its manifest uses: {sorted(missing)}"
    messages = json.loads(packages[store].read("_locales/en/messages.json"))
    used = set(re.findall(r"__MSG_(\w+)__", json.dumps(manifest)))
    assert used <= set(messages), f"manifest names unknown messages: {sorted(used - set(messages))}"


@pytest.mark.parametrize("store", ["chrome", "firefox"])
def test_package_has_no_development_files(packages: dict[str, zipfile.ZipFile], store: str) -> None:
    names = packages[store].namelist()
    manifest = json.loads(packages[store].read("manifest.json"))
    # The store assigns the id; the Chrome Web Store refuses a manifest with a "key".
    assert "key" not in manifest
    leaked = [
        n
        for n in names
        if n.endswith("README.md") or n.startswith(("tests/", "node_modules/", "."))
    ]
    assert not leaked


def test_both_stores_get_the_same_files(packages: dict[str, zipfile.ZipFile]) -> None:
    chrome = {n for n in packages["chrome"].namelist() if not n.endswith("/")}
    firefox = {n for n in packages["firefox"].namelist() if not n.endswith("/")}
    assert chrome == firefox
    source = {
        p.relative_to(ROOT / "extension").as_posix()
        for p in (ROOT / "extension").rglob("*")
        if p.is_file()
    }
    assert chrome == {n for n in source if not n.endswith("README.md")}


def test_only_firefox_lists_a_page_sites_may_load(packages: dict[str, zipfile.ZipFile]) -> None:
    # Chrome's address for the extension is the same on every machine: a page reachable from sites
    # would tell them it is installed (SECURITY.md). Firefox's is random per install, and its
    # redirect rules need the interstitial reachable from the supported sites.
    chrome = json.loads(packages["chrome"].read("manifest.json"))
    firefox = json.loads(packages["firefox"].read("manifest.json"))
    assert "web_accessible_resources" not in chrome
    [entry] = firefox["web_accessible_resources"]
    assert entry["resources"] == ["pages/interstitial.html"]
    assert {k: v for k, v in firefox.items() if k != "web_accessible_resources"} == chrome
