"""Benchmark: audit a generated 200 MB HAR (100k entries, 20k Pixel hits) against 20k server events.

Prints the audit's wall time (target ≤ 10 s) and the audit process's peak RSS (target ≤ 300 MB).
The audit runs as `capi-desktop audit` in a child process so its peak RSS is measured alone.
Usage: python benchmarks/har_audit.py [--entries 100000] [--hits 20000] [--mb 200]

--ingest times the DuckDB engine's browser side alone (audit_engine.browser_source.load_hars,
issue 23) on the generated HAR or on --har FILE (repeatable; e.g. warehouse_audit.py --keep's
hits-1000000.har): DuckDB reading the entries itself vs the Python scanner feeding the same
SQL (the baseline, in the same run), medians of --repeat child processes, and whether both
built the same browser table.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

PIXEL = "1234567890123456"
T0 = 1_790_000_000
UA = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131 Safari"


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _headers(rng: random.Random) -> list[dict[str, str]]:
    cookie = "; ".join(f"c{i}={rng.getrandbits(64):x}" for i in range(6))
    return [
        {"name": "accept", "value": "*/*"},
        {"name": "user-agent", "value": UA},
        {"name": "cookie", "value": cookie},
        {"name": "referer", "value": "https://shop.example/checkout"},
    ]


def _pixel_params(i: int) -> dict[str, str]:
    name = ("Purchase", "AddToCart", "ViewContent", "Lead")[i % 4]
    return {
        "id": PIXEL,
        "ev": name,
        "eid": f"evt-{i}",
        "dl": f"https://shop.example/p/{i}?utm_source=bench",
        "rl": "https://shop.example/",
        "if": "false",
        "ts": str((T0 + i) * 1000),
        "cd[value]": f"{10 + i % 90}.50",
        "cd[currency]": "EUR",
        "cd[content_ids]": json.dumps([f"sku-{i}"]),
        "cd[contents]": json.dumps([{"id": f"sku-{i}", "quantity": 1, "item_price": 10.5}]),
        "sw": "1920",
        "sh": "1080",
        "v": "2.9.207",
        "r": "stable",
        "ec": "3",
        "o": "4126",
        "fbp": f"fb.1.{T0 * 1000}.{100000000 + i}",
        "ud[em]": _sha(f"user{i}@example.com"),
        "ud[external_id]": _sha(f"cust-{i}"),
        "it": str(T0 * 1000),
        "coo": "false",
        "rqm": "GET",
    }


def _entry(url: str, method: str, body: str | None, pad: int, rng: random.Random) -> str:
    request: dict[str, object] = {
        "method": method,
        "url": url,
        "httpVersion": "HTTP/2",
        "headers": _headers(rng),
        "cookies": [{"name": "sid", "value": f"{rng.getrandbits(128):x}"}],
        "queryString": [],
        "headersSize": -1,
        "bodySize": 0,
    }
    if body is not None:
        request["postData"] = {"mimeType": "application/x-www-form-urlencoded", "text": body}
    entry = {
        "startedDateTime": "2026-09-21T10:00:00.000Z",
        "time": 12.5,
        "request": request,
        "response": {
            "status": 200,
            "statusText": "OK",
            "headers": [{"name": "content-type", "value": "text/javascript"}],
            "content": {"size": pad, "mimeType": "text/javascript", "text": "x" * pad},
        },
        "timings": {"send": 0.1, "wait": 10, "receive": 2},
    }
    return json.dumps(entry)


def generate(directory: Path, entries: int, hits: int, megabytes: int) -> tuple[Path, Path]:
    rng = random.Random(7)
    har = directory / "bench.har"
    every = entries // hits
    # Pad non-Pixel responses so the file reaches the target size.
    base = len(_entry("https://shop.example/static/0.js", "GET", None, 0, rng)) + 2
    pixel = len(
        _entry("https://www.facebook.com/tr/?" + urlencode(_pixel_params(0)), "GET", None, 0, rng)
    )
    budget = megabytes * 1_000_000 - hits * pixel - (entries - hits) * base
    pad = max(0, budget // max(1, entries - hits))
    with har.open("w", encoding="utf-8") as out:
        out.write(
            '{"log": {"version": "1.2", "creator": {"name": "bench"}, "pages": [], "entries": [\n'
        )
        hit = 0
        for i in range(entries):
            if i % every == 0 and hit < hits:
                query = urlencode(_pixel_params(hit))
                if hit % 5 == 0:  # sendBeacon POST with a form body
                    text = _entry("https://www.facebook.com/tr/", "POST", query, 0, rng)
                else:
                    text = _entry("https://www.facebook.com/tr/?" + query, "GET", None, 0, rng)
                hit += 1
            else:
                text = _entry(f"https://shop.example/static/{i}.js", "GET", None, pad, rng)
            out.write(text if i == 0 else ",\n" + text)
        out.write("\n]}}\n")
    server = directory / "server.jsonl"
    with server.open("w", encoding="utf-8") as out:
        for i in range(hits):
            params = _pixel_params(i)
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
                "event_source_url": f"https://shop.example/p/{i}",
                "user_data": {
                    "em": [params["ud[em]"]],
                    "external_id": [params["ud[external_id]"]],
                    "fbp": params["fbp"],
                    "client_user_agent": UA,
                    "client_ip_address": "203.0.113.10",
                },
                "custom_data": {
                    "value": float(params["cd[value]"]),
                    "currency": "EUR",
                    "content_ids": [f"sku-{i}"],
                    "contents": [{"id": f"sku-{i}", "quantity": 1, "item_price": 10.5}],
                },
            }
            out.write(json.dumps({"pixel_id": PIXEL, "body": {"data": [event]}}) + "\n")
    return har, server


def thread_lag(har: Path, server: Path) -> tuple[float, float]:
    """Max and p99 oversleep of a 5 ms timer on the main thread while the audit runs in a thread."""
    from capi_desktop.backend.audit_runner import run_audit

    worker = threading.Thread(target=run_audit, args=(har, server))
    lags: list[float] = []
    worker.start()
    while worker.is_alive():
        started = time.perf_counter()
        time.sleep(0.005)
        lags.append(time.perf_counter() - started - 0.005)
    worker.join()
    lags.sort()
    return lags[-1], lags[int(len(lags) * 0.99)]


def ingest_child(way: str, hars: list[str]) -> None:
    """In a child: load_hars alone (the Python scanner when way == "python"); prints JSON."""
    import duckdb

    from capi_desktop.backend.audit_engine import browser_source

    if way == "python":
        browser_source.entries_file = lambda _har, _folder: None  # type: ignore[assignment]
    con = duckdb.connect()
    con.execute("SET memory_limit = '300MB'")  # as the audit's runner sets it
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/capi-audit-spill'")
    con.execute(f"CREATE TABLE browser ({browser_source.BROWSER_COLUMNS})")
    wall, cpu = time.perf_counter(), time.process_time()
    hits, ignored = browser_source.load_hars(
        con, [Path(h) for h in hars], cancel=None, on_progress=lambda *_a: None
    )
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    table = con.execute("SELECT SUM(HASH(COLUMNS(*))) FROM browser").fetchone()
    print(json.dumps({"wall": wall, "cpu": cpu, "hits": hits, "ignored": ignored, "t": str(table)}))


def ingest(hars: list[str], repeat: int) -> None:
    """Median wall/CPU of load_hars and peak RSS of its process, each way, and the ratio."""
    found: dict[str, list[dict[str, Any]]] = {"python": [], "duckdb": []}
    for _ in range(repeat):
        for way, runs in found.items():
            with tempfile.TemporaryFile("w+") as out:
                child = subprocess.Popen(
                    [sys.executable, __file__, "--ingest-child", way, *hars], stdout=out
                )
                _pid, status, usage = os.wait4(child.pid, 0)
                if os.waitstatus_to_exitcode(status) != 0:
                    raise SystemExit(f"load_hars ({way}) failed")
                out.seek(0)
                runs.append(json.loads(out.read()) | {"rss": usage.ru_maxrss / 1024})
    medians = {}
    for way, runs in found.items():
        wall = statistics.median(r["wall"] for r in runs)
        cpu = statistics.median(r["cpu"] for r in runs)
        rss = statistics.median(r["rss"] for r in runs)
        medians[way] = wall
        print(
            f"load_hars {way:<6}: {wall:6.1f} s wall {cpu:6.1f} s CPU {rss:5.0f} MB peak RSS"
            f" (median of {repeat}),"
            f" {runs[0]['hits']:,} hits, {runs[0]['ignored']:,} technical"
            f"  (load {os.getloadavg()[0]:.1f})"
        )
    same = {r["t"] for runs in found.values() for r in runs}
    print(
        f"ratio duckdb/python (wall): {medians['duckdb'] / medians['python']:.2f};"
        f" browser tables {'IDENTICAL' if len(same) == 1 else 'DIFFER'}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=100_000)
    parser.add_argument("--hits", type=int, default=20_000)
    parser.add_argument("--mb", type=int, default=200)
    parser.add_argument("--ingest", action="store_true", help="time load_hars alone")
    parser.add_argument("--har", action="append", default=[], help="HAR(s) for --ingest")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--ingest-child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.ingest_child:
        ingest_child(args.ingest_child[0], args.ingest_child[1:])
        return 0
    with tempfile.TemporaryDirectory(prefix="capi-har-bench-") as tmp:
        directory = Path(tmp)
        started = time.perf_counter()
        if args.ingest and args.har:
            ingest(args.har, args.repeat)
            return 0
        har, server = generate(directory, args.entries, args.hits, args.mb)
        print(
            f"generated {har.stat().st_size / 1e6:.0f} MB HAR ({args.entries} entries,"
            f" {args.hits} Pixel hits) + {args.hits} server events"
            f" in {time.perf_counter() - started:.1f} s"
        )
        if args.ingest:
            ingest([str(har)], args.repeat)
            return 0
        command = [
            sys.executable, "-m", "capi_desktop", "audit", "--har", str(har), "--server",
            str(server), "--json", "--out", str(directory / "report.html"),
        ]  # fmt: skip
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False)
        wall = time.perf_counter() - started
        if done.returncode not in (0, 1):
            print(done.stderr, file=sys.stderr)
            return 2
        summary = json.loads(done.stdout)
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_mb = usage.ru_maxrss / 1024  # KiB on Linux
        cpu = usage.ru_utime + usage.ru_stime
        counts = {k: summary[k] for k in ("matched", "at_risk", "double_counted")}
        counts |= {k: summary[k] for k in ("browser_only", "server_only", "duplicate_ids")}
        print(f"counts: {counts}, dedup rate {summary['dedup_rate']}")
        print(
            f"audit wall time (process incl. start-up and HTML report): {wall:.2f} s"
            f" (target ≤ 10 s); CPU time {cpu:.2f} s (wall > CPU means a busy machine)"
        )
        print(f"audit peak RSS: {peak_mb:.0f} MB (target ≤ 300 MB)")
        lag = thread_lag(har, server)
        print(
            f"main-thread lag while run_audit runs in a worker thread: max {lag[0] * 1000:.0f} ms,"
            f" p99 {lag[1] * 1000:.0f} ms (GIL only; the Qt event-loop lag is the panel's figure)"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
