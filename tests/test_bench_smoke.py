"""The browser benchmarks at their smallest size (``python bench/run.py --smoke``): pages with and
without the extension in Chromium, crypto in Chromium and Firefox. Checks that the results are
well formed and that no frame painted a listed row; timings are not checked (the figures are in
BENCHMARKS.md)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = [pytest.mark.browser, pytest.mark.timeout(180)]


def _positive(spread: dict) -> bool:
    return set(spread) == {"median", "min", "max"} and 0 < spread["min"] <= spread["max"]


def test_bench_smoke_writes_well_formed_results(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "run.py"), "--smoke", "--out-dir", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=170,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "Pages (Chromium)" in done.stdout and "Crypto" in done.stdout

    pages = json.loads((tmp_path / "pages.json").read_text())
    assert pages["machine"]["nproc"] >= 1
    for kind in ("x", "reddit"):
        load = pages["page_load"][kind]
        for metric in ("dcl", "load", "fcp"):
            for key in ("with_ms", "without_ms", "ratio"):
                assert _positive(load[metric][key]), (kind, metric, key, load[metric][key])
        assert load["hidden_with"] > 0 and load["person_shown_with"] == 0
    insertion = pages["insertion"]
    for name in ("10 people", f"{pages['size']['big']} people"):
        assert _positive(insertion[name]["script_ratio"]) and _positive(insertion[name]["script_s"])
        assert insertion[name]["hidden"] > 0 and insertion[name]["person_shown"] == 0
        assert set(insertion[name]["extra_us_per_row"]) == {"median", "min", "max"}
    assert _positive(insertion["script_per_row_big_vs_10"])
    # Sealed records on: what capturing costs is measured, and the rows were really kept.
    sealed = insertion["sealed"]
    assert _positive(sealed["script_ratio"]) and _positive(sealed["vs_10_people"])
    assert set(sealed["capture_us_per_kept_row"]) == {"median", "min", "max"}
    assert sealed["rows_hidden"] > 0 and sealed["person_shown"] == 0
    assert sealed["records_kept"] == sealed["rows_hidden"]
    # The extension never let a listed row paint; without it the monitor saw them (it looks).
    assert pages["painted_frames_with_extension"] == 0
    assert pages["painted_frames"]["without"] > 0

    crypto = json.loads((tmp_path / "crypto.json").read_text())
    assert set(crypto["engines"]) == {"chromium", "firefox"}
    for engine, result in crypto["engines"].items():
        assert result["iterations"] >= 600_000, engine
        for key in ("unlock_ms", "encrypt_ms", "decrypt_ms", "encrypt_decrypt_ms"):
            spread = result[key]
            assert set(spread) == {"median", "min", "max"}, (engine, key)
            assert 0 <= spread["min"] <= spread["max"], (engine, key)
        assert result["unlock_ms"]["median"] > 0
        assert result["ciphertext_chars"] > result["json_bytes"] > 0
