"""Frozen entry point: the `capi-desktop` CLI; with no subcommand it starts the GUI."""

from __future__ import annotations

import os
import sys

# Startup benchmark hook (packaging/startup_time.py): when this names a file, the GUI writes
# the wall-clock time of the main window's first paint there and closes. It lives here, not in
# the app, because it must work identically in the frozen build and from source.
PAINT_PROBE_ENV = "CAPI_DESKTOP_PAINT_PROBE"


def _install_paint_probe(target: str) -> None:
    import time
    from pathlib import Path

    from PySide6.QtCore import QTimer  # noqa: TID251
    from PySide6.QtGui import QPaintEvent  # noqa: TID251

    import capi_desktop.app as app_module

    class ProbedWindow(app_module.MainWindow):  # type: ignore[misc, name-defined]
        _painted = False

        def paintEvent(self, event: QPaintEvent) -> None:
            super().paintEvent(event)
            if not self._painted:
                self._painted = True
                Path(target).write_text(repr(time.time()), encoding="utf-8")
                QTimer.singleShot(0, self.close)

    app_module.MainWindow = ProbedWindow  # type: ignore[misc]


def main() -> int:
    os.environ.setdefault("QT_API", "pyside6")
    probe = os.environ.get(PAINT_PROBE_ENV)
    if probe and len(sys.argv) == 1:
        _install_paint_probe(probe)
    from capi_desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
