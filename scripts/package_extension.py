"""Build the two store packages of the extension into dist/ (or the folder given).

Both stores get the same files; Chromium's manifest has no web-accessible resource
(scripts/browser_manifests.py says why). The manifest loses its "key": that key only pins the
extension id for unpacked development installs, and the Chrome Web Store refuses uploads that
carry one (the store assigns the id). The Firefox package is built by web-ext, the tool AMO
documents for it.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import browser_manifests  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
EXTENSION = ROOT / "extension"
WEB_EXT = ROOT / "node_modules" / ".bin" / "web-ext"
# Development notes stay in the repository; the stores get only what the browser loads.
EXCLUDED_NAMES = {"README.md", ".DS_Store", "Thumbs.db"}


def stage(destination: Path, browser: str) -> str:
    """Copy the extension without dev files or the manifest key, with ``browser``'s manifest
    (scripts/browser_manifests.py); return its version."""
    shutil.copytree(EXTENSION, destination, ignore=shutil.ignore_patterns(*EXCLUDED_NAMES))
    manifest_path = destination / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    if browser == "chromium":
        manifest = browser_manifests.for_chromium(manifest)
    manifest.pop("key", None)
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n")
    return manifest["version"]


def zip_folder(folder: Path, target: Path) -> None:
    """Zip folder's contents (manifest at the root, stable order) into target."""
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            archive.write(path, path.relative_to(folder).as_posix())


def build(out_dir: Path) -> list[Path]:
    """Build both packages into out_dir and return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        version = stage(Path(tmp) / "chromium", "chromium")
        chrome = out_dir / f"no-contact-chrome-{version}.zip"
        firefox = out_dir / f"no-contact-firefox-{version}.zip"
        zip_folder(Path(tmp) / "chromium", chrome)
        staged = Path(tmp) / "firefox"
        stage(staged, "firefox")
        subprocess.run(
            [
                str(WEB_EXT),
                "build",
                "--source-dir",
                str(staged),
                "--artifacts-dir",
                str(out_dir),
                "--filename",
                firefox.name,
                "--overwrite-dest",
                "--no-input",
            ],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return [chrome, firefox]


def main(argv: list[str] | None = None) -> int:
    """Build the packages and print where they are."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out", type=Path, default=ROOT / "dist", help="output folder (default: dist/)"
    )
    args = parser.parse_args(argv)
    for path in build(args.out):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
