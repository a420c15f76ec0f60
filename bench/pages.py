"""Pages with ÷ without the extension, in Chromium (issue #14, part 3).

Three browsers are started once and kept for the whole run: plain Chromium (the same binary,
``harness.CHROMIUM``, with the harness's frame monitor added so both sides carry the same
test-only script), Chromium with the extension and 10 people listed, and with 10,000. Each
repetition then goes round them, in alternating order, each measurement in a new tab:

- page load: a static 2,000-row X-like timeline at https://x.com/home (rows from the markup of
  tests/fixtures/x/timeline.html) and an old.reddit-sized page at https://old.reddit.com/ (a
  listing of 100 links and a thread of 500 comments, from tests/fixtures/reddit/old.html), one row
  in ten by the listed person: DOMContentLoaded, load and first contentful paint from the
  Navigation and Paint Timing APIs (10 people vs none);
- insertion: bench/page.html inserts rows in batches, one batch per task, as an infinite timeline
  does; the renderer's main-thread script time from CDP Performance.getMetrics (ScriptDuration)
  with 10 and with 10,000 people vs none, and the extension's extra script per row;
- every run with the extension: the harness's monitor must see no frame in which a row of the
  listed person is painted (without it, the monitor sees them: that shows it looks).

A CDP Profiler capture of the content script (page load and insertion, 10,000 people) says where
the extension's time goes; it goes to dist/bench/pages-profile.txt.
"""

from __future__ import annotations

import re
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

from playwright.sync_api import BrowserContext, Playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import HIDDEN_JS, ROOT, add_monitor, fmt, spread  # noqa: E402
from tests.browser.harness import (  # noqa: E402
    CHROMIUM,
    ExtBrowser,
    serve_fixture,
    set_settings,
    wait_frames,
)

INSERT_PAGE = ROOT / "bench" / "page.html"
X_FIXTURE = ROOT / "tests" / "fixtures" / "x" / "timeline.html"


def people(count: int) -> list[dict]:
    """``count`` listed people on X and Reddit; the first ("abuser") appears on the pages."""
    listed = [
        {
            "label": "them",
            "accounts": [
                {"platform": "x", "handle": "abuser"},
                {"platform": "reddit", "handle": "abuser"},
            ],
        }
    ]
    for i in range(count - 1):
        listed.append({"label": f"p{i}", "accounts": [{"platform": "x", "handle": f"listed_{i}"}]})
    return listed


def x_page(rows: int) -> str:
    """A static X home timeline of ``rows`` rows, each the fixture's first post (by abuser) with
    the handle, status id and marker changed; rows flow one under the other."""
    text = X_FIXTURE.read_text()
    style = re.search(r"<style>.*?</style>", text, re.S)
    row = re.search(r"<!-- 1\. [^\n]*-->\n(.*?)\n\n<!-- 2\.", text, re.S)
    assert style and row, "tests/fixtures/x/timeline.html changed shape"
    template = re.sub(r' style="[^"]*"', "", row.group(1), count=1)
    out = []
    for i in range(rows):
        html = template.replace("1790000000000000001", str(1790000000000000000 + i))
        if i % 10:
            html = html.replace("abuser", f"person_{i}").replace(
                'data-test-person="x-post"', f'data-test-keep="x-{i}"'
            )
        out.append(html)
    flow = '<style>[data-testid="cellInnerDiv"] { position: static !important; }</style>'
    return (
        '<!doctype html><html lang="en" dir="ltr"><head><meta charset="utf-8"><title>Home / X'
        f"</title>{style.group(0)}{flow}</head><body>"
        '<div id="react-root"><main role="main"><div data-testid="primaryColumn">'
        '<section aria-labelledby="h1" role="region"><h1 id="h1">Your Home Timeline</h1>'
        '<div aria-label="Timeline: Your Home Timeline"><div id="timeline">'
        + "\n".join(out)
        + "</div></div></section></div></main></div></body></html>"
    )


