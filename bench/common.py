"""What the browser benchmarks share: the spread of a series, the machine, and the frame monitor
for a browser without the extension (so both sides of a ratio carry the same test-only script)."""

from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tests.browser.harness import (  # noqa: E402
    CHROMIUM,
    FIREFOX,
    MONITOR_JS,
    FrameMonitor,
)

OUT_DIR = ROOT / "dist" / "bench"

# Counts, in the page, what the extension hid: its marks have names made up for each page
# (content/engine.js), so they are found by their form, as tests/browser/harness.py does, and the
# test-only person markers still shown.
HIDDEN_JS = """() => {
  const mark = /^data-[a-z][a-z0-9]{9}$/;
  let hidden = 0;
  for (const el of document.querySelectorAll("*")) {
    if ([...el.attributes].some((a) => mark.test(a.name) && a.value === "") &&
        getComputedStyle(el).display === "none") hidden += 1;
  }
  let shown = 0;
  for (const el of document.querySelectorAll("[data-test-person]")) {
    const r = el.getBoundingClientRect();
    if (r.width > 0 && r.height > 0 && el.checkVisibility({ visibilityProperty: true })) shown += 1;
  }
  return { hidden, person_shown: shown };
}"""


def spread(values: list[float]) -> dict[str, float]:
    """Median, min and max of a series (the figures every benchmark reports)."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def fmt(s: dict[str, float], digits: int = 2) -> str:
    """``median (min–max)``."""
    return f"{s['median']:.{digits}f} ({s['min']:.{digits}f}–{s['max']:.{digits}f})"


def _version(command: list[str]) -> str:
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30).stdout
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    found = re.search(r"(Chromium|Firefox)[^\n]*?\d+(\.\d+)+\S*", out)
    return found.group(0) if found else out.strip()


def machine() -> dict[str, Any]:
    """The machine the figures were taken on."""
    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = -1.0
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "os": platform.platform(),
        "chromium": _version([CHROMIUM, "--version"]),
        "firefox": _version([FIREFOX, "--version"]),
        "load_average_at_start": load,
        "note": "a shared 2-core machine: other browser tests ran at the same time",
    }


def add_monitor(context: Any) -> FrameMonitor:
    """Give a browser without the extension the harness's frame monitor (ExtBrowser has its own)."""
    monitor = FrameMonitor()
    context.expose_binding(
        "__ncReportFrame",
        lambda _source, url, shown: monitor.bad_frames.append({"url": url, "shown": shown}),
    )
    context.add_init_script(MONITOR_JS)
    return monitor
