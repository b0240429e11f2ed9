"""Process start to first painted main window: source run vs frozen build (medians, ratio).

Usage: `.venv/bin/python packaging/startup_time.py [--frozen dist/capi-desktop/capi-desktop]
[--runs 7]`. Both runs go through packaging/pyinstaller/launcher.py, whose
CAPI_DESKTOP_PAINT_PROBE mode records the first paint and closes the window.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "pyinstaller" / "launcher.py"
PROBE_ENV = "CAPI_DESKTOP_PAINT_PROBE"


def time_first_paint(command: list[str], timeout: float = 60.0) -> float:
    """Seconds from spawning `command` to the main window's first paint."""
    with tempfile.TemporaryDirectory(prefix="capi-startup-") as tmp:
        probe = Path(tmp) / "painted-at"
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", CAPI_DESKTOP_HOME=tmp)
        env[PROBE_ENV] = str(probe)
        started = time.time()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=timeout)
        if done.returncode != 0 or not probe.exists():
            raise RuntimeError(
                f"{command[0]} exited {done.returncode} without painting:\n{done.stderr[-2000:]}"
            )
        return float(probe.read_text(encoding="utf-8")) - started


def median_first_paint(command: list[str], runs: int) -> float:
    time_first_paint(command)  # warm the page cache; the first cold run is not comparable
    return statistics.median(time_first_paint(command) for _ in range(runs))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, help="the frozen capi-desktop executable")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    source = median_first_paint([sys.executable, str(LAUNCHER)], args.runs)
    print(f"start to first paint, source : {source * 1000:6.0f} ms (median of {args.runs})")
    if args.frozen:
        frozen = median_first_paint([str(args.frozen)], args.runs)
        print(f"start to first paint, frozen : {frozen * 1000:6.0f} ms (median of {args.runs})")
        print(f"frozen / source              : {frozen / source:6.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
