"""What the two browsers' builds of the extension differ in: one fact, used by the store packages
(scripts/package_extension.py), the test harness (tests/browser/harness.py) and ``./dev
stage-chromium`` (the folder to load unpacked in Chromium).

``extension/manifest.json`` is Firefox's as it stands. Chromium's drops
``web_accessible_resources``. The interstitial is listed there only because Firefox lets a
declarativeNetRequest rule send a site's page to an extension page only if that page is
web-accessible to the site (measured: NS_ERROR_DOM_BAD_URI without it), and in Firefox that costs
nothing: the extension's address (moz-extension://<uuid>) is random on every install. In Chromium
the address is the same on every machine, so a web-accessible page would let the sites' own
scripts tell the extension is installed by loading it. Chromium's redirect rules work without it
(measured), and ``use_dynamic_url`` is no way out (with it, Chromium blocks the redirect:
net::ERR_BLOCKED_BY_CLIENT). Content scripts never load the interstitial themselves: the
background moves the tab.
"""

from __future__ import annotations

import argparse
import json
import shutil
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"


def for_chromium(manifest: dict) -> dict:
    """Chromium's manifest, from the one in extension/."""
    return {k: v for k, v in manifest.items() if k != "web_accessible_resources"}


def stage_for_chromium(source: Path, destination: Path, ignore: list[str] | None = None) -> Path:
    """Copy the extension in ``source`` to ``destination`` with Chromium's manifest."""
    if destination.exists():
        shutil.rmtree(destination)
    shutil.copytree(source, destination, ignore=shutil.ignore_patterns(*(ignore or [])))
    path = destination / "manifest.json"
    path.write_text(json.dumps(for_chromium(json.loads(path.read_text())), indent=2) + "\n")
    return destination


def main(argv: list[str] | None = None) -> int:
    """Write the folder to load unpacked in Chromium."""
    parser = argparse.ArgumentParser(description="Write Chromium's build of extension/")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "chromium")
    args = parser.parse_args(argv)
    print(stage_for_chromium(EXTENSION, args.out, ["README.md"]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
