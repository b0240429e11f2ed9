"""Compare tab: one browser Pixel hit against one server event, field by field, with a verdict.

The tab renders and forwards input; `controllers.compare.CompareController` owns both inputs and
the verdict.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.dedup.model import Comparison
from capi_desktop.ui.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare.comparison_view import ComparisonView
from capi_desktop.ui.panels.send_compare.controllers.compare import (
    CompareController,
    ComposerSource,
)
from capi_desktop.ui.panels.send_compare.widgets import CodeView
from capi_desktop.ui.widgets.single_shot import single_shot

BROWSER_HINT = (
    "Paste the browser side: a Pixel request URL (facebook.com/tr?…), DevTools “Copy as cURL” / "
    "“Copy as fetch”, an fbq('track', …, {eventID: …}) call — or open a HAR file."
)
SERVER_HINT = "Paste the server side: a CAPI request body, a list of events or one event."


class CompareTab(QWidget):
    """`links` gives the Composer's body; `history_body()` a selected history body (or None)."""

    def __init__(
        self,
        dialogs: DialogHost,
        links: ComposerSource,
        history_body: Callable[[], Any],
        default_pixel: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self.controller = CompareController(links, default_pixel)
        self._history_body = history_body

        self.browser_edit = CodeView("text", read_only=False)
        self.browser_edit.setPlaceholderText(BROWSER_HINT)
        self.har_button = QPushButton("Open HAR…")
        self.har_button.clicked.connect(self.open_har)
        self.hit_combo = QComboBox()
        self.hit_combo.hide()
        self.hit_combo.currentIndexChanged.connect(self._hit_picked)
        self.server_edit = CodeView(read_only=False)
        self.server_edit.setPlaceholderText(SERVER_HINT)
        self.from_composer = QPushButton("From Composer")
        self.from_composer.clicked.connect(self.take_from_composer)
        self.from_history = QPushButton("From history")
        self.from_history.setToolTip("Use the send selected in the History tab (or the last send)")
        self.from_history.clicked.connect(self.take_from_history)
        self.server_open = QPushButton("Open…")
        self.server_open.clicked.connect(self.open_server_file)
        self.event_combo = QComboBox()
        self.event_combo.hide()
        self.event_combo.currentIndexChanged.connect(self._event_picked)
        self.pixel_edit = QLineEdit()
        self.pixel_edit.setPlaceholderText("Server pixel ID (from the profile)")
        self.pixel_edit.textChanged.connect(self._pixel_changed)

        inputs = QGridLayout()
        browser_head = QHBoxLayout()
        browser_head.addWidget(QLabel("<b>Browser side</b>"))
        browser_head.addStretch(1)
        browser_head.addWidget(self.har_button)
        server_head = QHBoxLayout()
        server_head.addWidget(QLabel("<b>Server side</b>"))
        server_head.addStretch(1)
        for button in (self.from_composer, self.from_history, self.server_open):
            server_head.addWidget(button)
        inputs.addLayout(browser_head, 0, 0)
        inputs.addLayout(server_head, 0, 1)
        inputs.addWidget(self.browser_edit, 1, 0)
        inputs.addWidget(self.server_edit, 1, 1)
        inputs.addWidget(self.hit_combo, 2, 0)
        server_foot = QHBoxLayout()
        server_foot.addWidget(self.event_combo, 1)
        server_foot.addWidget(QLabel("Pixel ID"))
        server_foot.addWidget(self.pixel_edit, 1)
        inputs.addLayout(server_foot, 2, 1)
        inputs_box = QWidget()
        inputs_box.setLayout(inputs)
        inputs.setContentsMargins(0, 0, 0, 0)

        self.view = ComparisonView()
        # The tests and the demo read these directly.
        self.badge, self.explanation, self.problem, self.table = (
            self.view.badge, self.view.explanation, self.view.problem, self.view.table,
        )  # fmt: skip

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(inputs_box)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._timer = single_shot(self, 300, self.compare_now)
        self.browser_edit.textChanged.connect(self._browser_changed)
        self.server_edit.textChanged.connect(self._server_changed)

    @property
    def comparison(self) -> Comparison | None:
        return self.controller.comparison

    # ----- inputs -------------------------------------------------------------------------
    def _schedule(self) -> None:
        self._timer.start()

    def _browser_changed(self) -> None:
        if self.controller.browser_changed(self.browser_edit.toPlainText()):
            self._show_hits()
        self._schedule()

    def _server_changed(self) -> None:
        self.controller.server_changed(self.server_edit.toPlainText())
        _refill(self.event_combo, self.controller.event_labels(), self.controller.event_index)
        self.event_combo.setVisible(len(self.controller.events) > 1)
        self._schedule()

    def _pixel_changed(self, text: str) -> None:
        self.controller.pixel_text = text
        self._schedule()

    def _hit_picked(self, index: int) -> None:
        self.controller.select_hit(index)
        self._schedule()

    def _event_picked(self, index: int) -> None:
        self.controller.select_event(index)
        self._schedule()

    def set_server_body(self, body: Any) -> None:
        self.server_edit.setPlainText(self.controller.body_text(body))
        if not self.pixel_edit.text().strip():
            self.pixel_edit.setText(self.controller.default_pixel())

    def set_browser_text(self, text: str) -> None:
        self.browser_edit.setPlainText(text)

    def take_from_composer(self) -> None:
        body, problem = self.controller.composer_body()
        if problem:
            self.view.show_problem(problem)
        else:
            self.set_server_body(body)

    def take_from_history(self) -> None:
        body = self._history_body()
        if body is None:
            self.view.show_problem(
                "No send in the history yet: send something or pick a row there."
            )
            return
        self.set_server_body(body)

    @async_slot()
    async def open_server_file(self) -> None:
        path = await choose_file(
            self.dialogs,
            self,
            "Open a server request",
            "JSON (*.json *.jsonl *.txt);;All files (*)",
        )
        if path:
            text, problem = await self.controller.read_server_file(path)
            if text is None:
                self.view.show_problem(problem)
            else:
                self.server_edit.setPlainText(text)

    @async_slot()
    async def open_har(self) -> None:
        path = await choose_file(
            self.dialogs, self, "Open a HAR file", "HAR (*.har *.json);;All files (*)"
        )
        if path:
            await self.load_har(path)

    async def load_har(self, path: str) -> None:
        """Read the Pixel hits of a HAR in a worker thread; cookies and bodies are not kept."""
        self.explanation.setText("Reading the HAR file…")
        problem = await self.controller.load_har(path)
        if problem:
            self.view.show_problem(problem)
            return
        self._show_hits()
        self.browser_edit.setPlainText(self.controller.har_placeholder())

    def _show_hits(self) -> None:
        _refill(self.hit_combo, self.controller.hit_labels(), self.controller.hit_index)
        self.hit_combo.setVisible(bool(self.controller.hits))
        self._schedule()

    # ----- comparing ----------------------------------------------------------------------
    def compare_now(self) -> Comparison | None:
        """Compare the current inputs; returns the Comparison (or None) and updates the view.
        Whatever goes wrong, the previous verdict is taken off the screen first."""
        self._timer.stop()
        self.view.clear()
        self.view.problem.hide()
        outcome = self.controller.compare()
        if outcome.problem:
            self.view.show_problem(outcome.problem)
        if outcome.comparison is not None:
            self.view.show_comparison(outcome.comparison)
        return outcome.comparison


def _refill(combo: QComboBox, labels: list[str], index: int) -> None:
    """New items and the chosen one, without reporting it as the user's pick."""
    combo.blockSignals(True)
    combo.clear()
    combo.addItems(labels)
    if labels:
        combo.setCurrentIndex(index)
    combo.blockSignals(False)
