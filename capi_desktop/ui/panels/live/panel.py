"""Live session panel: start/stop, browser and relay settings, and the live pairs it renders."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTabWidget,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.services import Services
from capi_desktop.ui.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.async_qt import async_slot, in_thread
from capi_desktop.ui.links import Links, panel_links
from capi_desktop.ui.panels.live.controller import FORWARD_WARNING, LiveController
from capi_desktop.ui.panels.live.views import (
    PairsTable,
    TimelineTable,
    WarningsTable,
    WindowTimer,
    checklist_html,
)
from capi_desktop.ui.theme import SEVERITY_COLORS

POLL_MS = 250
EXPORTS = {
    "HAR (*.har)": "har",
    "HTML report (*.html)": "html",
    "Markdown report (*.md)": "md",
    "CSV rows (*.csv)": "csv",
}
_CHOOSE = "Choose a browser…"


class LivePanel(QWidget):
    """Renders a LiveController; every decision lives in the controller."""

    def __init__(
        self,
        services: Services,
        parent: QWidget | None = None,
        *,
        controller: LiveController | None = None,
        links: Links | None = None,
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = panel_links(links, self)
        self.controller = controller or LiveController()
        self.dialogs = DialogHost()
        self._build()
        self.timer = QTimer(self)
        self.timer.setInterval(POLL_MS)
        self.timer.timeout.connect(self.tick)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.controller.shutdown)
        self.refresh_view()

    # -- layout --------------------------------------------------------------------------------

    def _build(self) -> None:
        c = self.controller
        layout = QVBoxLayout(self)
        form = QGridLayout()
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://staging.shop.example/  (empty: relay only)")
        self.browser = QComboBox()
        self._fill_browsers()
        self.browser.activated.connect(self.browser_picked)
        self.port = QSpinBox()
        self.port.setRange(0, 65535)
        self.port.setSpecialValueText("any free port")
        self.port.setValue(c.relay_port)
        self.test_code = QLineEdit()
        self.test_code.setPlaceholderText("TEST12345 (Events Manager → Test Events)")
        self.forward = QCheckBox("Forward relayed requests to Meta")
        self.forward.setChecked(c.forward)
        self.forward.toggled.connect(self.forward_toggled)
        self.start_button = QPushButton("Start session")
        self.start_button.clicked.connect(self.start)
        self.stop_button = QPushButton("Stop")
        self.stop_button.clicked.connect(self.stop)
        form.addWidget(QLabel("Page URL"), 0, 0)
        form.addWidget(self.url, 0, 1, 1, 3)
        form.addWidget(self.start_button, 0, 4)
        form.addWidget(QLabel("Browser"), 1, 0)
        form.addWidget(self.browser, 1, 1)
        form.addWidget(QLabel("Relay port"), 1, 2)
        form.addWidget(self.port, 1, 3)
        form.addWidget(self.stop_button, 1, 4)
        form.addWidget(QLabel("Test event code"), 2, 0)
        form.addWidget(self.test_code, 2, 1)
        form.addWidget(self.forward, 2, 2, 1, 3)
        form.setColumnStretch(1, 3)
        form.setColumnStretch(3, 1)
        layout.addLayout(form)
        self.forward_note = QLabel(f"⚠ {FORWARD_WARNING}")
        self.forward_note.setWordWrap(True)
        self.forward_note.setStyleSheet(f"color: {SEVERITY_COLORS['warning']};")
        layout.addWidget(self.forward_note)
        relay_row = QHBoxLayout()
        self.relay_url = QLineEdit()
        self.relay_url.setReadOnly(True)
        self.relay_url.setPlaceholderText("The relay URL appears here once the session runs")
        self.copy_button = QPushButton("Copy")
        self.copy_button.clicked.connect(self.copy_relay_url)
        relay_row.addWidget(QLabel("Point your server at"))
        relay_row.addWidget(self.relay_url, 1)
        relay_row.addWidget(self.copy_button)
        layout.addLayout(relay_row)
        self.status = QLabel()
        self.status.setWordWrap(True)
        layout.addWidget(self.status)

        top = QSplitter()
        self.window_timer = WindowTimer()
        self.timeline = TimelineTable()
        self.checklist = QTextBrowser()
        top.addWidget(self.window_timer)
        top.addWidget(self.timeline)
        top.addWidget(self.checklist)
        top.setStretchFactor(0, 2)
        top.setStretchFactor(1, 3)
        top.setStretchFactor(2, 2)
        self.tabs = QTabWidget()
        self.pairs = PairsTable()
        self.warnings = WarningsTable()
        self.tabs.addTab(self.pairs, "Pairs")
        self.tabs.addTab(self.warnings, "Warnings")
        body = QSplitter(Qt.Orientation.Vertical)
        body.addWidget(top)
        body.addWidget(self.tabs)
        body.setStretchFactor(0, 1)
        body.setStretchFactor(1, 1)
        body.setSizes([260, 300])
        layout.addWidget(body, 1)

        footer = QHBoxLayout()
        self.counts = QLabel()
        self.counts.setWordWrap(True)
        self.import_button = QPushButton("Import server log…")
        self.import_button.clicked.connect(self.import_log)
        self.export_format = QComboBox()
        self.export_format.addItems(list(EXPORTS))
        self.export_button = QPushButton("Export…")
        self.export_button.clicked.connect(self.export)
        footer.addWidget(self.counts, 1)
        footer.addWidget(self.import_button)
        footer.addWidget(self.export_format)
        footer.addWidget(self.export_button)
        layout.addLayout(footer)

    def _fill_browsers(self) -> None:
        self.browser.clear()
        for found in self.controller.browsers:
            self.browser.addItem(found.label, found.path)
        self.browser.addItem(_CHOOSE, None)
        if self.controller.browser_path:
            self.browser.setCurrentIndex(self.browser.findData(self.controller.browser_path))

    # -- input ---------------------------------------------------------------------------------

    @async_slot()
    async def browser_picked(self) -> None:
        path = self.browser.currentData()
        if path:
            self.controller.choose_browser(path)
            return
        picked = await choose_file(
            self.dialogs, self, "Choose a Chrome, Chromium or Edge executable", "All files (*)"
        )
        if picked:
            problem = self.controller.choose_browser(picked)
            if problem:
                self.status.setText(html.escape(problem))
        self._fill_browsers()

    def forward_toggled(self, on: bool) -> None:
        self.controller.set_forward(on)
        self.refresh_view()

    def start(self) -> None:
        c = self.controller
        c.url = self.url.text()
        c.relay_port = self.port.value()
        c.test_event_code = self.test_code.text()
        c.forward = self.forward.isChecked()
        c.start()
        if c.state == "starting":
            self.timer.start()
        self.refresh_view()

    def stop(self) -> None:
        self.controller.stop()
        self.refresh_view()

    def tick(self) -> None:
        self.controller.poll()
        if self.controller.state in ("stopped", "error", "idle"):
            self.timer.stop()
        self.refresh_view()

    def copy_relay_url(self) -> None:
        if self.relay_url.text():
            QGuiApplication.clipboard().setText(self.relay_url.text())
            self.copy_button.setText("Copied")
            QTimer.singleShot(1500, lambda: self.copy_button.setText("Copy"))

    @async_slot()
    async def import_log(self) -> None:
        path = await choose_file(
            self.dialogs,
            self,
            "Import a server log",
            "Logs (*.jsonl *.json *.ndjson *.txt *.log);;All files (*)",
        )
        if not path:
            return
        try:
            count = await in_thread(self.controller.import_log, path)
        except (OSError, ValueError) as exc:
            self.status.setText(
                f"<span style='color:{SEVERITY_COLORS['error']}'>Could not import {html.escape(Path(path).name)}: {html.escape(str(exc))}</span>"
            )
            return
        self.status.setText(
            f"Imported {count} server event(s) from {html.escape(Path(path).name)}."
        )

    @async_slot()
    async def export(self) -> None:
        label = self.export_format.currentText()
        fmt = EXPORTS[label]
        path = await choose_file(
            self.dialogs, self, "Export the live session", label, save=True,
            default_suffix=fmt, suggested_name=f"capi-live-session.{fmt}",
        )  # fmt: skip
        if not path:
            return
        try:
            await in_thread(self.controller.export, path, fmt)
        except (OSError, ValueError) as exc:
            self.status.setText(
                f"<span style='color:{SEVERITY_COLORS['error']}'>Could not write {html.escape(path)}: {html.escape(str(exc))}</span>"
            )
            return
        self.status.setText(f"Exported to {html.escape(Path(path).name)} (personal data redacted).")

    def load_demo(self) -> None:
        from capi_desktop.ui.panels.live.demo import demo_session

        self.url.setText("https://shop.example/")
        self.test_code.setText("TEST12345")
        self.relay_url.setText("http://127.0.0.1:8799/v21.0/1234567890/events")
        self.controller.load_demo(demo_session())
        self.refresh_view()

    # -- output --------------------------------------------------------------------------------

    def refresh_view(self) -> None:
        view = self.controller.view()
        busy = view.state in ("starting", "running", "stopping")
        for widget in (self.url, self.browser, self.port, self.test_code):
            widget.setEnabled(not busy)
        self.start_button.setEnabled(not busy)
        self.stop_button.setEnabled(view.state in ("starting", "running"))
        self.forward_note.setVisible(self.forward.isChecked())
        self.import_button.setEnabled(view.state in ("running", "starting"))
        self.export_button.setEnabled(self.controller.session is not None)
        if view.relay_url:
            self.relay_url.setText(self.controller.events_url() or "")
        color = SEVERITY_COLORS["error"] if view.state == "error" else "palette(text)"
        self.status.setText(f"<span style='color:{color}'>{html.escape(view.message)}</span>")
        self.window_timer.show_status(view.window)
        self.timeline.show_rows(view.timeline)
        self.checklist.setHtml(checklist_html(view.checklist))
        self.pairs.show_pairs(view.pairs)
        self.warnings.show_warnings(view.warnings)
        self.tabs.setTabText(0, f"Pairs ({len(view.pairs)})")
        self.tabs.setTabText(1, f"Warnings ({len(view.warnings)})")
        self.counts.setText(view.counts_text)
