"""Benchmark: our full user_data normalization per record vs Meta's Python SDK on the same records.

Each of 5 runs hands both sides the same 3,000 unseen records (default country US), ours then the
SDK's, run after run; each side times itself per record in thread CPU time (other engineers'
load on the shared cores then moves both alike) and the script prints the medians side by side, their ratio (goal ≤ 1.0)
and how many hashed fields give identical output where the rules agree. The SDK
(facebook-business, pinned in tests/reference_versions.json) runs in the throwaway venv of
scripts/reference_impls.py; without it the SDK side is skipped with a message.
Usage: python benchmarks/normalize_vs_sdk.py [--records 3000] [--runs 5]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

import reference_impls  # noqa: E402

from capi_desktop.domain.normalize import (  # noqa: E402
    NormalizeContext,
    clear_caches,
    normalize_user_data,
)

FIRST = ["Mary", "Anne", "Zoe", "Li", "Kai", "Ana", "Omar", "Eva"]
LAST = ["Smith", "Miller", "Nguyen", "Garcia", "Kowalski", "Brown"]
CITIES = ["New York", "San Jose", "Chicago", "Austin", "Boston"]
STATES = ["CA", "NY", "TX", "WA", "IL"]
UA = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36"
# Keys both sides hash with rules that agree on these records (external_id: the SDK sends it
# unhashed, we hash it; the clear-text keys are copied by both).
SHARED_KEYS = ("em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country")


def record(i: int, now_ms: int) -> dict[str, object]:
    """A full user_data both implementations accept; `i` makes every value unseen."""
    return {
        "em": [f" User.{i}@Example.com "],
        "ph": f"+1 (650) {200 + i % 700:03d}-{i % 10000:04d}",
        "fn": FIRST[i % len(FIRST)] + chr(97 + i % 26) * (1 + i % 3),
        "ln": LAST[i % len(LAST)] + str(i // 7 % 10) * 0,
        "db": f"{1950 + i % 50}{1 + i % 12:02d}{1 + i % 28:02d}",
        "ge": "f" if i % 2 else "m",
        "ct": CITIES[i % len(CITIES)] + ("" if i % 3 else f" {chr(97 + i % 26)}"),
        "st": STATES[i % len(STATES)],
        "zp": f"{10000 + i % 89999}-{i % 10000:04d}",
        "country": "US" if i % 2 else "us",
        "external_id": f"crm-{i}",
        "client_ip_address": f"203.0.{i % 256}.{(i // 256) % 256}",
        "client_user_agent": UA,
        "fbp": f"fb.1.{now_ms - 86_400_000 - i}.{1000000000 + i}",
        "fbc": f"fb.1.{now_ms - 3_600_000 - i}.IwAR2xYz{i}AbCdEfGh",
    }


def ours(runs: list[list[dict[str, object]]]) -> tuple[list[float], list[dict[str, object]]]:
    context = NormalizeContext(default_country="US")
    medians, first = [], []
    for index, records in enumerate(runs):
        clear_caches()  # unseen values: no result from an earlier run helps
        times = []
        for item in records:
            start = time.thread_time_ns()
            result = normalize_user_data(item, context=context)
            times.append(time.thread_time_ns() - start)
            if index == 0:
                first.append({k: [r.sha256 or r.normalized for r in v] for k, v in result.items()})
        medians.append(statistics.median(times) / 1000)
    return medians, first


def sdk(runs: list[list[dict[str, object]]]) -> dict[str, list[object]] | None:
    exe = reference_impls.python_exe()
    if not exe.exists():
        print(f"SDK side SKIPPED: no reference venv at {exe.parent.parent} "
              "(run: python scripts/reference_impls.py --only python)")  # fmt: skip
        return None
    done = subprocess.run(
        [str(exe), str(ROOT / "benchmarks" / "normalize_vs_sdk_child.py")],
        input=json.dumps({"runs": runs}), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode != 0:
        print(f"SDK side SKIPPED: the SDK run failed: {done.stderr.strip()[-400:]}")
        return None
    answer: dict[str, list[object]] = json.loads(done.stdout)
    return answer


def identical(mine: list[dict[str, object]], theirs: list[object]) -> tuple[int, int]:
    same = total = 0
    for a, b in zip(mine, theirs, strict=True):
        assert isinstance(b, dict)
        for key in SHARED_KEYS:
            total += 1
            same += sorted(a[key]) == sorted(b[key])  # type: ignore[arg-type]
    return same, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=3000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    now_ms = int(time.time() * 1000)
    # Run 0 warms both sides up (imports, pycountry's lazy tables, regex caches) and is not
    # counted; every timed run then sees records neither side has seen.
    runs = [
        [record(r * args.records + i, now_ms) for i in range(args.records)]
        for r in range(args.runs + 1)
    ]
    print(f"full user_data, {args.records} unseen records × {args.runs} runs, default country US")
    mine: list[float] = []
    sdk_medians: list[float] = []
    mine_first: list[dict[str, object]] = []
    sdk_first: list[object] = []
    sdk_available = True
    for index, records in enumerate(runs):
        medians, first = ours([records])
        answer = sdk([records]) if sdk_available else None
        sdk_available = answer is not None
        if index == 0:  # warm-up, not counted; keeps the outputs for the identity check
            mine_first, sdk_first = first, (answer or {}).get("first_run", [])
            continue
        mine += medians
        if answer is not None:
            sdk_medians.append(float(answer["medians_us"][0]))  # type: ignore[arg-type]
    print("  ours per run (median CPU µs/record): " + "  ".join(f"{m:6.1f}" for m in mine))
    if not sdk_available:
        print(f"  ours: {statistics.median(mine):.1f} µs/record (median of {args.runs})")
        return
    print("  SDK  per run (median CPU µs/record): " + "  ".join(f"{m:6.1f}" for m in sdk_medians))
    ratios = [a / b for a, b in zip(mine, sdk_medians, strict=True)]
    same, total = identical(mine_first, sdk_first)
    print(f"  ours {statistics.median(mine):.1f} µs vs facebook-business "
          f"{statistics.median(sdk_medians):.1f} µs per record")  # fmt: skip
    print(f"  ratio ours/SDK: median of {args.runs} = {statistics.median(ratios):.2f}"
          f"  (runs: {' '.join(f'{r:.2f}' for r in ratios)})   goal ≤ 1.0")  # fmt: skip
    print(f"  identical hashed output where the rules agree ({', '.join(SHARED_KEYS)}): "
          f"{same}/{total}")  # fmt: skip
    print(f"  (load average now: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs)")


if __name__ == "__main__":
    main()
