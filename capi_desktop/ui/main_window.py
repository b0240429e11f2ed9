"""Main window: navigation for the four panels, menus, shortcuts, status bar, About."""

from __future__ import annotations

import base64
import logging
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QSize, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QMainWindow,
    QStackedWidget,
    QWidget,
)

from capi_desktop.config import APP_NAME
from capi_desktop.services import Services
from capi_desktop.ui.panels.registry import PANELS, PanelSpec, build_panel
from capi_desktop.ui.theme import THEME_CHOICES

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent
    from PySide6.QtWidgets import QMessageBox

log = logging.getLogger(__name__)


def tab_leaves_editors(panel: QWidget) -> None:
    """Tab moves focus out of every text editor and table of `panel` instead of typing a tab
    or stepping through cells: without this, keyboard users were trapped in the request
    editor and the customer table. Help › Keyboard shortcuts and README say so."""
    from PySide6.QtWidgets import QAbstractItemView, QPlainTextEdit, QTextEdit

    for plain in panel.findChildren(QPlainTextEdit):
        plain.setTabChangesFocus(True)
    for rich in panel.findChildren(QTextEdit):
        rich.setTabChangesFocus(True)
    # Tables step through their cells with Tab by default, which trapped the keyboard in the
    # customer table; arrow keys still move between cells.
    for view in panel.findChildren(QAbstractItemView):
        view.setTabKeyNavigation(False)


def focus_first_field(panel: QWidget) -> None:
    """Put the keyboard on the panel's first field (in the order Tab follows)."""
    from capi_desktop.ui.focus_order import first_tab_stop

    first = panel.focusProxy() or first_tab_stop(panel)
    if first is not None:
        first.setFocus()


# Qt.ItemDataRole.UserRole as a plain int: the first touch of PySide's `Qt` namespace costs
# ~14 ms, which we keep off the path to the first painted window (benchmarks/startup.py).
NAV_KEY_ROLE = 256


