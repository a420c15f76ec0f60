"""The service benchmark (bench/service/run.py) runs end to end at its smallest size and writes a
well-formed results file. Timings are not checked here: BENCHMARKS.md has the full run's."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _positive(value: object, where: str) -> None:
    assert isinstance(value, int | float) and value > 0, (where, value)


def _spread(stats: dict, where: str) -> None:
    assert set(stats) == {"median", "min", "max"}, where
    for name, value in stats.items():
        _positive(value, f"{where}.{name}")
    assert stats["min"] <= stats["median"] <= stats["max"], where


def _wrk(result: dict, where: str) -> None:
    for name in ("requests", "duration_us", "rps"):
        _positive(result[name], f"{where}.{name}")
    for name in ("p50", "p90", "p99", "max", "mean"):
        _positive(result["latency_us"][name], f"{where}.latency_us.{name}")
    assert set(result["errors"]) == {"connect", "read", "write", "status", "timeout"}, where
    assert result["failures"] == sum(result["errors"].values()) + result["not_304"], where


def test_the_service_benchmark_writes_a_well_formed_results_file(tmp_path):
    out = tmp_path / "service.json"
    started = time.monotonic()
    run = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "service" / "run.py"), "--smoke", "--out", str(out)],
        capture_output=True,
        text=True,
        timeout=180,
    )
    elapsed = time.monotonic() - started
    assert run.returncode == 0, run.stdout + run.stderr
    assert "req/s ratio" in run.stdout
    results = json.loads(out.read_text())
    for name in ("cpu", "cores", "memory_gib", "os", "python", "gunicorn", "flask", "wrk"):
        assert results["machine"][name], name
    assert results["workers"] == 2 and results["gunicorn_conf"] == "nocontact.gunicorn_conf"
    size = results["size"]
    assert set(results["databases"]) == {"sqlite", "postgresql"}
    for kind, entry in results["databases"].items():
        assert entry["version"], kind
        assert set(entry["poll"]) == {str(clients) for clients in size["clients"]}, kind
        for clients, poll in entry["poll"].items():
            where = f"{kind}.poll.{clients}"
            assert len(poll["runs"]) == size["repetitions"], where
            for index, pair in enumerate(poll["runs"]):
                _wrk(pair["baseline"], f"{where}.runs.{index}.baseline")
                _wrk(pair["service"], f"{where}.runs.{index}.service")
            for name in (
                "rps_ratio",
                "p99_ratio",
                "service_rps",
                "baseline_rps",
                "service_p99_ms",
                "baseline_p99_ms",
            ):
                _spread(poll[name], f"{where}.{name}")
            assert isinstance(poll["failures"], int) and poll["failures"] >= 0, where
        scale = entry["scale"]
        assert scale["syncs"] == size["syncs"], kind
        for part in ("poll", "write"):
            assert len(scale[part]["runs"]) == size["repetitions"], (kind, part)
            _spread(scale[part]["p50_ratio"], f"{kind}.scale.{part}.p50_ratio")
            _spread(scale[part]["p99_ratio"], f"{kind}.scale.{part}.p99_ratio")
            for index, pair in enumerate(scale[part]["runs"]):
                for side in ("small", "large"):
                    _positive(pair[side]["requests"], f"{kind}.scale.{part}.{index}.{side}")
                    _positive(pair[side]["latency_us"]["p50"], f"{kind}.{part}.{index}.{side}")
        assert isinstance(scale["failures"], int) and scale["failures"] >= 0, kind
    print(f"\nbenchmark smoke run: {elapsed:.1f} s")