# old.reddit's markup, as tests/fixtures/reddit/old.html has it.
_LINK = (
    '<div class=" thing id-t3_{n} {parity} link self" data-fullname="t3_{n}" data-type="link"'
    ' data-author="{author}" data-author-fullname="t2_{n}" data-subreddit="test"'
    ' data-domain="self.test" {marker}>\n'
    ' <p class="parent"></p><div class="midcol unvoted"></div>\n'
    ' <div class="entry unvoted"><div class="top-matter"><p class="title">'
    '<a class="title may-blank" href="/r/test/comments/{n}/t/">Title {n}</a></p>\n'
    '  <p class="tagline">submitted <time datetime="2026-07-26T10:00:00+00:00">1 hour ago</time>'
    ' by\n   <a href="https://old.reddit.com/user/{author}" class="author may-blank id-t2_{n}">'
    "{author}</a></p></div></div>\n</div>"
)
_COMMENT = """<div class=" thing id-t1_{n} comment" data-fullname="t1_{n}" data-type="comment" \
data-author="{author}" {marker}>
 <div class="entry"><p class="tagline"><a href="https://old.reddit.com/user/{author}" \
class="author">{author}</a></p><div class="usertext-body"><p>words {n}</p></div></div>
 <div class="child"><div class="sitetable listing">{replies}</div></div>
</div>"""


def reddit_page(links: int, comments: int) -> str:
    """An old.reddit page: a listing of ``links`` and a thread of ``comments`` (each top-level
    comment with one reply); one thing in ten by abuser."""

    def who(n: int, kind: str) -> dict[str, str]:
        if n % 10 == 0:
            return {"author": "abuser", "marker": f'data-test-person="old-{kind}-{n}"'}
        return {"author": f"person_{n}", "marker": f'data-test-keep="old-{kind}-{n}"'}

    listing = [
        _LINK.format(n=n, parity="odd" if n % 2 else "even", **who(n, "link")) for n in range(links)
    ]
    thread = []
    for n in range(0, comments, 2):
        reply = _COMMENT.format(n=n + 1, replies="", **who(n + 1, "reply"))
        thread.append(_COMMENT.format(n=n, replies=reply, **who(n, "comment")))
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>reddit: the front page'
        " of the internet</title><style>.thing { padding: 4px; border-bottom: 1px solid #eee; }"
        ' .child { margin-left: 20px; }</style></head><body class="listing-page hot-page">'
        '<div class="content" role="main"><div id="siteTable" class="sitetable linklisting">'
        + "\n".join(listing)
        + '</div><div class="commentarea"><div class="sitetable nestedlisting">'
        + "\n".join(thread)
        + "</div></div></div></body></html>"
    )


class Side:
    """One browser of the comparison: its context, its frame monitor, a name."""

    def __init__(self, name: str, context: BrowserContext, monitor: Any, ext: Any = None):
        self.name, self.context, self.monitor, self.ext = name, context, monitor, ext


SEALED = "10 people, sealed records on"


def open_sides(pw: Playwright, folder: Path, pages: dict[str, Path], big: int) -> list[Side]:
    """Plain Chromium, and Chromium with the extension and 10 and ``big`` people listed, and with
    10 people and a sealed record kept of everyone (issue #13: what capturing costs the page)."""
    x = {"/home": pages["x"], "/bench": INSERT_PAGE}
    plain = pw.chromium.launch_persistent_context(
        str(folder / "plain"), executable_path=CHROMIUM, headless=True
    )
    plain.route("**/*", lambda route: route.abort())
    serve_fixture(plain, "https://x.com/**", x)
    serve_fixture(plain, "https://old.reddit.com/**", pages["reddit"])
    sides = [Side("without", plain, add_monitor(plain))]
    for listed in (10, big):
        ext = ExtBrowser(pw, str(folder / f"ext{listed}"))
        ext.seed(people(listed))
        ext.serve("https://x.com/**", x)
        ext.serve("https://old.reddit.com/**", pages["reddit"])
        sides.append(Side(f"{listed} people", ext.context, ext.monitor, ext))
    ext = ExtBrowser(pw, str(folder / "sealed"))
    ext.seed(people(10))
    set_settings(ext, {"sealed_records": {"all": True, "people": []}})
    assert ext.sw.evaluate(SEALING_JS), "the background did not turn sealed records on"
    ext.serve("https://x.com/**", x)
    sides.append(Side(SEALED, ext.context, ext.monitor, ext))
    return sides


# Waits until the match index tells the content scripts whom to keep a record of.
SEALING_JS = """async () => {
  for (let i = 0; i < 100; i++) {
    const { matchIndex } = await chrome.storage.local.get("matchIndex");
    if (matchIndex?.platforms?.x?.sealHandles?.length) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}"""

