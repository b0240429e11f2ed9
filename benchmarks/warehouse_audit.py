"""Benchmark: the DuckDB audit engine vs the in-memory engine at 10k, 100k and 1M server events.

For each size N it generates N browser Pixel hits (one HAR, no padding) and N server events
(JSON Lines, the same mix as benchmarks/har_audit.py: 5 % case-broken IDs, 10 % server-only,
1 in 7 sent 400 s late), then runs `capi-desktop audit` in a child process per engine and
prints wall time (incl. start-up), peak RSS of that process, and the ratio duckdb / memory.
Goals (issue 23, 2-core machine): 10k ≤ 3 s incl. start-up; 1M + 1M ≤ 60 s and ≤ 500 MB.

The in-memory engine is skipped above --memory-max (default 100k: at 1M it needs ~7.5 GB).
Usage: python benchmarks/warehouse_audit.py [--sizes 10000,100000,1000000] [--fields auto,all]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode

PIXEL = "1234567890123456"
T0 = 1_790_000_000
NAMES = ("Purchase", "AddToCart", "ViewContent", "Lead")
_ENTRY = (
    '{{"startedDateTime": "2026-09-21T10:00:00.000Z", "time": 12.5, "request": {{"method": "GET",'
    ' "url": {url}, "httpVersion": "HTTP/2", "headers": [], "queryString": [], "headersSize": -1,'
    ' "bodySize": 0}}, "response": {{"status": 200, "headers": [], "content": {{"size": 0}}}}}}'
)


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _params(i: int) -> dict[str, str]:
    return {
        "id": PIXEL,
        "ev": NAMES[i % 4],
        "eid": f"evt-{i}",
        "dl": f"https://shop.example/p/{i}",
        "ts": str((T0 + i) * 1000),
        "cd[value]": f"{10 + i % 90}.50",
        "cd[currency]": "EUR",
        "fbp": f"fb.1.{T0 * 1000}.{100000000 + i}",
        "ud[external_id]": _sha(f"cust-{i}"),
    }


def generate(directory: Path, count: int) -> tuple[Path, Path]:
    har = directory / f"hits-{count}.har"
    server = directory / f"server-{count}.jsonl"
    with har.open("w", encoding="utf-8") as out:
        out.write('{"log": {"version": "1.2", "creator": {"name": "bench"}, "entries": [\n')
        for i in range(count):
            url = json.dumps("https://www.facebook.com/tr/?" + urlencode(_params(i)))
            out.write(("" if i == 0 else ",\n") + _ENTRY.format(url=url))
        out.write("\n]}}\n")
    with server.open("w", encoding="utf-8") as out:
        for i in range(count):
            params = _params(i)
            event_id = params["eid"]
            if i % 20 == 0:
                event_id = event_id.upper()  # double counted
            elif i % 10 == 1:
                event_id = f"server-only-{i}"
            event = {
                "event_name": params["ev"],
                "event_id": event_id,
                "event_time": T0 + i + (400 if i % 7 == 0 else 3),
                "action_source": "website",
                "event_source_url": params["dl"],
                "user_data": {"external_id": [params["ud[external_id]"]], "fbp": params["fbp"]},
                "custom_data": {"value": float(params["cd[value]"]), "currency": "EUR"},
            }
            out.write(json.dumps({"pixel_id": PIXEL, "body": {"data": [event]}}) + "\n")
    return har, server


def run_child(args: list[str]) -> tuple[float, float, float, dict[str, object]]:
    """Wall seconds, CPU seconds and peak RSS in MB of that one child (os.wait4), its JSON
    summary. CPU time is printed because the machine is shared: wall time there depends on
    everyone else's load (the load average is printed beside it)."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        started = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "capi_desktop", "audit", *args, "--json"],
            stdout=out,
            stderr=err,
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--fields", default="auto", help="auto and/or all (compare every pair)")
    parser.add_argument("--memory-max", type=int, default=100_000)
    parser.add_argument(
        "--keep", metavar="DIR", help="generate into DIR and keep the files (reused if there)"
    )
    args = parser.parse_args()
    directory = Path(args.keep or tempfile.mkdtemp(prefix="capi-wh-bench-"))
    directory.mkdir(parents=True, exist_ok=True)
    print(f"{os.cpu_count()} CPUs; files in {directory}")
    for size in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        har, server = directory / f"hits-{size}.har", directory / f"server-{size}.jsonl"
        if not (args.keep and har.exists() and server.exists()):
            har, server = generate(directory, size)
        print(
            f"\n== {size:,} browser hits ({har.stat().st_size / 1e6:.0f} MB HAR) + {size:,} server"
            f" events ({server.stat().st_size / 1e6:.0f} MB) generated in"
            f" {time.perf_counter() - started:.0f} s"
        )
        base = ["--har", str(har), "--server", str(server)]
        memory = None
        if size <= args.memory_max:
            wall, cpu, rss, summary = run_child([*base, "--engine", "memory"])
            memory = (wall, rss, _counts(summary))
            print(
                f"memory      : {wall:7.1f} s wall {cpu:6.1f} s CPU {rss:6.0f} MB"
                f"  counts {memory[2]}  (load {os.getloadavg()[0]:.1f})"
            )
        for fields in args.fields.split(","):
            db = directory / f"audit-{size}-{fields}.duckdb"
            db.unlink(missing_ok=True)
            run = [*base, "--engine", "duckdb", "--fields", fields, "--db", str(db)]
            wall, cpu, rss, summary = run_child(run)
            line = (
                f"duckdb {fields:<5}: {wall:7.1f} s wall {cpu:6.1f} s CPU {rss:6.0f} MB"
                f"  counts {_counts(summary)}  (load {os.getloadavg()[0]:.1f})"
            )
            if memory is not None:
                line += f"  time ×{wall / memory[0]:.2f}, RSS ×{rss / memory[1]:.2f} of memory"
                line += "  SAME COUNTS" if _counts(summary) == memory[2] else "  COUNTS DIFFER"
            print(line)
            again, _cpu, rss2, _ = run_child(run)
            print(f"  reopened kept database: {again:.2f} s, {rss2:.0f} MB")
        if not args.keep:
            har.unlink()
            server.unlink()
    return 0


if __name__ == "__main__":
    sys.exit(main())
