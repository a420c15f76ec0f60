"""Sync service benchmark: the cheap poll against a minimal Flask endpoint, and 100 vs many syncs.

    python bench/service/run.py            # full size (./dev bench-service), about 15 minutes
    python bench/service/run.py --smoke    # the small run the tests make (seconds)

Both the service and the baseline (bench/service/baseline_app.py: a Flask route that answers 304
with an ETag and does nothing else) run under gunicorn with the project's settings
(nocontact.gunicorn_conf, 2 workers), on this machine, on loopback. wrk (one thread) polls them in
turn, baseline then service, several times, at each number of clients: the ratios of each pair
are reported as median and spread (min-max), so a slow moment of the machine hits both sides.

The poll is what an idle device does (PROTOCOL §2): GET /v1/syncs/<id> with its current ETag in
If-None-Match, answered 304. wrk goes round many syncs, each with its own key and ETag.

Then the same service on a database of few syncs and on one of many (bulk-inserted), interleaved:
poll latency (wrk, a few clients) and write latency (PUT with If-Match, a few writers, each on its
own syncs), and their ratios.

Everything goes to a JSON file (dist/bench/service.json by default) and a table on stdout, for
SQLite and PostgreSQL (a throwaway cluster, as the tests make, with fsync on).
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import http.client
import json
import os
import platform
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import asdict, dataclass, replace
from pathlib import Path

import requests
import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT))

from nocontact import create_app, db  # noqa: E402
from tests.support.live_server import LiveServer  # noqa: E402
from tests.support.postgres import PostgresCluster  # noqa: E402

WORKERS = 2
DOCUMENTS = ("blocklist", "settings", "journal")


@dataclass(frozen=True)
class Size:
    """How much to measure."""

    repetitions: int
    seconds: float
    clients: tuple[int, ...]
    syncs: tuple[int, int]
    polled: int  # distinct syncs wrk goes round, at most
    latency_clients: int
    writers: int
    warmup: float


FULL = Size(
    repetitions=5,
    seconds=10,
    clients=(32, 128),
    syncs=(100, 100_000),
    polled=10_000,
    latency_clients=8,
    writers=4,
    warmup=2,
)
SMOKE = Size(
    repetitions=1,
    seconds=1,
    clients=(8,),
    syncs=(100, 1_000),
    polled=200,
    latency_clients=4,
    writers=2,
    warmup=0,
)


# --- the databases -------------------------------------------------------------------------------


@dataclass
class Seeded:
    """A migrated database holding `count` syncs; the keys of some, to poll and to write."""

    url: str
    count: int
    poll: list[tuple[str, str]]  # (sync id, bearer token)
    write: list[tuple[str, str]]


def _b64u(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


def _envelope(size: int) -> str:
    return json.dumps({"v": 1, "iv": _b64u(secrets.token_bytes(12)), "ct": _b64u(os.urandom(size))})


def seed(url: str, count: int, polled: int, writers: int) -> Seeded:
    """Migrate an empty database and bulk-insert `count` syncs with three documents each."""
    app = create_app({"DATABASE_URL": url})
    engine: sa.Engine = app.extensions["nocontact.engine"]
    now = int(time.time())
    kdf = json.dumps({"alg": "PBKDF2-SHA256", "iterations": 600000, "salt": _b64u(b"s" * 16)})
    known: list[tuple[str, str]] = []
    wanted = min(count, polled + writers * 8)
    batch = 10_000
    try:
        for start in range(0, count, batch):
            syncs, documents = [], []
            for index in range(start, min(start + batch, count)):
                sync_id = base64.b32encode(secrets.token_bytes(16)).decode().rstrip("=").lower()
                key = secrets.token_bytes(32)
                if index < wanted:
                    known.append((sync_id, _b64u(key)))
                syncs.append(
                    {
                        "id": sync_id,
                        "auth_hash": hashlib.sha256(key).digest(),
                        "kdf": kdf,
                        "wrapped_key": _envelope(48),
                        "created_at": now,
                        "failed_since": now,
                    }
                )
                for name in DOCUMENTS:
                    documents.append(
                        {"sync_id": sync_id, "name": name, "version": 1, "envelope": _envelope(600)}
                    )
            with engine.begin() as conn:
                conn.execute(db.syncs.insert(), syncs)
                conn.execute(db.documents.insert(), documents)
    finally:
        engine.dispose()
    # Writers keep to syncs nobody polls: a write changes the ETag a poll sends.
    return Seeded(url, count, known[: -writers * 8][:polled], known[-writers * 8 :])


@contextmanager
def databases(kind: str, size: Size, workdir: Path) -> Iterator[tuple[Seeded, Seeded, str]]:
    """Yield the small and the large seeded database of one kind, and the server's version."""
    if kind == "sqlite":
        small = seed(f"sqlite:///{workdir / 'small.db'}", size.syncs[0], size.polled, size.writers)
        large = seed(f"sqlite:///{workdir / 'large.db'}", size.syncs[1], size.polled, size.writers)
        yield small, large, _sqlite_version()
        return
    cluster = PostgresCluster(fsync=True)
    try:
        small = seed(cluster.new_database(), size.syncs[0], size.polled, size.writers)
        large = seed(cluster.new_database(), size.syncs[1], size.polled, size.writers)
        engine = sa.create_engine(cluster.url())
        with engine.connect() as conn:
            version = conn.execute(sa.text("SHOW server_version")).scalar_one()
        engine.dispose()
        yield small, large, str(version)
    finally:
        cluster.stop()


