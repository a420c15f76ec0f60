"""``./dev bench``: the browser benchmarks (bench/pages.py in Chromium, bench/crypto.py in
Chromium and Firefox), each interleaved with its baseline where it has one, several repetitions,
median and spread. Results go to dist/bench/pages.json and dist/bench/crypto.json, and a summary
to stdout. The sync service has its own, longer benchmark: ``./dev bench-service``.

    python bench/run.py                 # full size (a few minutes)
    python bench/run.py --smoke         # 1 repetition, few rows (tests/test_bench_smoke.py)
    python bench/run.py --only crypto   # one of them
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import crypto, pages  # noqa: E402
from bench.common import OUT_DIR, machine  # noqa: E402

SIZES = {
    "full": {
        "pages": {
            "rows": 2000,
            "links": 100,
            "comments": 500,
            "batch": 50,
            "repetitions": 7,
            "big": 10000,
            "profile": 1,
        },
        "crypto": {"people": 1000, "unlocks": 5, "rounds": 20},
    },
    "smoke": {
        "pages": {
            "rows": 40,
            "links": 10,
            "comments": 10,
            "batch": 20,
            "repetitions": 1,
            "big": 50,
            "profile": 0,
        },
        "crypto": {"people": 20, "unlocks": 1, "rounds": 2},
    },
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="the tiny size (seconds)")
    parser.add_argument("--only", choices=("pages", "crypto"), help="run one benchmark")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--repetitions", type=int, help="override the pages' repetitions")
    parser.add_argument("--engines", default="chromium,firefox", help="for crypto")
    args = parser.parse_args()
    size = SIZES["smoke" if args.smoke else "full"]
    if args.repetitions:
        size["pages"]["repetitions"] = args.repetitions
    args.out_dir.mkdir(parents=True, exist_ok=True)
    about = {"machine": machine(), "started": time.strftime("%Y-%m-%dT%H:%M:%S%z")}
    lines: list[str] = []
    with sync_playwright() as pw:
        if args.only in (None, "pages"):
            result = {**about, **pages.run(pw, size["pages"])}
            (args.out_dir / "pages.json").write_text(json.dumps(result, indent=1))
            if result["profiles"]:
                (args.out_dir / "pages-profile.txt").write_text(profile_text(result["profiles"]))
            lines += pages.report(result)
        if args.only in (None, "crypto"):
            engines = tuple(args.engines.split(","))
            result = {**about, **crypto.run(pw, size["crypto"], engines)}
            (args.out_dir / "crypto.json").write_text(json.dumps(result, indent=1))
            lines += crypto.report(result)
    print("\n".join(lines))
    print(f"results: {args.out_dir}/pages.json, crypto.json")


def profile_text(profiles: dict) -> str:
    """The CDP Profiler captures as a readable list."""
    out = []
    for name, prof in profiles.items():
        out.append(f"== {name}: self time (ms) by where it went: {prof['totals_ms']}")
        for function, ms in prof["extension_functions_ms"].items():
            out.append(f"  {ms:8.2f}  {function}")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
