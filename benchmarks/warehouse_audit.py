"""Benchmark: the DuckDB audit engine vs the in-memory engine at 10k, 100k and 1M server events.

For each size N it generates N browser Pixel hits and N server events with benchmarks/har_audit.py's
generator (one HAR of N Pixel entries, no padding; 1 in 5 a sendBeacon POST; server events with
5 % case-broken IDs, 10 % server-only, 1 in 7 sent 400 s late), then runs `capi-desktop audit` in a
child process per engine and prints wall time (incl. start-up), CPU time, peak RSS of that process,
and the ratio duckdb / memory. `--baseline DIR` also runs the DuckDB engine of another checkout
(e.g. `git worktree add /tmp/main main`) on the same files, for a before/after in the same run.
Goals (issue 23, 2-core machine): 10k ≤ 3 s incl. start-up; 1M + 1M ≤ 60 s and ≤ 500 MB.

The in-memory engine is skipped above --memory-max (default 100k: at 1M it needs ~7.5 GB).
Usage: python benchmarks/warehouse_audit.py [--sizes 10000,100000,1000000] [--fields auto,all]
       [--runs 3] [--baseline DIR] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# The one event generator of the audit benchmarks (benchmarks/har_audit.py).
from har_audit import generate


def run_child(
    args: list[str], source: Path | None = None
) -> tuple[float, float, float, dict[str, object]]:
    """Wall seconds, CPU seconds and peak RSS in MB of that one child (os.wait4), its JSON
    summary; `source` runs another checkout's capi_desktop. CPU time is printed because the
    machine is shared: wall time there depends on everyone else's load."""
    env = dict(os.environ)
    if source is not None:
        env["PYTHONPATH"] = str(source)
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "capi_desktop", "audit", *args, "--json"],
            stdout=out,
            stderr=err,
            cwd=source,
            env=env,
        )
        _pid, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if child.returncode not in (0, 1):
            raise SystemExit(f"audit failed: {err.read().strip()[-500:]}")
        cpu = usage.ru_utime + usage.ru_stime
        return wall, cpu, usage.ru_maxrss / 1024, json.loads(out.read())


def _counts(summary: dict[str, object]) -> tuple[object, ...]:
    keys = ("matched", "at_risk", "unknown", "double_counted", "browser_only", "server_only")
    return tuple(summary[k] for k in keys)


class Figures:
    """Median wall / CPU / peak RSS of a few runs of one engine, and its counts."""

    def __init__(self, runs: list[tuple[float, float, float, dict[str, object]]]) -> None:
        self.wall = statistics.median(r[0] for r in runs)
        self.cpu = statistics.median(r[1] for r in runs)
        self.rss = statistics.median(r[2] for r in runs)
        self.counts = _counts(runs[0][3])
        self.stable = all(_counts(r[3]) == self.counts for r in runs)

    def line(self, name: str) -> str:
        return (
            f"{name:<14}: {self.wall:7.1f} s wall {self.cpu:6.1f} s CPU {self.rss:6.0f} MB"
            f"  counts {self.counts}{'' if self.stable else ' (VARIED)'}"
            f"  (load {os.getloadavg()[0]:.1f})"
        )

    def versus(self, other: Figures, name: str) -> str:
        same = "same counts" if other.counts == self.counts else "COUNTS DIFFER"
        return (
            f"  vs {name}: time ×{self.wall / other.wall:.2f}, CPU ×{self.cpu / other.cpu:.2f},"
            f" RSS ×{self.rss / other.rss:.2f}; {same}"
        )


def _measure(args: list[str], runs: int, db: Path | None, source: Path | None = None) -> Figures:
    results = []
    for _ in range(runs):
        if db is not None:
            db.unlink(missing_ok=True)
        results.append(run_child(args, source))
    return Figures(results)


def _inputs(directory: Path, size: int, keep: bool) -> tuple[Path, Path]:
    folder = directory / f"size-{size}"
    har, server = folder / "bench.har", folder / "server.jsonl"
    if not (keep and har.exists() and server.exists()):
        folder.mkdir(parents=True, exist_ok=True)
        har, server = generate(folder, size, size, 0)
    return har, server


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--fields", default="auto", help="auto and/or all (compare every pair)")
    parser.add_argument("--memory-max", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=1, help="runs per engine (medians printed)")
    parser.add_argument("--baseline", metavar="DIR", help="also run this checkout's engine")
    parser.add_argument(
        "--keep", metavar="DIR", help="generate into DIR and keep the files (reused if there)"
    )
    args = parser.parse_args()
    directory = Path(args.keep or tempfile.mkdtemp(prefix="capi-wh-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    baseline = Path(args.baseline).resolve() if args.baseline else None
    runs = max(1, args.runs)
    print(f"{os.cpu_count()} CPUs; files in {directory}; medians of {runs} run(s)")
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        har, server = _inputs(directory, size, bool(args.keep))
        print(
            f"\n== {size:,} browser hits ({har.stat().st_size / 1e6:.0f} MB HAR) + {size:,} server"
            f" events ({server.stat().st_size / 1e6:.0f} MB) ready in"
            f" {time.perf_counter() - started:.0f} s"
        )
        base = ["--har", str(har), "--server", str(server)]
        memory = None
        if size <= args.memory_max:
            memory = _measure([*base, "--engine", "memory"], runs, None)
            print(memory.line("memory"))
        for fields in args.fields.split(","):
            db = har.with_name(f"audit-{fields}.duckdb")
            run = [*base, "--engine", "duckdb", "--fields", fields, "--db", str(db)]
            before = None
            if baseline is not None:
                before = _measure(run, runs, db, baseline)
                print(before.line(f"baseline {fields}"))
            figures = _measure(run, runs, db)
            print(figures.line(f"duckdb {fields}"))
            if memory is not None:
                print(figures.versus(memory, "memory"))
            if before is not None:
                print(figures.versus(before, "baseline"))
            again = run_child(run)
            print(f"  reopened kept database: {again[0]:.2f} s, {again[2]:.0f} MB")
        if not args.keep:
            for path in har.parent.iterdir():
                path.unlink()
            har.parent.rmdir()
    return 0


if __name__ == "__main__":
    sys.exit(main())
