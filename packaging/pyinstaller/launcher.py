"""Frozen entry point: the `capi-desktop` CLI; with no subcommand it starts the GUI."""

from __future__ import annotations

import os
import sys

# Start-up timing mode (packaging/startup_time.py): with this set to 1, the GUI prints
# PAINT_MARKER and exits at the first paint of the main window. It measures what
# benchmarks/startup.py measures, but lives here so it works the same frozen and from source.
PAINT_PROBE_ENV = "CAPI_DESKTOP_PAINT_PROBE"
PAINT_MARKER = "FIRST-PAINT"


def _install_paint_probe() -> None:
    from PySide6.QtCore import QEvent, QObject  # noqa: TID251
    from PySide6.QtWidgets import QMainWindow, QWidget  # noqa: TID251

    import capi_desktop.app as app_module

    class FirstPaint(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            painted = event.type() == QEvent.Type.Paint and isinstance(obj, QWidget)
            if painted and isinstance(obj.window(), QMainWindow):  # type: ignore[attr-defined]
                sys.stdout.write(f"{PAINT_MARKER}\n")
                sys.stdout.flush()
                os._exit(0)  # timing only: skip shutdown, like benchmarks/startup.py
            return False

    create = app_module.create_application

    def create_with_probe(*args: object, **kwargs: object) -> object:
        app = create(*args, **kwargs)  # type: ignore[arg-type]
        app._capi_first_paint = FirstPaint()  # type: ignore[attr-defined]  # keep it alive
        app.installEventFilter(app._capi_first_paint)  # type: ignore[attr-defined]
        return app

    app_module.create_application = create_with_probe  # type: ignore[assignment]


def _attach_windows_console() -> None:
    """Windowed Windows builds have no stdout: print CLI output to the calling console, if any.

    Redirected output (`capi-desktop.exe --self-test > out.txt`) already has a stdout and is
    left alone; a double-clicked GUI start has no arguments and no parent console.
    """
    if sys.platform != "win32" or sys.stdout is not None or len(sys.argv) < 2:
        return
    import ctypes

    attach_parent_process = -1
    if ctypes.windll.kernel32.AttachConsole(attach_parent_process):  # type: ignore[attr-defined]
        sys.stdout = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115
        sys.stderr = open("CONOUT$", "w", encoding="utf-8", errors="replace")  # noqa: SIM115


def main() -> int:
    os.environ.setdefault("QT_API", "pyside6")
    _attach_windows_console()
    if os.environ.get(PAINT_PROBE_ENV) == "1" and len(sys.argv) == 1:
        _install_paint_probe()
    from capi_desktop.cli import main as cli_main

    return cli_main()


if __name__ == "__main__":
    raise SystemExit(main())