# Records the background keeps (each captured post once, however often it was seen).
RECORDS_JS = """async () => {
  const { ["doc.records"]: doc } = await chrome.storage.local.get("doc.records");
  return doc ? Object.keys(doc.records).length : 0;
}"""


LOAD_JS = """async () => {
  const deadline = performance.now() + 10000;
  let fcp;
  while (!(fcp = performance.getEntriesByName("first-contentful-paint")[0]) &&
         performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
  const nav = performance.getEntriesByType("navigation")[0];
  return { dcl: nav.domContentLoadedEventEnd, load: nav.loadEventEnd,
           fcp: fcp ? fcp.startTime : -1, response_end: nav.responseEnd };
}"""


def load_once(side: Side, url: str) -> dict[str, float]:
    """Open ``url`` in a new tab; its timings (ms from navigation start) and what was hidden."""
    page = side.context.new_page()
    page.goto(url, wait_until="load")
    timings = page.evaluate(LOAD_JS)
    wait_frames(page, 3)
    timings.update(page.evaluate(HIDDEN_JS))
    page.close()
    return timings


def insert_once(side: Side, rows: int, batch: int) -> dict[str, float]:
    """Insert ``rows`` on bench/page.html; the main-thread seconds it took, and what was hidden."""
    page = side.context.new_page()
    page.goto("https://x.com/bench")
    cdp = side.context.new_cdp_session(page)
    cdp.send("Performance.enable")

    def metrics() -> dict[str, float]:
        return {m["name"]: m["value"] for m in cdp.send("Performance.getMetrics")["metrics"]}

    before = metrics()
    page.evaluate("([n, b]) => runBench(n, b)", [rows, batch])
    # The sealed record reads what it keeps when the page is idle: let that happen inside the
    # measured span (the other sides have nothing left to do here).
    page.evaluate(IDLE_JS)
    after = metrics()
    wait_frames(page, 3)
    result = {
        "script": after["ScriptDuration"] - before["ScriptDuration"],
        "task": after["TaskDuration"] - before["TaskDuration"],
        **page.evaluate(HIDDEN_JS),
    }
    page.close()
    return result


IDLE_JS = """() => new Promise((done) => {
  let idle = 0;
  const again = () => requestIdleCallback((deadline) => {
    idle = deadline.timeRemaining() > 10 ? idle + 1 : 0;
    if (idle >= 3) done(); else again();
  });
  again();
})"""


def profile(side: Side, url: str, action: str | None = None) -> dict[str, Any]:
    """A CDP Profiler capture (100 µs sampling) of opening ``url`` (and running ``action``):
    self time per function of the extension, and totals by where the time went."""
    page = side.context.new_page()
    cdp = side.context.new_cdp_session(page)
    cdp.send("Profiler.enable")
    cdp.send("Profiler.setSamplingInterval", {"interval": 100})
    cdp.send("Profiler.start")
    page.goto(url, wait_until="load")
    if action:
        page.evaluate(action)
    wait_frames(page, 3)
    prof = cdp.send("Profiler.stop")["profile"]
    page.close()
    deltas = prof.get("timeDeltas", [])
    self_us: dict[int, float] = {}
    for sample, delta in zip(prof.get("samples", []), deltas[1:] + [0], strict=False):
        self_us[sample] = self_us.get(sample, 0.0) + delta
    functions: dict[str, float] = {}
    totals = {"extension": 0.0, "page": 0.0, "other": 0.0, "idle": 0.0}
    for node in prof["nodes"]:
        us = self_us.get(node["id"], 0.0)
        frame = node["callFrame"]
        url_, name = frame.get("url", ""), frame.get("functionName") or "(anonymous)"
        if url_.startswith("chrome-extension://"):
            totals["extension"] += us
            key = f"{name} {url_.split('/', 3)[-1]}:{frame.get('lineNumber', 0) + 1}"
            functions[key] = functions.get(key, 0.0) + us
        elif name == "(idle)":
            totals["idle"] += us
        elif url_.startswith("https://"):
            totals["page"] += us
        else:
            totals["other"] += us  # (program), (garbage collector), native code
    top = sorted(functions.items(), key=lambda kv: -kv[1])[:15]
    return {
        "totals_ms": {k: round(v / 1000, 2) for k, v in totals.items()},
        "extension_functions_ms": {k: round(v / 1000, 2) for k, v in top},
    }


