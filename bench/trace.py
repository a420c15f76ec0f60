"""Where a page load's time goes with the extension: a CDP trace (devtools.timeline) of the pages
bench/pages.py loads, in Chromium with the extension and 10 people, printing per load the
navigation times and the main-thread time in the content engine (``FunctionCall`` events of
content/engine.js: its MutationObserver callbacks and list handling) and in microtasks.

    python bench/trace.py [LOADS]
    NC_EXTENSION_DIR=/path/to/a/copy/of/extension python bench/trace.py   # compare a change

Not part of ``./dev bench``; BENCHMARKS.md quotes it.
"""

from __future__ import annotations

import collections
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.pages import Side, open_sides, reddit_page, x_page  # noqa: E402

CATEGORIES = "devtools.timeline,v8.execute,disabled-by-default-devtools.timeline,loading"
NAV_JS = """() => { const n = performance.getEntriesByType("navigation")[0];
  return [n.responseEnd, n.domContentLoadedEventEnd, n.loadEventEnd]; }"""


def trace(side: Side, url: str) -> tuple[list[float], float, float]:
    """Load ``url`` under a trace: (response end, DCL, load), engine.js ms, microtask ms."""
    page = side.context.new_page()
    cdp = side.context.new_cdp_session(page)
    events: list[dict] = []
    done: list[bool] = []
    cdp.on("Tracing.dataCollected", lambda p: events.extend(p["value"]))
    cdp.on("Tracing.tracingComplete", lambda _p: done.append(True))
    cdp.send("Tracing.start", {"categories": CATEGORIES, "transferMode": "ReportEvents"})
    page.goto(url, wait_until="load")
    page.wait_for_timeout(300)
    cdp.send("Tracing.end")
    while not done:
        page.wait_for_timeout(50)
    nav = page.evaluate(NAV_JS)
    page.close()
    by_name: collections.Counter[str] = collections.Counter()
    engine = 0.0
    for event in events:
        if event.get("ph") != "X" or "dur" not in event:
            continue
        by_name[event["name"]] += event["dur"] / 1000
        data = (event.get("args") or {}).get("data") or {}
        if event["name"] == "FunctionCall" and str(data.get("url", "")).endswith("engine.js"):
            engine += event["dur"] / 1000
    return nav, engine, by_name["RunMicrotasks"]


def main() -> None:
    loads = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with sync_playwright() as pw, tempfile.TemporaryDirectory(prefix="nc-trace-") as tmp:
        folder = Path(tmp)
        pages = {"x": folder / "x.html", "reddit": folder / "reddit.html"}
        pages["x"].write_text(x_page(2000))
        pages["reddit"].write_text(reddit_page(100, 500))
        sides = open_sides(pw, folder, pages, 11)
        try:
            ten = sides[1]
            for url in ("https://old.reddit.com/", "https://x.com/home"):
                trace(ten, url)  # warm-up
                for _ in range(loads):
                    nav, engine, micro = trace(ten, url)
                    print(
                        f"{url:26} response/DCL/load {[round(v) for v in nav]} ms;"
                        f" engine.js {engine:.0f} ms, microtasks {micro:.0f} ms"
                    )
        finally:
            for side in sides:
                side.context.close()


if __name__ == "__main__":
    main()
