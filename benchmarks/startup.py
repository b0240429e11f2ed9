"""Startup benchmark: process start to first painted main window, app vs a bare PySide6 window.

Runs each child process N times (interleaved, offscreen), prints the medians and the ratio
app/bare (target <= 1.5). Usage: python benchmarks/startup.py [--runs N] [--timeout S]
"""

from __future__ import annotations

import argparse
import importlib.util
import statistics
import sys
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

# Both children install the same application-wide event filter and exit on the first paint
# of a QMainWindow (or a child of one), so they pay the same measuring overhead.
_PAINT_HOOK = f"""
import os, sys
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QMainWindow, QWidget

class _FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint and isinstance(obj, QWidget):
            if isinstance(obj.window(), QMainWindow):
                sys.stdout.write("{MARKER}\\n")
                sys.stdout.flush()
                os._exit(0)
        return False

def install(app):
    app._first_paint = _FirstPaint()
    app.installEventFilter(app._first_paint)
"""

BARE = (
    _PAINT_HOOK
    + """
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
install(app)
window = QMainWindow()
window.resize(1280, 800)
window.show()
app.exec()
"""
)

APP = (
    _PAINT_HOOK
    + """
import capi_desktop.app as app_module
_create = app_module.create_application

def _create_with_hook(*args, **kwargs):
    app = _create(*args, **kwargs)
    install(app)
    return app

app_module.create_application = _create_with_hook
sys.exit(app_module.run_app())
"""
)


def _one_run(code: str, timeout: float) -> float:
    return float(_startup_time.time_first_paint([sys.executable, "-c", code], timeout))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--timeout", type=float, default=60.0)
    args = parser.parse_args(argv)
    _one_run(BARE, args.timeout)  # warm the OS file cache for both
    _one_run(APP, args.timeout)
    bare: list[float] = []
    app: list[float] = []
    for _ in range(args.runs):
        bare.append(_one_run(BARE, args.timeout))
        app.append(_one_run(APP, args.timeout))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratio = app_median / bare_median
    print(f"runs: {args.runs} each (offscreen, interleaved)")
    print(f"bare PySide6 QMainWindow, start to first paint: median {bare_median * 1000:.0f} ms")
    print(f"CAPI Desktop main window, start to first paint: median {app_median * 1000:.0f} ms")
    verdict = "OK" if ratio <= TARGET_RATIO else "ABOVE TARGET"
    print(f"ratio app/bare: {ratio:.2f} (target <= {TARGET_RATIO}) {verdict}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
