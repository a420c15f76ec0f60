"""Run `web-ext lint` over extension/ and fail on anything but the one expected warning.

web-ext exits 0 on warnings, so its JSON report is read here to keep the lint strict.
The one expected warning: Firefox ignores `background.service_worker`, which the shared
manifest carries for Chrome.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXPECTED = {"BACKGROUND_SERVICE_WORKER_IGNORED"}


def main() -> int:
    """Lint and print every unexpected finding; return the exit status."""
    result = subprocess.run(
        [
            str(ROOT / "node_modules" / ".bin" / "web-ext"),
            "lint",
            "--source-dir",
            str(ROOT / "extension"),
            "--output=json",
            "--no-input",
        ],
        capture_output=True,
        text=True,
    )
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        print(
            f"web-ext lint did not produce a report:\n{result.stdout}\n{result.stderr}",
            file=sys.stderr,
        )
        return 1
    findings = [m for kind in ("errors", "warnings", "notices") for m in report[kind]]
    unexpected = [m for m in findings if m["code"] not in EXPECTED]
    for m in unexpected:
        where = m.get("file", "") + (f":{m['line']}" if m.get("line") else "")
        print(f"{m['_type']}: {m['code']} {where}: {m['message']}", file=sys.stderr)
    if unexpected:
        return 1
    print(f"web-ext lint: clean ({len(findings)} expected warning(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