class MainWindow(QMainWindow):
    """Panels are built on first show so start-up paints quickly."""

    closed = Signal()
    panel_changed = Signal(str)
    file_notice = Signal(str)  # a damaged/unwritable app file (emitted from any thread)

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, defer_panel: bool = False
    ) -> None:
        """defer_panel: select the last panel but build it only in `build_current_panel()`
        (app start paints the frame first, then fills the services, then builds the panel)."""
        super().__init__(parent)
        self.services = services
        self.setWindowTitle(APP_NAME)
        self.setMinimumSize(QSize(800, 560))  # every panel fits at 800x600 (test_layout_fit)
        self._panels: dict[str, QWidget] = {}
        from capi_desktop.ui.links import Links

        self.links = Links(self)
        self.links.attach(self)
        from capi_desktop.ui.widgets.header_tips import HeaderTips

        self.header_tips = HeaderTips(self)
        self._error_boxes: list[QMessageBox] = []
        self.notice_box: QMessageBox | None = None
        self._close_confirmed = False
        self.close_prompt: QMessageBox | None = None

        self.nav = QListWidget()
        self.nav.setObjectName("navigation")
        self.nav.setFixedWidth(170)
        self.nav.setSpacing(2)
        self.nav.setFrameShape(QListWidget.Shape.NoFrame)
        # Roomy, clearly selectable navigation entries; colours come from the palette.
        self.nav.setStyleSheet(
            "QListWidget#navigation { background: palette(window); padding-top: 6px; outline: 0; }"
            "QListWidget#navigation::item { padding: 9px 12px; border-radius: 6px; margin: 1px 6px; }"
            "QListWidget#navigation::item:selected { background: palette(highlight); border: none;"
            " color: palette(highlighted-text); }"
            "QListWidget#navigation::item:hover:!selected { background: palette(midlight); }"
        )
        self.stack = QStackedWidget()
        for index, spec in enumerate(PANELS, start=1):
            item = QListWidgetItem(spec.title)
            item.setToolTip(f"{spec.summary}  (Ctrl+{index})")
            item.setData(NAV_KEY_ROLE, spec.key)
            self.nav.addItem(item)
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

        self._build_menus()
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
        return PANELS[max(self.nav.currentRow(), 0)].key

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
            tab_leaves_editors(widget)
            self.header_tips.watch(widget)
            if hasattr(widget, "attach_window"):
                widget.attach_window(self)
            old = self.stack.widget(row)
            if old is not None:
                self.stack.removeWidget(old)
                old.deleteLater()
            self.stack.insertWidget(row, widget)
            self._panels[spec.key] = widget
        return widget

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
    def _build_menus(self) -> None:
        file_menu = self.menuBar().addMenu("&File")
        quit_action = QAction("&Quit", self)
        self._shortcuts: list[tuple[QAction, QKeySequence.StandardKey | str]] = [
            (quit_action, QKeySequence.StandardKey.Quit)
        ]
        quit_action.triggered.connect(self.close)
        file_menu.addAction(quit_action)

        view_menu = self.menuBar().addMenu("&View")
        for index, spec in enumerate(PANELS, start=1):
            # "&&": a lone "&" would turn "Send & Compare" into a mnemonic ("Send Compare").
            action = QAction(spec.title.replace("&", "&&"), self)
            self._shortcuts.append((action, f"Ctrl+{index}"))
            action.triggered.connect(lambda _=False, row=index - 1: self.switch_to_row(row))
            view_menu.addAction(action)
            self.addAction(action)
        view_menu.addSeparator()
        self.theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions: dict[str, QAction] = {}
        current = self.services.settings.get("theme")
        current = current if current in {"system", "light", "dark"} else "system"
        for key, label in THEME_CHOICES:
            action = QAction(label, self)
            action.setCheckable(True)
            action.setChecked(key == current)
            action.triggered.connect(lambda _=False, key=key: self.set_theme(key))
            self.theme_menu.addAction(action)
            self.theme_actions[key] = action

        help_menu = self.menuBar().addMenu("&Help")
        keys = QAction("&Keyboard shortcuts", self)
        self._shortcuts.append((keys, "F1"))
        keys.triggered.connect(self.show_shortcuts)
        help_menu.addAction(keys)
        self.addAction(keys)
        about = QAction(f"&About {APP_NAME}", self)
        about.triggered.connect(self.show_about)
        help_menu.addAction(about)

    def set_theme(self, theme: str) -> None:
        """View › Theme: applied at once to the whole app and remembered for the next start."""
        from PySide6.QtWidgets import QApplication

        from capi_desktop.ui.theme import switch_theme

        for key, action in self.theme_actions.items():
            action.setChecked(key == theme)
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
        self.install_shortcuts()
        self._show_row(self.nav.currentRow())

    def install_shortcuts(self) -> None:
        """Key bindings go on after the first paint: converting the first QKeySequence builds
        PySide's whole `Qt` enum namespace (~15 ms, benchmarks/startup.py)."""
        for action, key in self._shortcuts:
            action.setShortcut(QKeySequence(key))
        from capi_desktop.ui.widgets.focus_ring import FocusRing

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

        for widget in self._panels.values():
            shutdown = getattr(widget, "shutdown", None)
            if shutdown is not None:
                try:
                    await asyncio.wait_for(shutdown(), timeout=3)
                except Exception:
                    log.exception("panel shutdown failed")

    def on_started(self) -> None:
        """Called by app.py once the loop runs: background work panels do at start."""
        self.watch_file_notices()
        # Verify the active profile even when another panel was restored (issue 6).
        credentials = self.panel("credentials")
        starter = getattr(credentials, "on_app_started", None)
        if starter is not None:
            starter()

    def watch_file_notices(self) -> None:
        """Show every app file found damaged or unwritable (at start and later), by name."""
        from capi_desktop.backend import file_notices

        self.file_notice.connect(self.show_file_notice)
        file_notices.set_notice_listener(lambda notice: self.file_notice.emit(notice.message))
        for notice in file_notices.drain_notices():
            self.show_file_notice(notice.message)

    def show_file_notice(self, message: str) -> None:
        from capi_desktop.ui.window_dialogs import show_file_notice

        self.statusBar().showMessage(message, 15_000)
        self.notice_box = show_file_notice(self, message, self.notice_box)

    def unsaved_changes(self) -> list[tuple[QWidget, str]]:
        found = []
        for widget in self._panels.values():
            check = getattr(widget, "unsaved_changes", None)
            message = check() if check is not None else None
            if message:
                found.append((widget, message))
        return found

    def _ask_about_unsaved(self, found: list[tuple[QWidget, str]]) -> QMessageBox:
        from capi_desktop.ui.async_qt import start_task
        from capi_desktop.ui.window_dialogs import ask_unsaved

        def discard() -> None:
            self._close_confirmed = True
            self.close()

        def save() -> None:
            start_task(self._save_then_close([widget for widget, _ in found]))

        self.close_prompt = ask_unsaved(
            self, [message for _, message in found], on_discard=discard, on_save=save
        )
        return self.close_prompt

    async def _save_then_close(self, widgets: list[QWidget]) -> None:
        for widget in widgets:
            if not await widget.save_unsaved():  # type: ignore[attr-defined]
                self.statusBar().showMessage("Not saved: fix the problem shown, then quit.", 8000)
                return
        self._close_confirmed = True
        self.close()

    def closeEvent(self, event: QCloseEvent) -> None:
        found = [] if self._close_confirmed else self.unsaved_changes()
        if found:
            event.ignore()
            self._ask_about_unsaved(found)
            return
        self.save_state()
        from capi_desktop.backend import file_notices

        file_notices.set_notice_listener(None)
        event.accept()
        self.closed.emit()
