"""MainWindow(defer_panel=True): the frame paints first, the restored panel is built (with only the services it reads) and painted next."""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path
from typing import Any, get_args

import pytest
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot

from capi_desktop.backend.settings import Settings
from capi_desktop.service_factory import populate_services
from capi_desktop.services import ServiceName, Services
from capi_desktop.ui.main_window import MainWindow
from capi_desktop.ui.panels.registry import PANELS


class _PaintProbe(QObject):
    def __init__(self, painted: list[QObject]) -> None:
        super().__init__()
        self.painted = painted

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint:
            self.painted.append(watched)
        return False


def test_deferred_panel_is_built_on_request(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set("last_panel", "errors")
    window = MainWindow(Services(settings=settings), defer_panel=True)
    qtbot.addWidget(window)
    assert window.current_panel_key() == "errors"
    assert window.built_panels() == {}
    window.build_current_panel()
    assert list(window.built_panels()) == ["errors"]
    assert window.stack.currentWidget() is window.built_panels()["errors"]


def test_default_still_builds_the_restored_panel(qtbot: QtBot, tmp_path: Path) -> None:
    settings = Settings(tmp_path / "settings.json")
    settings.set("last_panel", "errors")
    window = MainWindow(Services(settings=settings))
    qtbot.addWidget(window)
    assert list(window.built_panels()) == ["errors"]


class _ReadsRecorder(Services):
    """Services that records which fields are read (to check a panel's registry `needs`)."""

    reads: set[str] = set()  # noqa: RUF012  # replaced per instance before building

    def __getattribute__(self, name: str) -> object:
        if name in _FIELDS:
            object.__getattribute__(self, "reads").add(name)
        return object.__getattribute__(self, name)


_FIELDS = {field.name for field in fields(Services)}


@pytest.mark.parametrize("spec", PANELS, ids=lambda spec: spec.key)
def test_a_panel_reads_only_its_needs_while_built(qtbot: QtBot, tmp_path: Path, spec: Any) -> None:
    """App start fills only `needs` before building the restored panel: a field read while
    building that is not listed would be None there, and the panel would stay degraded."""
    services = _ReadsRecorder(settings=Settings(tmp_path / "settings.json"))
    populate_services(services)
    services.reads = set()
    window = MainWindow(services, defer_panel=True)
    qtbot.addWidget(window)
    window.panel(spec.key)
    backend_reads = services.reads - {"settings", "theme"}
    # quality_client is never filled by the factory (None: the Quality panel makes its own)
    assert backend_reads - {"quality_client"} <= set(spec.needs), spec.key
    assert set(spec.needs) <= backend_reads, f"{spec.key} lists needs it does not read"


def test_populate_fills_only_what_is_asked(tmp_path: Path) -> None:
    services = Services(settings=Settings(tmp_path / "settings.json"))
    populate_services(services, only=("credentials", "quality_store"))
    assert services.credentials is not None and services.quality_store is not None
    assert services.graph is None and services.history is None
    credentials = services.credentials
    populate_services(services)  # the rest, keeping what is there
    assert services.credentials is credentials
    filled = {name for name in get_args(ServiceName) if getattr(services, name) is not None}
    assert filled == set(get_args(ServiceName))
    assert services.quality_client is None  # the Quality panel makes its own


def test_the_restored_panel_is_built_with_its_needs_and_painted(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """run_app's order: frame, the restored panel's needs, build, paint; the rest later."""
    settings = Settings(tmp_path / "settings.json")
    settings.set("last_panel", "credentials")
    services = Services(settings=settings)
    window = MainWindow(services, defer_panel=True)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    populate_services(services, only=window.current_panel_spec().needs)
    window.build_current_panel()
    panel = window.built_panels()["credentials"]
    painted: list[QObject] = []
    probe = _PaintProbe(painted)
    for widget in [panel, *panel.findChildren(QWidget)]:
        widget.installEventFilter(probe)
    window.paint_now()
    assert panel.profiles.list in painted, "paint_now did not paint the panel"
    assert services.graph is None and services.history is None  # not needed to show it
    # The store was there when the panel was built: it lists profiles, not "not available".
    assert "not available" not in panel.banner.text()


def test_the_focus_ring_made_after_the_first_paint_rings_the_focus_taken_before(
    qtbot: QtBot, tmp_path: Path
) -> None:
    """The ring comes with the keys (install_shortcuts), after the panel took the focus."""
    settings = Settings(tmp_path / "settings.json")
    settings.set("last_panel", "errors")
    window = MainWindow(Services(settings=settings), defer_panel=True)
    qtbot.addWidget(window)
    with qtbot.waitExposed(window):
        window.show()
    window.activateWindow()
    window.build_current_panel()
    window.paint_now()
    assert window.focus_ring is None  # not part of the first paint
    window.nav.setFocus()
    qtbot.waitUntil(lambda: window.nav.hasFocus())
    window.install_shortcuts()
    ring = window.focus_ring
    assert ring is not None
    qtbot.waitUntil(lambda: ring.target() is window.nav)
    assert ring.isVisible()