def _sqlite_version() -> str:
    import sqlite3

    return sqlite3.sqlite_version


# --- measuring -----------------------------------------------------------------------------------


def poll_file(server: LiveServer, syncs: list[tuple[str, str]], path: Path) -> Path:
    """Read each sync once for its ETag; write the lines poll.lua goes round."""

    def line(entry: tuple[str, str]) -> str:
        sync_id, token = entry
        answer = requests.get(
            f"{server.url}/v1/syncs/{sync_id}",
            headers={"Authorization": f"Bearer {token}"},
            timeout=30,
        )
        answer.raise_for_status()
        return f"/v1/syncs/{sync_id} {token} {answer.headers['ETag']}\n"

    with ThreadPoolExecutor(max_workers=8) as pool:
        lines = list(pool.map(line, syncs))
    path.write_text("".join(lines))
    return path


def wrk(url: str, clients: int, seconds: float, data: Path) -> dict:
    """Run wrk with one thread and `clients` connections; return poll.lua's RESULT."""
    command = [
        "wrk",
        "-t1",
        f"-c{clients}",
        f"-d{max(seconds, 1):g}s",
        "--timeout",
        "2s",
        "-s",
        str(HERE / "poll.lua"),
        url,
        "--",
        str(data),
    ]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    line = next(text for text in output.splitlines() if text.startswith("RESULT "))
    result = json.loads(line.removeprefix("RESULT "))
    result["rps"] = result["requests"] / (result["duration_us"] / 1e6)
    result["failures"] = sum(result["errors"].values()) + result["not_304"]
    return result


def write_latency(
    server: LiveServer, syncs: list[tuple[str, str]], writers: int, seconds: float
) -> dict:
    """PUT documents with If-Match from `writers` threads, each on its own syncs; latencies."""
    latencies: list[float] = []
    failures = 0
    lock = threading.Lock()
    body = json.dumps({"envelope": json.loads(_envelope(600))})
    deadline = time.monotonic() + seconds
    host, port = "127.0.0.1", server.port

    def writer(own: list[tuple[str, str]]) -> None:
        nonlocal failures
        connection = http.client.HTTPConnection(host, port, timeout=30)
        versions = {}
        for sync_id, token in own:
            connection.request(
                "GET",
                f"/v1/syncs/{sync_id}/documents/blocklist",
                headers={"Authorization": f"Bearer {token}"},
            )
            answer = connection.getresponse()
            versions[sync_id] = json.loads(answer.read())["version"]
        mine: list[float] = []
        errors = 0
        index = 0
        while time.monotonic() < deadline:
            sync_id, token = own[index % len(own)]
            index += 1
            headers = {
                "Authorization": f"Bearer {token}",
                "If-Match": f'"{versions[sync_id]}"',
                "Content-Type": "application/json",
            }
            started = time.perf_counter()
            connection.request(
                "PUT", f"/v1/syncs/{sync_id}/documents/blocklist", body=body, headers=headers
            )
            answer = connection.getresponse()
            answer.read()
            mine.append(time.perf_counter() - started)
            if answer.status == 200:
                versions[sync_id] += 1
            else:
                errors += 1
        connection.close()
        with lock:
            latencies.extend(mine)
            failures += errors

    shares = [syncs[i::writers] for i in range(writers)]
    threads = [threading.Thread(target=writer, args=(share,)) for share in shares if share]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    latencies.sort()
    return {
        "requests": len(latencies),
        "failures": failures,
        "latency_us": {
            "p50": _percentile(latencies, 50) * 1e6,
            "p99": _percentile(latencies, 99) * 1e6,
            "mean": statistics.fmean(latencies) * 1e6,
        },
    }


