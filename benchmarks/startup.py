"""Startup benchmark: process start to first painted main window, app vs a bare PySide6 window.

Runs each child process N times (interleaved, offscreen), prints the medians and the ratio
app/bare (target <= 1.5). Usage: python benchmarks/startup.py [--runs N] [--timeout S]
[--compile-each-run]
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import os
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

TARGET_RATIO = 1.5


def _load_startup_time() -> ModuleType:
    # packaging/ is not importable by name (the PyPI `packaging` distribution shadows it)
    path = Path(__file__).resolve().parents[1] / "packaging" / "startup_time.py"
    spec = importlib.util.spec_from_file_location("capi_packaging_startup_time", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


_startup_time = _load_startup_time()
MARKER = _startup_time.MARKER

# Both children watch only the main window's own events and exit on its first Paint. (An
# application-wide filter would run Python for every event of every widget before the first
# paint, which charges the probe's own cost to the window with more widgets.)
_PAINT_HOOK = f"""
import os, sys
from PySide6.QtCore import QEvent, QObject

class _FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            sys.stdout.write("{MARKER}\\n")
            sys.stdout.flush()
            os._exit(0)
        return False

def watch(window):
    window._first_paint = _FirstPaint()
    window.installEventFilter(window._first_paint)
"""

# The baseline: a bare window of the app's size; `watch(window)` is the caller's paint hook.
BARE_WINDOW = """
from PySide6.QtWidgets import QApplication, QMainWindow
app = QApplication(sys.argv[:1])
window = QMainWindow()
window.resize(1280, 800)
watch(window)
window.show()
app.exec()
"""

BARE = _PAINT_HOOK + BARE_WINDOW

APP = (
    _PAINT_HOOK
    + """
import capi_desktop.app as app_module
_show = app_module.MainWindow.show

def _show_watched(self):
    watch(self)
    _show(self)

app_module.MainWindow.show = _show_watched
sys.exit(app_module.run_app())
"""
)


@contextlib.contextmanager
def bytecode_for_children(compile_each_run: bool) -> Iterator[str]:
    """Children run from bytecode, as an installed app and the baseline's PySide6 do.

    pip compiles a wheel's modules at install and the frozen build ships .pyc files, so no
    user compiles the app's sources at each start. A checkout whose environment sets
    PYTHONDONTWRITEBYTECODE (as this machine's does) would compile every app module from
    source in every child while the bare window's PySide6 runs from its site-packages .pyc:
    the app was charged ~80-140 ms a user never pays. The warm-up runs write the cache into a
    throwaway directory (nothing lands in the checkout). `compile_each_run` keeps the
    inherited environment (the old measurement). Yields the line the report prints."""
    if compile_each_run:
        setting = os.environ.get("PYTHONDONTWRITEBYTECODE")
        yield f"bytecode: as inherited (PYTHONDONTWRITEBYTECODE={setting or 'unset'})"
        return
    saved = {key: os.environ.get(key) for key in ("PYTHONDONTWRITEBYTECODE", "PYTHONPYCACHEPREFIX")}
    with tempfile.TemporaryDirectory(prefix="capi-bench-pyc-") as cache:
        os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
        os.environ["PYTHONPYCACHEPREFIX"] = cache  # children inherit os.environ
        try:
            yield "bytecode: cached by the warm-up runs (throwaway dir), as an installed app"
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def _one_run(code: str, timeout: float) -> float:
    return float(_startup_time.time_first_paint([sys.executable, "-c", code], timeout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument(
        "--compile-each-run", action="store_true", help="no bytecode cache for the children"
    )
    args = parser.parse_args(argv)
    bare: list[float] = []
    app: list[float] = []
    with bytecode_for_children(args.compile_each_run) as bytecode:
        _one_run(BARE, args.timeout)  # warm the OS file cache (and the bytecode) for both
        _one_run(APP, args.timeout)
        for _ in range(args.runs):
            bare.append(_one_run(BARE, args.timeout))
            app.append(_one_run(APP, args.timeout))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratio = app_median / bare_median
    print(f"runs: {args.runs} each (offscreen, interleaved); {bytecode}")
    print(f"bare PySide6 QMainWindow, start to first paint: median {bare_median * 1000:.0f} ms")
    print(f"CAPI Desktop main window, start to first paint: median {app_median * 1000:.0f} ms")
    verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(f"ratio app/bare: {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
