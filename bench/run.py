"""Main-thread cost of the content engine: the same page with no extension, 10 and 5,000 people.

Run with ``poe bench`` (not part of the tests). Each run opens the benchmark page at x.com in a
fresh Chromium, inserts N rows in batches, and reads the renderer's main-thread time from CDP
``Performance.getMetrics`` (ScriptDuration, TaskDuration) before and after. Ratios are printed
against the run without the extension, so the figures do not depend on the machine's speed.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import Playwright, sync_playwright

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser.harness import CHROMIUM, ExtBrowser, serve_fixture  # noqa: E402

PAGE = ROOT / "bench" / "page.html"


def people(count: int) -> list[dict]:
    """Return ``count`` listed people on X, one of whom appears on the page."""
    listed = [{"label": "them", "accounts": [{"platform": "x", "handle": "abuser"}]}]
    for i in range(count - 1):
        listed.append({"label": f"p{i}", "accounts": [{"platform": "x", "handle": f"listed_{i}"}]})
    return listed


def measure(context, rows: int, batch: int) -> dict[str, float]:
    """Open the page, insert the rows, return the main-thread seconds spent doing so."""
    page = context.new_page()
    page.goto("https://x.com/home")
    cdp = context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def metrics() -> dict[str, float]:
        return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}

    before = metrics()
    page.evaluate("([n, b]) => runBench(n, b)", [rows, batch])
    after = metrics()
    hidden = page.evaluate("document.querySelectorAll('[data-nc-hidden]').length")
    page.close()
    return {
        "script": after["ScriptDuration"] - before["ScriptDuration"],
        "task": after["TaskDuration"] - before["TaskDuration"],
        "hidden": hidden,
    }


def run_config(pw: Playwright, listed: int | None, rows: int, batch: int) -> dict[str, float]:
    """One fresh browser: without the extension (``listed`` None) or with ``listed`` people."""
    with tempfile.TemporaryDirectory(prefix="nc-bench-") as profile:
        if listed is None:
            context = pw.chromium.launch_persistent_context(
                profile, executable_path=CHROMIUM, headless=True
            )
            context.route("**/*", lambda route: route.abort())
            serve_fixture(context, "https://x.com/**", PAGE)
        else:
            browser = ExtBrowser(pw, profile)
            browser.seed(people(listed))
            browser.serve("https://x.com/**", PAGE)
            context = browser.context
        try:
            measure(context, 50, 50)  # warm-up: caches, first compile
            return measure(context, rows, batch)
        finally:
            context.close()


def main() -> None:
    """Run every configuration a few times and print the median ratios."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=2000)
    parser.add_argument("--batch", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    configs = {"without extension": None, "10 people": 10, "5,000 people": 5000}
    results: dict[str, list[dict[str, float]]] = {name: [] for name in configs}
    with sync_playwright() as pw:
        for _ in range(args.repeat):
            for name, listed in configs.items():
                results[name].append(run_config(pw, listed, args.rows, args.batch))
    base = {
        k: statistics.median(r[k] for r in results["without extension"]) for k in ("script", "task")
    }
    print(f"{args.rows} rows in batches of {args.batch}, median of {args.repeat} runs")
    print(
        f"{'':20} {'script s':>9} {'task s':>8} {'script ×':>9} {'task ×':>7} {'hidden':>7}"
        f" {'extra script µs/row':>20}"
    )
    for name in configs:
        script = statistics.median(r["script"] for r in results[name])
        task = statistics.median(r["task"] for r in results[name])
        hidden = results[name][-1]["hidden"]
        extra = (script - base["script"]) / args.rows * 1e6
        print(
            f"{name:20} {script:9.3f} {task:8.3f} {script / base['script']:9.2f}"
            f" {task / base['task']:7.2f} {hidden:7.0f} {extra:20.1f}"
        )


if __name__ == "__main__":
    main()
