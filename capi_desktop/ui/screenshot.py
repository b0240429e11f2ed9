"""Render the main window on one panel to a PNG, with synthetic demo data."""

from __future__ import annotations

import asyncio
from pathlib import Path

import keyring
from keyring.backend import KeyringBackend
from PySide6.QtCore import QCoreApplication, QEventLoop
from PySide6.QtWidgets import QApplication

from capi_desktop.app import build_services, create_application
from capi_desktop.ui.main_window import MainWindow


class _MemoryKeyring(KeyringBackend):
    """Screenshots never read the real keyring."""

    priority = 1
    name = "demo keyring (screenshots use no real keyring)"

    def __init__(self) -> None:
        super().__init__()  # type: ignore[no-untyped-call]
        self._store: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._store.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self._store[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        self._store.pop((service, username), None)


def _settle(app: QApplication, rounds: int = 5) -> None:
    for _ in range(rounds):
        app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)


def render_panel(
    key: str, out: Path, width: int, height: int, theme: str, *, demo: bool = True
) -> None:
    keyring.set_keyring(_MemoryKeyring())
    app = create_application(theme=theme)
    services = build_services(theme)
    window = MainWindow(services)
    window.resize(width, height)
    panel = window.show_panel(key)
    window.show()
    _settle(app)
    if demo and hasattr(panel, "load_demo"):
        result = panel.load_demo()
        if asyncio.iscoroutine(result):  # demo loaders are sync; guard against misuse
            result.close()
            raise TypeError("load_demo must be synchronous")
    _settle(app, 10)
    out.parent.mkdir(parents=True, exist_ok=True)
    if not window.grab().save(str(out), "PNG"):
        raise OSError(f"Qt could not write a PNG to {out}")
    window.close()
    window.deleteLater()
    QCoreApplication.sendPostedEvents()
