"""Main window: navigation for the four panels, menus, shortcuts, status bar, About."""

from __future__ import annotations

import base64
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from capi_desktop.config import APP_NAME
from capi_desktop.services import Services
from capi_desktop.ui.close_guard import CloseGuard
from capi_desktop.ui.file_notice_view import FileNoticeView
from capi_desktop.ui.panel_focus import focus_first_field, tab_leaves_editors
from capi_desktop.ui.panel_lifecycle import (
    ShutsDown,
    StartsWithApp,
)
from capi_desktop.ui.panels.registry import PANELS, PanelSpec, build_panel
from capi_desktop.ui.window_menus import build_menus, navigation_list

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

    from capi_desktop.ui.widgets.focus_ring import FocusRing
    from capi_desktop.ui.widgets.header_tips import HeaderTips

log = logging.getLogger(__name__)


class MainWindow(QMainWindow):
    """Panels are built on first show so start-up paints quickly."""

    closed = Signal()
    panel_changed = Signal(str)

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, defer_panel: bool = False
    ) -> None:
        """defer_panel: select the last panel but build it only in `build_current_panel()`,
        and bind the keys only in `install_shortcuts()` (app start paints the frame first,
        then fills the services that panel needs, builds it and paints it: run_app)."""
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(800, 560))  # every panel fits at 800x600 (test_layout_fit)
        self._panels: dict[str, QWidget] = {}
        from capi_desktop.ui.links import Links

        self.links = Links(self)
        self.links.attach(self)
        self._header_tips: HeaderTips | None = None  # made with the first panel (import cost)
        self._error_boxes: list[QMessageBox] = []
        self.file_notices = FileNoticeView(self)
        self.close_guard = CloseGuard(self, self._panels.values)
        self.focus_ring: FocusRing | None = None  # added with the keys (install_shortcuts)
        self._settled = False  # install_shortcuts ran: built panels get Tab and header tips

        self.nav = navigation_list()
        self.stack = QStackedWidget()
        for _spec in PANELS:
            self.stack.addWidget(QWidget())  # filled on first show
        # The nav has a fixed width, so a plain layout (no splitter handle to drag) is enough.
        central = QWidget()
        layout = QHBoxLayout(central)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.nav)
        layout.addWidget(self.stack, 1)
        self.setCentralWidget(central)
        self.nav.currentRowChanged.connect(self._show_row)

        self.menus = build_menus(self)
        self.statusBar().showMessage("Ready", 3000)
        self._restore_state(defer_panel)
        if not defer_panel:
            self.install_shortcuts()

    # ----- panels -------------------------------------------------------------------------
    def panel(self, key: str) -> QWidget:
        """The panel widget for `key`, building it if it was not shown yet."""
        for row, spec in enumerate(PANELS):
            if spec.key == key:
                return self._ensure_panel(row, spec)
        raise KeyError(key)

    def current_panel_key(self) -> str:
        return self.current_panel_spec().key

    def current_panel_spec(self) -> PanelSpec:
        return PANELS[max(self.nav.currentRow(), 0)]

    def show_panel(self, key: str) -> QWidget:
        widget = self.panel(key)
        self.nav.setCurrentRow([s.key for s in PANELS].index(key))
        return widget

    def switch_to_row(self, row: int) -> None:
        """Ctrl+1..: show the panel and put the keyboard in it, so its shortcuts and Tab work
        at once (clicking the sidebar leaves focus in the sidebar instead)."""
        self.nav.setCurrentRow(row)
        widget = self.stack.currentWidget()
        if widget is not None:
            focus_first_field(widget)

    def _ensure_panel(self, row: int, spec: PanelSpec) -> QWidget:
        widget = self._panels.get(spec.key)
        if widget is None:
            widget = build_panel(spec, self.services, self.links)
            if self._settled:
                self._settle(widget)
            old = self.stack.widget(row)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.stack.insertWidget(row, widget)
            self._panels[spec.key] = widget
        return widget

    def _settle(self, panel: QWidget) -> None:
        """Tab leaves its editors, its table headers explain themselves: before any input
        reaches the panel, but after the restored panel's first paint (~5 ms)."""
        tab_leaves_editors(panel)
        if self._header_tips is None:
            from capi_desktop.ui.widgets.header_tips import HeaderTips

            self._header_tips = HeaderTips(self)
        self._header_tips.watch(panel)

    def _show_row(self, row: int) -> None:
        if row < 0:
            return
        spec = PANELS[row]
        widget = self._ensure_panel(row, spec)
        self.stack.setCurrentWidget(widget)
        self.panel_changed.emit(spec.key)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab/Shift+Tab: follow the current panel's layout order, refreshed on every press so
        widgets added since (custom data rows, a verify report) take their visual place."""
        from capi_desktop.ui.focus_order import apply_layout_tab_order

        panel = self.stack.currentWidget()
        if panel is not None:
            apply_layout_tab_order(panel)
        return super().focusNextPrevChild(next)

    def built_panels(self) -> dict[str, QWidget]:
        return dict(self._panels)

    def built_panel(self, key: str) -> QWidget | None:
        return self._panels.get(key)

    # ----- menus --------------------------------------------------------------------------
    def set_theme(self, theme: str) -> None:
        """View › Theme: applied at once to the whole app and remembered for the next start."""
        from PySide6.QtWidgets import QApplication

        from capi_desktop.ui.theme import switch_theme

        self.menus.check_theme(theme)
        app = QApplication.instance()
        if isinstance(app, QApplication):
            switch_theme(app, theme)
        self.services.settings.set("theme", theme)
        self.services.theme = theme
        self.statusBar().showMessage(f"Theme: {theme}", 3000)

    def show_shortcuts(self) -> QMessageBox:
        from capi_desktop.ui.shortcuts import open_shortcuts

        return open_shortcuts(self)

    def show_about(self) -> QMessageBox:
        from capi_desktop.ui.window_dialogs import open_about

        return open_about(self)

    # ----- errors -------------------------------------------------------------------------
    def report_error(self, exc: BaseException) -> None:
        """Non-modal error box: the app keeps running and nothing typed is lost."""
        from capi_desktop.domain.redact import redact

        text = redact(str(exc)) or type(exc).__name__
        self.statusBar().showMessage(f"Error: {text}", 10_000)
        from capi_desktop.ui.window_dialogs import show_error

        self._error_boxes.append(show_error(self, text, self._forget_error_box))

    def _forget_error_box(self, box: QMessageBox) -> None:
        if box in self._error_boxes:
            self._error_boxes.remove(box)

    # ----- state --------------------------------------------------------------------------
    def build_current_panel(self) -> None:
        # The focus ring comes with the keys (install_shortcuts) and finds the focus the panel
        # took: its set-up touches PySide's Qt namespace, kept off the first paint (ui/qt_keys).
        self._show_row(self.nav.currentRow())

    def paint_now(self) -> None:
        """Lay out and paint the window at once, running no other queued work: timers the
        panel started wait for the event loop, as they would without this."""
        from PySide6.QtCore import QCoreApplication, QEvent

        QCoreApplication.sendPostedEvents(None, QEvent.Type.LayoutRequest)
        self.repaint()

    def install_shortcuts(self) -> None:
        """Key bindings go on after the first paint (see WindowMenus.bind_keys), and the
        panels built so far get theirs (`_settle`); panels built later get them at once."""
        if self._settled:
            return
        self.menus.bind_keys()
        self._add_focus_ring()
        self._settled = True
        for panel in self._panels.values():
            self._settle(panel)

    def _add_focus_ring(self) -> None:
        from capi_desktop.ui.widgets.focus_ring import FocusRing

        if self.focus_ring is None:
            self.focus_ring = FocusRing(self)

    def _restore_state(self, defer_panel: bool = False) -> None:
        settings = self.services.settings
        geometry = settings.get("window_geometry")
        if isinstance(geometry, str):
            try:
                self.restoreGeometry(QByteArray(base64.b64decode(geometry)))
            except ValueError:
                log.warning("ignoring unreadable saved window geometry")
        else:
            self.resize(1280, 800)
        last = settings.get("last_panel")
        keys = [s.key for s in PANELS]
        self.nav.blockSignals(defer_panel)
        self.nav.setCurrentRow(keys.index(last) if last in keys else 0)
        self.nav.blockSignals(False)

    def save_state(self) -> None:
        settings = self.services.settings
        settings.set(
            "window_geometry", base64.b64encode(bytes(self.saveGeometry().data())).decode()
        )
        settings.set("last_panel", self.current_panel_key())
        try:
            settings.save()
        except OSError as exc:
            log.warning("could not save settings: %s", exc)

    async def shutdown_panels(self) -> None:
        import asyncio  # not at module level: keeps it off the path to the first paint

        for widget in list(self._panels.values()):
            if isinstance(widget, ShutsDown):
                try:
                    await asyncio.wait_for(widget.shutdown(), timeout=3)
                except Exception:
                    log.exception("panel shutdown failed")

    def on_started(self) -> None:
        """Called by app.py once the loop runs: background work panels do at start."""
        self.file_notices.watch()
        # Verify the active profile even when another panel was restored (issue 6).
        credentials = self.panel("credentials")
        if isinstance(credentials, StartsWithApp):
            credentials.on_app_started()

    @property
    def close_prompt(self) -> QMessageBox | None:
        """The open "unsaved changes" question, if closing asked one."""
        return self.close_guard.prompt

    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.close_guard.allow_close():
            event.ignore()
            return
        self.save_state()
        self.file_notices.stop()
        event.accept()
        self.closed.emit()
