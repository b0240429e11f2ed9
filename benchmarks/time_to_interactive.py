"""Time to interactive: process spawn to the restored panel built and painted, vs a bare window.

benchmarks/startup.py stops at the main window's first frame; this one waits until the panel the
window restores (credentials on a first run, the last panel otherwise) is built and has painted,
which is when a user can work. The baseline is a bare PySide6 QMainWindow's first paint in the
same run (interleaved, offscreen, throwaway home each). Prints the medians and app/bare
(target <= 2.0). Children run from cached bytecode, as an installed app does (see
startup.bytecode_for_children; --compile-each-run for the old measurement).
Usage: python benchmarks/time_to_interactive.py [--runs N] [--panel KEY ...] [--compile-each-run]
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

from startup import (
    BARE_WINDOW,
    bytecode_for_children,
)  # benchmarks/startup.py: the same bare window

TARGET_RATIO = 2.0
MARKER = "INTERACTIVE"
DEFAULT_PANELS = ("credentials", "composer")

# Paint events of the watched widget and its children are timed (CLOCK_MONOTONIC, shared with
# the parent). The first paint pass starts at the watched widget's own first paint and ends
# before any widget paints a second time (within one pass each paints once; a repeat is the
# next pass or a partial update). At the first zero timer, i.e. once the event loop runs, the
# child prints the start of the pass's last paint and the time the loop ran, and exits.
_PAINT_HOOK = f"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_first_pass = []
_seen = set()
_state = {{"root": None, "pass": "before"}}

def _done():
    sys.stdout.write(f"{MARKER} {{_first_pass[-1]:.6f}} {{time.monotonic():.6f}}\\n")
    sys.stdout.flush()
    os._exit(0)

class _Paints(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            repeat = id(obj) in _seen
            _seen.add(id(obj))
            if _state["pass"] == "before" and obj is _state["root"]:
                _state["pass"] = "first"
                QTimer.singleShot(0, _done)
            elif _state["pass"] == "first" and repeat:
                _state["pass"] = "after"
            if _state["pass"] == "first":
                _first_pass.append(time.monotonic())
        return False

_filter = _Paints()

def watch(widget):
    _state["root"] = widget
    for each in [widget, *widget.findChildren(QWidget)]:
        each.installEventFilter(_filter)
"""

BARE = _PAINT_HOOK + BARE_WINDOW

# The window says which panel it shows through its public `panel_changed` signal (emitted once
# the panel is built and current); the hook then waits for that panel's first paint.
APP = (
    _PAINT_HOOK
    + """
import capi_desktop.app as app_module
_init = app_module.MainWindow.__init__

def _init_watched(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.panel_changed.connect(lambda _key: watch(self.stack.currentWidget()))

app_module.MainWindow.__init__ = _init_watched
sys.exit(app_module.run_app())
"""
)


def time_to_marker(code: str, panel: str | None, timeout: float) -> tuple[float, float]:
    """Seconds from spawning a Python child running `code` to (its watched widget painted,
    its event loop running), as the child reports them."""
    with tempfile.TemporaryDirectory(prefix="capi-tti-") as home:
        if panel is not None:  # what the window restores: the panel of the last session
            (Path(home) / "config").mkdir(mode=0o700)
            settings = Path(home) / "config" / "settings.json"
            settings.write_text(json.dumps({"last_panel": panel}), encoding="utf-8")
        env = dict(os.environ, QT_QPA_PLATFORM="offscreen", QT_API="pyside6")
        env["CAPI_DESKTOP_HOME"] = home
        started = time.monotonic()
        done = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=timeout
        )
    for line in done.stdout.splitlines():
        if line.startswith(MARKER + " "):
            painted, loop = (float(part) - started for part in line.split()[1:3])
            return painted, loop
    raise RuntimeError(f"child exited with {done.returncode} before painting: {done.stderr[-800:]}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--panel", action="append", help="restored panel (repeatable)")
    parser.add_argument(
        "--compile-each-run", action="store_true", help="no bytecode cache for the children"
    )
    args = parser.parse_args(argv)
    panels = args.panel or list(DEFAULT_PANELS)
    bare: list[tuple[float, float]] = []
    app: dict[str, list[tuple[float, float]]] = {panel: [] for panel in panels}
    with bytecode_for_children(args.compile_each_run) as bytecode:
        time_to_marker(BARE, None, args.timeout)  # warm the OS file cache (and bytecode) for all
        for panel in panels:
            time_to_marker(APP, panel, args.timeout)
        for _ in range(args.runs):
            bare.append(time_to_marker(BARE, None, args.timeout))
            for panel in panels:
                app[panel].append(time_to_marker(APP, panel, args.timeout))
    bare_paint = statistics.median(p for p, _ in bare)
    bare_loop = statistics.median(loop for _, loop in bare)
    print(f"runs: {args.runs} each (offscreen, interleaved); medians; {bytecode}")
    print(
        f"bare PySide6 QMainWindow: painted {bare_paint * 1000:.0f} ms, loop {bare_loop * 1000:.0f} ms"
    )
    worst = 0.0
    for panel, times in app.items():
        paint = statistics.median(p for p, _ in times)
        loop = statistics.median(loop for _, loop in times)
        worst = max(worst, paint / bare_paint)
        print(
            f"CAPI Desktop, {panel} panel built and painted {paint * 1000:.0f} ms "
            f"(ratio {paint / bare_paint:.2f}); event loop handling input {loop * 1000:.0f} ms "
            f"(ratio {loop / bare_loop:.2f})"
        )
    verdict = "OK" if worst <= TARGET_RATIO else "ABOVE TARGET"
    print(
        f"ratio app/bare, panel painted (worst panel): {worst:.2f} (target <= {TARGET_RATIO}) {verdict}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
