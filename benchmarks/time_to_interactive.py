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

# The hook watches one widget (the panel the window restores; the bare window itself) and times
# the end of the paint pass that first paints it: when the repaint() call that painted it
# returns, or, for a pass run by the event loop (the bare window's expose), when the loop runs
# again. It then prints that time and the time the loop ran, and exits. It installs one event
# filter and never lists the watched widget's children: findChildren() makes PySide6 build
# Python types for every Qt-internal child (combo popups, scroll bars, viewports), 10-15 ms the
# app never pays without the probe and the bare window, having almost no children, is not
# charged (--per-widget-hook keeps that older probe, for comparison).
_PAINT_HOOK = f"""
import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QWidget

_state = {{"root": None, "painting": False, "painted": None}}

def _loop_runs():
    if _state["painted"] is None:  # painted by the event loop: the pass ended before this
        _state["painted"] = time.monotonic()
    sys.stdout.write(f"{MARKER} {{_state['painted']:.6f}} {{time.monotonic():.6f}}\\n")
    sys.stdout.flush()
    os._exit(0)

class _FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and obj is _state["root"] and not _state["painting"]:
            _state["painting"] = True
            QTimer.singleShot(0, _loop_runs)
        return False

_filter = _FirstPaint()
_repaint = QWidget.repaint

def _timed_repaint(self, *args):
    _repaint(self, *args)
    if _state["painting"] and _state["painted"] is None:
        _state["painted"] = time.monotonic()

QWidget.repaint = _timed_repaint

def watch(widget):
    _state["root"] = widget
    widget.installEventFilter(_filter)
"""

# The older probe: an event filter on the watched widget and every child, the pass's last paint.
_PER_WIDGET_HOOK = f"""
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

# The window says which panel it shows through its public `panel_changed` signal (emitted once
# the panel is built and current); the hook then waits for that panel's first paint.
_APP_WINDOW = """
import capi_desktop.app as app_module
_init = app_module.MainWindow.__init__

def _init_watched(self, *args, **kwargs):
    _init(self, *args, **kwargs)
    self.panel_changed.connect(lambda _key: watch(self.stack.currentWidget()))

app_module.MainWindow.__init__ = _init_watched
sys.exit(app_module.run_app())
"""


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
    parser.add_argument(
        "--per-widget-hook", action="store_true", help="the older probe (a filter on every child)"
    )
    args = parser.parse_args(argv)
    hook = _PER_WIDGET_HOOK if args.per_widget_hook else _PAINT_HOOK
    bare_code, app_code = hook + BARE_WINDOW, hook + _APP_WINDOW
    panels = args.panel or list(DEFAULT_PANELS)
    bare: list[tuple[float, float]] = []
    app: dict[str, list[tuple[float, float]]] = {panel: [] for panel in panels}
    with bytecode_for_children(args.compile_each_run) as bytecode:
        # Warm the OS file cache (and the bytecode) for all of them.
        time_to_marker(bare_code, None, args.timeout)
        for panel in panels:
            time_to_marker(app_code, panel, args.timeout)
        for _ in range(args.runs):
            bare.append(time_to_marker(bare_code, None, args.timeout))
            for panel in panels:
                app[panel].append(time_to_marker(app_code, panel, args.timeout))
    bare_paint = statistics.median(p for p, _ in bare)
    bare_loop = statistics.median(loop for _, loop in bare)
    probe = "a filter on every child" if args.per_widget_hook else "end of the first paint pass"
    print(f"runs: {args.runs} each (offscreen, interleaved); medians; {bytecode}; probe: {probe}")
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
