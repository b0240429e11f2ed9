"""Process start to first painted main window: source run vs frozen build (medians, ratio).

Usage: `.venv/bin/python packaging/startup_time.py [--frozen dist/capi-desktop/capi-desktop]
[--runs 7]`. Both go through packaging/pyinstaller/launcher.py, whose CAPI_DESKTOP_PAINT_PROBE
mode prints a marker at the first paint of the main window (the event filter that
benchmarks/startup.py uses) and exits; runs are interleaved, offscreen, in a throwaway home.
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
MARKER = "FIRST-PAINT"


def time_first_paint(command: list[str], timeout: float = 60.0) -> float:
    """Seconds from spawning `command` to its first-paint marker on stdout."""
    with tempfile.TemporaryDirectory(prefix="capi-startup-") as home:
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_API="pyside6")
        env.update({"CAPI_DESKTOP_HOME": home, PROBE_ENV: "1"})
        started = time.perf_counter()
        proc = subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
        )
        try:
            assert proc.stdout is not None
            for line in proc.stdout:
                if line.strip() == MARKER:
                    return time.perf_counter() - started
            raise RuntimeError(f"{command[0]} exited with {proc.wait()} before painting")
        finally:
            try:
                proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--frozen", type=Path, help="the frozen capi-desktop executable")
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args(argv)
    commands = {"source": [sys.executable, str(LAUNCHER)]}
    if args.frozen:
        commands["frozen"] = [str(args.frozen)]
    for command in commands.values():
        time_first_paint(command)  # warm the page cache; a cold first run is not comparable
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(args.runs):
        for name, command in commands.items():
            times[name].append(time_first_paint(command))
    medians = {name: statistics.median(values) for name, values in times.items()}
    for name, median in medians.items():
        print(f"start to first paint, {name:6s}: median {median * 1000:5.0f} ms ({args.runs} runs)")
    if "frozen" in medians:
        print(f"ratio frozen/source: {medians['frozen'] / medians['source']:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
