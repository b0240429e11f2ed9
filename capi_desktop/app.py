"""Builds the QApplication, the qasync loop, the services and the window; owns shutdown."""

from __future__ import annotations

import logging
import os
import sys
from types import TracebackType

os.environ.setdefault("QT_API", "pyside6")  # qasync picks the first binding it finds otherwise

from PySide6.QtWidgets import QApplication

from capi_desktop.ui import pyside_import_scan

# Before our own imports below, not only the panels': each module imported once PySide6 is in
# pays PySide6's source scan, ~6 ms for these (see pyside_import_scan).
pyside_import_scan.install()

from capi_desktop import paths  # noqa: E402
from capi_desktop.backend.settings import Settings  # noqa: E402
from capi_desktop.config import APP_ID, APP_NAME, VERSION  # noqa: E402
from capi_desktop.service_factory import populate_services  # noqa: E402
from capi_desktop.services import Services  # noqa: E402
from capi_desktop.ui.main_window import MainWindow  # noqa: E402
from capi_desktop.ui.theme import FUSION_ARGS, apply_palette, chosen_theme, use_fusion  # noqa: E402

log = logging.getLogger(__name__)


def create_application(argv: list[str] | None = None, theme: str = "system") -> QApplication:
    existing = QApplication.instance()
    if existing is None:  # Fusion from the start: cheaper than switching to it (FUSION_ARGS)
        app = QApplication([*(argv if argv is not None else sys.argv[:1]), *FUSION_ARGS])
    else:
        assert isinstance(existing, QApplication)
        app = existing
        use_fusion(app)
    app.setApplicationName(APP_NAME)
    app.setApplicationVersion(VERSION)
    app.setOrganizationName("CAPI Desktop")
    app.setDesktopFileName(APP_ID)
    apply_palette(app, theme)
    return app


def set_window_icon(app: QApplication) -> None:
    """Loading the SVG icon pulls in Qt's SVG plugin: done after the first paint."""
    from PySide6.QtGui import QIcon

    try:
        from capi_desktop.resources import resource_path

        icon = resource_path("icons", "capi-desktop.svg")
        if icon.exists():
            app.setWindowIcon(QIcon(str(icon)))
    except FileNotFoundError:
        pass


def _bare_services(theme: str) -> Services:
    """Settings only: enough to restore the window before the backend services exist."""
    return Services(settings=Settings(paths.config_dir() / "settings.json"), theme=theme)


def build_services(theme: str = "system") -> Services:
    """Real services; heavy ones (keyring, httpx) are created lazily by their modules."""
    services = _bare_services(theme)
    populate_services(services)
    return services


async def close_services(services: Services) -> None:
    import asyncio

    open_ones = {
        "graph": services.graph,
        "credentials": services.credentials,
        "history": services.history,
    }
    for name, service in open_ones.items():
        if service is not None:
            try:
                await asyncio.wait_for(service.aclose(), timeout=3)
            except Exception:
                log.exception("closing %s failed", name)


async def _run_window(app: QApplication, window: MainWindow, services: Services) -> None:
    import asyncio

    from capi_desktop.ui import async_qt

    closing = asyncio.Event()
    window.closed.connect(closing.set)
    app.aboutToQuit.connect(closing.set)
    loop = asyncio.get_running_loop()
    async_qt.use_plain_thread_executor(loop)

    def loop_exception(_loop: asyncio.AbstractEventLoop, context: dict[str, object]) -> None:
        exc = context.get("exception")
        log.error(
            "event loop error: %s",
            context.get("message"),
            exc_info=exc if isinstance(exc, BaseException) else None,
        )
        if isinstance(exc, Exception):
            window.report_error(exc)

    loop.set_exception_handler(loop_exception)
    window.show()
    window.on_started()
    await closing.wait()
    await window.shutdown_panels()
    await async_qt.cancel_all()
    await close_services(services)
    services.settings.save_quietly()


def _log_early_notices() -> None:
    """Settings are read before the log exists: write what was found now (the window shows it)."""
    from capi_desktop.backend.file_notices import pending_notices

    for notice in pending_notices():
        log.warning("at start: %s", notice.message)


class _EarlyRecords(logging.Handler):
    """Holds what is logged before the log file exists (the first panel is built before it);
    handed to the log file once there. Without it those records went to stderr only."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    @classmethod
    def start(cls) -> _EarlyRecords:
        early = cls()
        root = logging.getLogger()
        root.addHandler(early)
        root.setLevel(logging.INFO)  # configure_logging's level
        return early

    def hand_over(self) -> None:
        root = logging.getLogger()
        root.removeHandler(self)
        for record in self.records:
            root.handle(record)
        self.records.clear()


def _after_first_panel(app: QApplication, theme: str, early: _EarlyRecords) -> None:
    """Log file, tidy app dirs, window icon, the OS theme's details: none changes the panel."""
    from capi_desktop.backend.logging_setup import configure_logging

    log_path = configure_logging(paths.log_dir())
    early.hand_over()
    log.info("%s %s starting; log at %s", APP_NAME, VERSION, log_path)
    _log_early_notices()
    from capi_desktop.backend.app_files import tidy_app_dirs

    tidy_app_dirs(paths.all_dirs().values())
    set_window_icon(app)
    if theme == "system":
        from capi_desktop.ui.theme import refine_system_theme

        refine_system_theme(app)


def run_app(theme: str | None = None) -> int:
    """Start the GUI; returns the process exit code."""
    pyside_import_scan.install()  # done at import already; again in case PySide6's was put back
    early_log = _EarlyRecords.start()
    settings = Settings(paths.config_dir() / "settings.json")
    theme = chosen_theme(theme, os.environ.get("CAPI_DESKTOP_THEME"), settings.get("theme"))
    app = create_application(theme=theme)
    app.setQuitOnLastWindowClosed(False)
    # Frame first, then the restored panel with only the services it reads while built; the
    # rest (logging, asyncio, qasync, httpx, keyring, sqlite3) once that panel has painted.
    # benchmarks/startup.py times the frame, benchmarks/time_to_interactive.py the panel.
    services = Services(settings=settings, theme=theme)
    window = MainWindow(services, defer_panel=True)

    def excepthook(
        exc_type: type[BaseException], exc: BaseException, tb: TracebackType | None
    ) -> None:
        log.error("uncaught exception", exc_info=(exc_type, exc, tb))
        if isinstance(exc, Exception):
            window.report_error(exc)

    sys.excepthook = excepthook
    window.show()
    app.processEvents()
    populate_services(services, only=window.current_panel_spec().needs)
    window.build_current_panel()
    # Input that arrives meanwhile waits in Qt's queue until the loop runs (below).
    window.paint_now()
    window.install_shortcuts()
    _after_first_panel(app, theme, early_log)
    import asyncio

    import qasync

    from capi_desktop.ui import async_qt
    from capi_desktop.ui.gc_guard import MainThreadGarbageCollector

    collector = MainThreadGarbageCollector(app)
    async_qt.set_error_reporter(window.report_error)
    populate_services(services)

    with asyncio.Runner(loop_factory=lambda: qasync.QEventLoop(app)) as runner:
        runner.run(_run_window(app, window, services))
    collector.stop()
    log.info("%s stopped cleanly", APP_NAME)
    return 0