def run(pw: Playwright, size: dict[str, int]) -> dict[str, Any]:
    """The whole comparison at ``size`` (rows, links, comments, batch, repetitions, big)."""
    reps = size["repetitions"]
    with tempfile.TemporaryDirectory(prefix="nc-bench-pages-") as tmp:
        folder = Path(tmp)
        pages = {"x": folder / "x.html", "reddit": folder / "reddit.html"}
        pages["x"].write_text(x_page(size["rows"]))
        pages["reddit"].write_text(reddit_page(size["links"], size["comments"]))
        sides = open_sides(pw, folder, pages, size["big"])
        without, ten, big, sealed = sides
        urls = {"x": "https://x.com/home", "reddit": "https://old.reddit.com/"}
        loads: dict[str, dict[str, list[dict]]] = {k: {"without": [], "with": []} for k in urls}
        inserts: dict[str, list[dict]] = {s.name: [] for s in sides}
        try:
            for side in sides:  # warm-up: caches, first compile, the service worker awake
                for url in urls.values():
                    if side is not sealed or "x.com" in url:
                        load_once(side, url)
                # No more rows than the measured runs insert: a sealed record of a row they never
                # reach would be counted against them.
                insert_once(side, min(50, size["rows"]), 50)
            for side in sides:
                side.monitor.clear()
            for rep in range(reps):
                pair = [(without, "without"), (ten, "with")]
                for kind, url in urls.items():
                    for side, label in pair if rep % 2 == 0 else pair[::-1]:
                        loads[kind][label].append(load_once(side, url))
                for side in sides if rep % 2 == 0 else sides[::-1]:
                    inserts[side.name].append(insert_once(side, size["rows"], size["batch"]))
            profiles = {}
            if size.get("profile"):
                profiles["x_load_10"] = profile(ten, urls["x"])
                action = f"runBench({size['rows']}, {size['batch']})"
                profiles[f"insert_{size['big']}"] = profile(big, "https://x.com/bench", action)
                profiles["insert_10"] = profile(ten, "https://x.com/bench", action)
            painted = {s.name: len(s.monitor.bad_frames) for s in sides}
            painted_detail = {s.name: s.monitor.bad_frames[:5] for s in sides[1:]}
            kept = sealed.ext.sw.evaluate(RECORDS_JS)
        finally:
            for side in sides:
                side.context.close()
    result = summarise(size, loads, inserts, painted, profiles, [s.name for s in sides])
    result["painted_with_extension_first"] = painted_detail
    result["insertion"]["sealed"]["records_kept"] = kept
    return result


