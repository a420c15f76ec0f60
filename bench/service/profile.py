"""Where a poll's time goes: py-spy samples the gunicorn workers while wrk polls.

    python bench/service/profile.py [--database sqlite|postgresql] [--clients 32] [--seconds 10]

Needs py-spy (pip install py-spy; not a dependency of the project). Prints, over all the samples of
the workers' threads that were on the CPU (and, with --idle, also those waiting), the share of
those whose stack passes through each of a list of functions, then the functions that most often
are the innermost frame. The raw collapsed stacks stay in dist/bench/ for a flame graph.
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import ROOT, WORKERS, LiveServer, PostgresCluster, poll_file, seed, wrk  # noqa: E402

# (label, pattern over a frame "function (file:line)"): a stack counts once per label it matches.
WATCH = [
    ("gunicorn: accept, read, parse, write", r"\((?:.*/)?gunicorn/"),
    ("flask/werkzeug app (all of the request)", r"^(?:\w+\.)?wsgi_app \("),
    ("auth.authenticate", r"^authenticate \(.*nocontact/auth\.py"),
    ("limits.count (UPSERT ... RETURNING)", r"^count \(.*nocontact/limits\.py"),
    ("limits.uncount (before)", r"^uncount \(.*nocontact/limits\.py"),
    ("syncs.read_sync", r"^read_sync \(.*nocontact/syncs\.py"),
    ("SQLAlchemy: all", r"\((?:.*/)?sqlalchemy/"),
    ("SQLAlchemy: begin/commit", r"^\w+\._(?:begin|commit|rollback)_impl \(.*sqlalchemy/"),
    ("SQLAlchemy: pool checkout/checkin", r"^(?:\w+\.)?(?:_checkout|_checkin) \(.*/pool/"),
    ("SQLAlchemy: execute and commit", r"^\w+\.(?:do_execute|do_commit) \("),
    ("psycopg: all", r"\((?:.*/)?psycopg/"),
    ("the SQLite gate (gate.py)", r"\(.*nocontact/gate\.py"),
    ("flask: after_request hooks (before)", r"^\w+\.process_response \(.*flask/"),
    ("json", r"\((?:.*/)?json/"),
    ("logging", r"\((?:.*/)?logging/"),
]


def collapse(raw: Path) -> dict[str, int]:
    """Read py-spy's raw output: one line per distinct stack, its sample count at the end."""
    stacks: dict[str, int] = {}
    for line in raw.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        if stack:
            stacks[stack] = stacks.get(stack, 0) + int(count)
    return stacks


def report(stacks: dict[str, int]) -> str:
    """Shares of the samples per watched function, and the innermost frames."""
    total = sum(stacks.values()) or 1
    lines = [f"{total} samples of worker threads"]
    for label, pattern in WATCH:
        regex = re.compile(pattern)
        hits = sum(
            count
            for stack, count in stacks.items()
            if any(regex.search(frame) for frame in stack.split(";"))
        )
        lines.append(f"  {100 * hits / total:5.1f}%  {label}")
    leaves: collections.Counter[str] = collections.Counter()
    for stack, count in stacks.items():
        frame = stack.split(";")[-1]
        leaves[re.sub(r":\d+\)$", ")", frame)] += count
    lines.append("innermost frames:")
    for frame, count in leaves.most_common(15):
        lines.append(f"  {100 * count / total:5.1f}%  {frame}")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--database", default="sqlite", choices=["sqlite", "postgresql"])
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--syncs", type=int, default=1000)
    parser.add_argument("--idle", action="store_true", help="also count waiting threads")
    parser.add_argument("--gil", action="store_true", help="only the thread holding the GIL")
    args = parser.parse_args()
    out = ROOT / "dist" / "bench" / f"profile-{args.database}-{args.clients}.txt"
    out.parent.mkdir(parents=True, exist_ok=True)
    cluster = None
    with tempfile.TemporaryDirectory(prefix="nocontact-profile-") as tmp:
        if args.database == "sqlite":
            url = f"sqlite:///{Path(tmp) / 'profile.db'}"
        else:
            cluster = PostgresCluster(fsync=True)
            url = cluster.new_database()
        try:
            seeded = seed(url, args.syncs, args.syncs, 1)
            with LiveServer(url, workers=WORKERS) as server:
                data = poll_file(server, seeded.poll, Path(tmp) / "poll.txt")
                wrk(server.url, args.clients, 2, data)  # warm up
                spy = subprocess.Popen(
                    [
                        shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy"),
                        "record",
                        "--pid",
                        str(server.process.pid),
                        "--subprocesses",
                        "--rate",
                        "250",
                        "--duration",
                        str(args.seconds),
                        "--format",
                        "raw",
                        "--output",
                        str(out),
                        "--nonblocking",
                        *(["--idle"] if args.idle else []),
                        *(["--gil"] if args.gil else []),
                    ],
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                )
                result = wrk(server.url, args.clients, args.seconds, data)
                spy.wait()
        finally:
            if cluster is not None:
                cluster.stop()
    print(
        f"{args.database}, {args.clients} clients: {result['rps']:.0f} req/s, "
        f"p99 {result['latency_us']['p99'] / 1000:.1f} ms, failures {result['failures']}"
    )
    print(report(collapse(out)))
    print(f"raw stacks: {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
