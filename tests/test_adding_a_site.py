"""Adding a site takes exactly the files extension/README.md lists, and lint fails while one is
missing: a dry run on a copy of the project, one step at a time, with the lint's own checks
(scripts/sync-sites.mjs --check for the lists, tsc for the site-file type)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TSC = ROOT / "node_modules" / ".bin" / "tsc"

SITE = """// Example Social: a made-up site for the dry run of adding a site.
"use strict";

globalThis.NoContactSites.register({
  platform: "example",
  hosts: ["www.example-social.test"],
  redirects: { handle: ["||example-social.test/u/{}^"] },
  profiles: [{ pattern: "^/u/([\\\\w.]+)/?$", handle: 1 }],
  dom: {
    items: [
      {
        kind: "post",
        selector: "article.post",
        authors: [
          { selector: "a.author[href]", attr: "href", pattern: "^/u/([\\\\w.]+)/?$", as: "handle" },
        ],
      },
    ],
  },
});
"""


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of what the lint reads: the extension, the schemas, the fixtures, the types."""
    for part in ["extension", "shared/schemas", "tests/fixtures", "types"]:
        shutil.copytree(ROOT / part, tmp_path / part)
    (tmp_path / "jsconfig.json").write_text((ROOT / "jsconfig.json").read_text())
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    return tmp_path


def sync_sites(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "NC_EXTENSION_DIR": str(project / "extension"),
        "NC_SCHEMA_DIR": str(project / "shared" / "schemas"),
        "NC_FIXTURES_DIR": str(project / "tests" / "fixtures"),
    }
    script = ROOT / "scripts" / "sync-sites.mjs"
    return subprocess.run(["node", script, *args], env=env, capture_output=True, text=True)


def tsc(project: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [TSC, "-p", project / "jsconfig.json"], cwd=project, capture_output=True, text=True
    )


def test_each_missing_piece_fails_the_lint_until_the_site_is_complete(project: Path):
    assert sync_sites(project, "--check").returncode == 0

    # 1. The site file alone: the registry does not list it.
    (project / "extension/sites/example.js").write_text(SITE)
    result = sync_sites(project, "--check")
    assert result.returncode == 1 and "does not import sites/example.js" in result.stderr

    # 2. One registry line: now the manifest, the schema and the locales are behind.
    registry = project / "extension/lib/sites.js"
    registry.write_text(
        registry.read_text().replace(
            'import "../sites/mastodon.js";',
            'import "../sites/mastodon.js";\nimport "../sites/example.js";',
        )
    )
    result = sync_sites(project, "--check")
    assert result.returncode == 1
    assert "extension/manifest.json is stale" in result.stderr
    assert "blocklist.schema.json is stale" in result.stderr
    assert "has no site_example" in result.stderr
    assert "tests/fixtures/example/contract.json is missing" in result.stderr

    # 3. ./dev sync-sites writes the derived lists (and still names what it cannot write).
    result = sync_sites(project)
    assert "wrote" in result.stdout and "has no site_example" in result.stderr
    manifest = json.loads((project / "extension/manifest.json").read_text())
    assert "https://www.example-social.test/*" in manifest["host_permissions"]
    assert any("sites/example.js" in entry["js"] for entry in manifest["content_scripts"])
    schema = json.loads((project / "shared/schemas/blocklist.schema.json").read_text())
    assert "example" in schema["$defs"]["platform"]["enum"]

    # 4. Its name in every locale, 5. its fixtures and contract: then the lint is content.
    for locale in (project / "extension/_locales").iterdir():
        path = locale / "messages.json"
        messages = json.loads(path.read_text())
        messages["site_example"] = {"message": "Example Social"}
        path.write_text(json.dumps(messages))
    assert "has no site_" not in sync_sites(project, "--check").stderr
    (project / "tests/fixtures/example").mkdir()
    (project / "tests/fixtures/example/contract.json").write_text("{}")
    result = sync_sites(project, "--check")
    assert result.returncode == 0, result.stderr

    # The site file is checked against the site-file type: a misspelt field fails tsc.
    assert tsc(project).returncode == 0
    site = project / "extension/sites/example.js"
    site.write_text(SITE.replace('selector: "article.post"', 'selectr: "article.post"'))
    result = tsc(project)
    assert result.returncode != 0 and "sites/example.js" in result.stdout