def summarise(size, loads, inserts, painted, profiles, names) -> dict[str, Any]:
    """Ratios per repetition (each against the baseline of the same repetition), as spreads."""
    out: dict[str, Any] = {"size": size, "page_load": {}, "insertion": {}, "profiles": profiles}
    for kind, runs in loads.items():
        entry: dict[str, Any] = {"runs": runs}
        for metric in ("dcl", "load", "fcp"):
            pairs = list(zip(runs["with"], runs["without"], strict=True))
            entry[metric] = {
                "with_ms": spread([w[metric] for w, _ in pairs]),
                "without_ms": spread([b[metric] for _, b in pairs]),
                "ratio": spread([w[metric] / b[metric] for w, b in pairs]),
            }
        entry["hidden_with"] = min(r["hidden"] for r in runs["with"])
        entry["person_shown_with"] = max(r["person_shown"] for r in runs["with"])
        out["page_load"][kind] = entry
    base, ten, big, sealed = (inserts[n] for n in names)
    rows = size["rows"]
    ins: dict[str, Any] = {"runs": inserts, "rows": rows}
    for name, series in ((names[1], ten), (names[2], big)):
        ins[name] = {
            "script_s": spread([r["script"] for r in series]),
            "script_ratio": spread(
                [r["script"] / b["script"] for r, b in zip(series, base, strict=True)]
            ),
            "task_ratio": spread(
                [r["task"] / b["task"] for r, b in zip(series, base, strict=True)]
            ),
            "extra_us_per_row": spread(
                [
                    (r["script"] - b["script"]) / rows * 1e6
                    for r, b in zip(series, base, strict=True)
                ]
            ),
            "hidden": min(r["hidden"] for r in series),
            "person_shown": max(r["person_shown"] for r in series),
        }
    ins["without"] = {"script_s": spread([r["script"] for r in base])}
    # Per-row cost, 10,000 people ÷ 10: the extension's extra script per row (the issue's
    # measure; a difference of differences, so noisy), and the whole page's script per row.
    extra = [
        (b["script"] - w["script"], t["script"] - w["script"])
        for b, t, w in zip(big, ten, base, strict=True)
    ]
    ratios = [b / t for b, t in extra if t > 0]
    ins["extra_per_row_big_vs_10"] = spread(ratios) if ratios else None
    ins["extra_per_row_big_vs_10_of_medians"] = statistics.median(b for b, _ in extra) / max(
        statistics.median(t for _, t in extra), 1e-9
    )
    ins["script_per_row_big_vs_10"] = spread(
        [b["script"] / t["script"] for b, t in zip(big, ten, strict=True)]
    )
    # Sealed records (issue #13): the same 10 people, a record kept of everyone; the capture's
    # cost is the extra script against "10 people" of the same repetition, per row kept.
    captured = min(r["hidden"] for r in sealed)
    ins["sealed"] = {
        "script_ratio": spread(
            [s["script"] / b["script"] for s, b in zip(sealed, base, strict=True)]
        ),
        "vs_10_people": spread(
            [s["script"] / t["script"] for s, t in zip(sealed, ten, strict=True)]
        ),
        "capture_us_per_kept_row": spread(
            [(s["script"] - t["script"]) / captured * 1e6 for s, t in zip(sealed, ten, strict=True)]
        ),
        "rows_hidden": captured,
        "person_shown": max(r["person_shown"] for r in sealed),
    }
    out["insertion"] = ins
    out["painted_frames"] = painted
    out["painted_frames_with_extension"] = sum(painted[n] for n in names[1:])
    return out


def report(result: dict[str, Any]) -> list[str]:
    """The table printed at the end of ``./dev bench``."""
    size = result["size"]
    lines = [
        f"Pages (Chromium), {size['repetitions']} repetitions, median (min–max) of with ÷ without:"
    ]
    for kind, entry in result["page_load"].items():
        lines.append(
            f"  {kind:7} load of the static page:  DCL {fmt(entry['dcl']['ratio'])}×"
            f"  load {fmt(entry['load']['ratio'])}×  FCP {fmt(entry['fcp']['ratio'])}×"
            f"  (DCL {entry['dcl']['without_ms']['median']:.0f} vs"
            f" {entry['dcl']['with_ms']['median']:.0f} ms; {entry['hidden_with']} hidden)"
        )
    ins = result["insertion"]
    for name in (k for k in ins if k.endswith(" people")):
        e = ins[name]
        lines.append(
            f"  insertion of {ins['rows']} rows, {name:>13}: script {fmt(e['script_ratio'])}×"
            f"  task {fmt(e['task_ratio'])}×  extra {fmt(e['extra_us_per_row'], 1)} µs/row"
            f"  ({e['hidden']} hidden)"
        )
    lines.append(
        f"  per-row cost, {size['big']:,} people ÷ 10: extension's extra script"
        f" {fmt(ins['extra_per_row_big_vs_10']) if ins['extra_per_row_big_vs_10'] else '-'}×"
        " (ratio of medians"
        f" {ins['extra_per_row_big_vs_10_of_medians']:.2f}×); whole script"
        f" {fmt(ins['script_per_row_big_vs_10'])}×"
    )
    sealed = ins["sealed"]
    lines.append(
        f"  sealed records on (10 people): script {fmt(sealed['script_ratio'])}× without,"
        f" {fmt(sealed['vs_10_people'])}× records off; capture"
        f" {fmt(sealed['capture_us_per_kept_row'], 1)} µs per row kept"
        f" ({sealed['rows_hidden']} hidden, {sealed['records_kept']} records kept)"
    )
    lines.append(
        "  frames with a listed row painted: with the extension"
        f" {result['painted_frames_with_extension']}, without it"
        f" {result['painted_frames']['without']} (the monitor looks)"
    )
    return lines