def _percentile(values: list[float], p: float) -> float:
    return values[min(len(values) - 1, int(len(values) * p / 100))]


def spread(values: list[float]) -> dict:
    """Median, min and max of a list of ratios."""
    return {"median": statistics.median(values), "min": min(values), "max": max(values)}


def _p99(result: dict) -> float:
    return result["latency_us"]["p99"]


def compare_poll(baseline: LiveServer, service: LiveServer, data: Path, size: Size) -> dict:
    """Baseline and service in turn at each number of clients; ratios per pair."""
    results = {}
    for clients in size.clients:
        if size.warmup:
            wrk(baseline.url, clients, size.warmup, data)
            wrk(service.url, clients, size.warmup, data)
        runs = []
        for _ in range(size.repetitions):
            base = wrk(baseline.url, clients, size.seconds, data)
            ours = wrk(service.url, clients, size.seconds, data)
            runs.append({"baseline": base, "service": ours})
        results[str(clients)] = {
            "runs": runs,
            "rps_ratio": spread([r["service"]["rps"] / r["baseline"]["rps"] for r in runs]),
            "p99_ratio": spread([_p99(r["service"]) / _p99(r["baseline"]) for r in runs]),
            "service_rps": spread([r["service"]["rps"] for r in runs]),
            "baseline_rps": spread([r["baseline"]["rps"] for r in runs]),
            "service_p99_ms": spread([r["service"]["latency_us"]["p99"] / 1e3 for r in runs]),
            "baseline_p99_ms": spread([r["baseline"]["latency_us"]["p99"] / 1e3 for r in runs]),
            "failures": sum(r["service"]["failures"] + r["baseline"]["failures"] for r in runs),
        }
    return results


def compare_scale(
    small: tuple[LiveServer, Seeded, Path], large: tuple[LiveServer, Seeded, Path], size: Size
) -> dict:
    """The same service on few and on many syncs, interleaved: poll and write latency ratios."""
    polls, writes = [], []
    if size.warmup:
        for server, _, data in (small, large):
            wrk(server.url, size.latency_clients, size.warmup, data)
    for _ in range(size.repetitions):
        polls.append(
            {
                "small": wrk(small[0].url, size.latency_clients, size.seconds, small[2]),
                "large": wrk(large[0].url, size.latency_clients, size.seconds, large[2]),
            }
        )
        writes.append(
            {
                "small": write_latency(small[0], small[1].write, size.writers, size.seconds),
                "large": write_latency(large[0], large[1].write, size.writers, size.seconds),
            }
        )

    def ratios(runs: list[dict], key: str) -> dict:
        return spread([r["large"]["latency_us"][key] / r["small"]["latency_us"][key] for r in runs])

    return {
        "syncs": [small[1].count, large[1].count],
        "poll_clients": size.latency_clients,
        "writers": size.writers,
        "poll": {
            "runs": polls,
            "p50_ratio": ratios(polls, "p50"),
            "p99_ratio": ratios(polls, "p99"),
        },
        "write": {
            "runs": writes,
            "p50_ratio": ratios(writes, "p50"),
            "p99_ratio": ratios(writes, "p99"),
        },
        "failures": sum(r["small"]["failures"] + r["large"]["failures"] for r in [*polls, *writes]),
    }


# --- the run -------------------------------------------------------------------------------------


def machine() -> dict:
    """What the figures were measured on."""
    cpu = "unknown"
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = 0
    for line in Path("/proc/meminfo").read_text().splitlines():
        if line.startswith("MemTotal:"):
            memory = int(line.split()[1]) * 1024
    os_name = platform.platform()
    os_release = Path("/etc/os-release")
    if os_release.exists():
        for line in os_release.read_text().splitlines():
            if line.startswith("PRETTY_NAME="):
                os_name = line.split("=", 1)[1].strip('"')
    import gunicorn

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout
    wrk_version = wrk_version.split("\n")[0]
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(memory / 2**30, 1),
        "os": os_name,
        "kernel": platform.release(),
        "python": platform.python_version(),
        "flask": _dist("flask"),
        "gunicorn": gunicorn.__version__,
        "sqlalchemy": sa.__version__,
        "psycopg": _dist("psycopg"),
        "wrk": wrk_version.strip(),
    }


def _dist(name: str) -> str:
    from importlib.metadata import version

    return version(name)


