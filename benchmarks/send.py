"""Send 10,000 events to the local emulator in chunks of 1,000: events/s and client CPU per event.

The emulator runs in a subprocess, so this process's CPU time is the client's alone
(JSON encoding, httpx, parsing, redaction of the stored request bodies).
Run: .venv/bin/python benchmarks/send.py [--events 10000] [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import os
import statistics
import subprocess
import sys
import tempfile
import time
from typing import Any

from capi_desktop.backend.graph_client import GraphClient, Profile

TOKEN = "bench-token-0123456789"
PIXEL = "1234567890"


def sha(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def make_events(count: int) -> list[dict[str, Any]]:
    now = int(time.time())
    return [
        {
            "event_name": "Purchase",
            "event_time": now - (i % 3600),
            "event_id": f"order-{i}",
            "action_source": "website",
            "event_source_url": "https://shop.example.com/checkout/thanks",
            "user_data": {
                "em": [sha(f"user{i}@example.com")],
                "ph": [sha(f"4915112345{i:04d}")],
                "client_ip_address": "192.0.2.10",
                "client_user_agent": "Mozilla/5.0 (X11; Linux x86_64) Firefox/130.0",
                "fbp": f"fb.1.1700000000000.{1000000 + i}",
            },
            "custom_data": {"currency": "EUR", "value": 19.99 + i % 50, "order_id": f"order-{i}"},
        }
        for i in range(count)
    ]


def start_emulator_process() -> tuple[subprocess.Popen[str], str]:
    env = dict(os.environ, CAPI_DESKTOP_HOME=tempfile.mkdtemp(prefix="capi-bench-"))
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "capi_desktop",
            "emulator",
            "--port",
            "0",
            "--token",
            TOKEN,
            "--pixel",
            PIXEL,
        ],
        stdout=subprocess.PIPE,
        text=True,
        env=env,
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    if "http://" not in line:
        process.kill()
        raise SystemExit(f"emulator did not start: {line!r}")
    return process, line.strip().split()[-1]


async def one_run(url: str, events: list[dict[str, Any]], concurrency: int) -> tuple[float, float]:
    profile = Profile(id="bench", name="bench", pixel_id=PIXEL, graph_url=url)
    graph = GraphClient()
    try:
        # Warm the connection pool so the figures are about sending, not TCP setup.
        await graph.check_credentials(profile, TOKEN, debug_token=False)
        cpu0, wall0 = time.process_time(), time.perf_counter()
        result = await graph.send_events(
            profile, TOKEN, {"data": events}, test_event_code=None, max_concurrency=concurrency
        )
        cpu, wall = time.process_time() - cpu0, time.perf_counter() - wall0
    finally:
        await graph.aclose()
    if not result.ok or result.events_received != len(events):
        raise SystemExit(f"send failed: {result.error}")
    return cpu, wall


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--concurrency", type=int, default=4)
    args = parser.parse_args()
    events = make_events(args.events)
    process, url = start_emulator_process()
    try:
        runs = [asyncio.run(one_run(url, events, args.concurrency)) for _ in range(args.runs)]
    finally:
        process.terminate()
        process.wait(timeout=10)
    cpu = statistics.median(r[0] for r in runs)
    wall = statistics.median(r[1] for r in runs)
    per_event_us = cpu / args.events * 1e6
    print(f"events per run      : {args.events} in chunks of 1,000, concurrency {args.concurrency}")
    print(f"runs                : {args.runs} (medians below)")
    print(f"wall time           : {wall * 1000:.0f} ms  ->  {args.events / wall:,.0f} events/s")
    print(f"client CPU time     : {cpu * 1000:.0f} ms  ->  {per_event_us:.1f} us/event")
    verdict = "OK" if per_event_us <= 50 else "OVER"
    print(f"target <= 50 us/event: {verdict}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