def run(size: Size, kinds: list[str], out: Path) -> dict:
    """Measure everything for each database kind; write and return the results."""
    results: dict = {
        "machine": machine(),
        "size": asdict(size),
        "workers": WORKERS,
        "gunicorn_conf": "nocontact.gunicorn_conf",
        "started": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "databases": {},
    }
    with tempfile.TemporaryDirectory(prefix="nocontact-bench-") as tmp:
        workdir = Path(tmp)
        baseline = LiveServer(
            "sqlite:///unused",
            workers=WORKERS,
            env={"PYTHONPATH": str(HERE)},
            app="baseline_app:create_app()",
            ready=("/v1/syncs/ready", 304),
        )
        try:
            for kind in kinds:
                with databases(kind, size, workdir) as (small, large, version):
                    entry: dict = {"version": version}
                    with (
                        LiveServer(small.url, workers=WORKERS) as on_small,
                        LiveServer(large.url, workers=WORKERS) as on_large,
                    ):
                        small_data = poll_file(on_small, small.poll, workdir / f"{kind}-small.txt")
                        large_data = poll_file(on_large, large.poll, workdir / f"{kind}-large.txt")
                        entry["polled_syncs"] = len(large.poll)
                        entry["poll"] = compare_poll(baseline, on_large, large_data, size)
                        entry["scale"] = compare_scale(
                            (on_small, small, small_data), (on_large, large, large_data), size
                        )
                    results["databases"][kind] = entry
        finally:
            baseline.stop()
    results["finished"] = time.strftime("%Y-%m-%dT%H:%M:%S%z")
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(results, indent=2) + "\n")
    return results


def table(results: dict) -> str:
    """A readable summary of the results."""

    def r(stats: dict, digits: int = 2) -> str:
        return f"{stats['median']:.{digits}f} ({stats['min']:.{digits}f}-{stats['max']:.{digits}f})"

    lines = [
        f"{results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"Python {results['machine']['python']}, gunicorn {results['machine']['gunicorn']}, "
        f"{results['workers']} workers",
        "",
        "poll (304) vs minimal Flask: median (min-max) of "
        f"{results['size']['repetitions']} interleaved pairs",
        f"{'database':<11} {'clients':>7}  {'req/s ratio':<18} {'p99 ratio':<18} "
        f"{'service req/s':<22} {'service p99 ms':<20} failures",
    ]
    for kind, entry in results["databases"].items():
        for clients, poll in entry["poll"].items():
            lines.append(
                f"{kind:<11} {clients:>7}  {r(poll['rps_ratio']):<18} {r(poll['p99_ratio']):<18} "
                f"{r(poll['service_rps'], 0):<22} {r(poll['service_p99_ms'], 1):<20} "
                f"{poll['failures']}"
            )
    lines += ["", "latency with many syncs / with few syncs (ratio, median (min-max))"]
    for kind, entry in results["databases"].items():
        scale = entry["scale"]
        few, many = scale["syncs"]
        lines.append(
            f"{kind:<11} {few} vs {many} syncs: poll p50 {r(scale['poll']['p50_ratio'])}, "
            f"p99 {r(scale['poll']['p99_ratio'])}; write p50 {r(scale['write']['p50_ratio'])}, "
            f"p99 {r(scale['write']['p99_ratio'])}; failures {scale['failures']}"
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--smoke", action="store_true", help="the small run (seconds)")
    parser.add_argument("--out", type=Path, default=ROOT / "dist" / "bench" / "service.json")
    parser.add_argument(
        "--databases", default="sqlite,postgresql", help="comma-separated: sqlite,postgresql"
    )
    parser.add_argument("--repetitions", type=int, help="override the size's repetitions")
    parser.add_argument("--seconds", type=float, help="override the length of each wrk run")
    parser.add_argument("--clients", help="override the numbers of clients, e.g. 32,128")
    parser.add_argument("--syncs", help="override the two database sizes, e.g. 100,100000")
    args = parser.parse_args(argv)
    size = SMOKE if args.smoke else FULL
    if args.repetitions:
        size = replace(size, repetitions=args.repetitions)
    if args.seconds:
        size = replace(size, seconds=args.seconds)
    if args.clients:
        size = replace(size, clients=tuple(int(c) for c in args.clients.split(",")))
    if args.syncs:
        few, many = (int(n) for n in args.syncs.split(","))
        size = replace(size, syncs=(few, many))
    results = run(size, args.databases.split(","), args.out)
    print(table(results))
    print(f"\nresults: {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
