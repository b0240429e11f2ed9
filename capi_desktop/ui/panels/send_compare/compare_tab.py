"""Compare tab: one browser Pixel hit against one server event, field by field, with a verdict."""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTimer
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

from capi_desktop.ui.async_dialogs import DialogHost, choose_file
from capi_desktop.ui.async_qt import async_slot
from capi_desktop.ui.panels.send_compare.comparison_view import ComparisonView
from capi_desktop.ui.panels.send_compare.files import read_text
from capi_desktop.ui.panels.send_compare.widgets import (
    CodeView,
)

log = logging.getLogger(__name__)
BROWSER_HINT = (
    "Paste the browser side: a Pixel request URL (facebook.com/tr?…), DevTools “Copy as cURL” / "
    "“Copy as fetch”, an fbq('track', …, {eventID: …}) call — or open a HAR file."
)
SERVER_HINT = "Paste the server side: a CAPI request body, a list of events or one event."


def _server_events(text: str) -> tuple[list[dict[str, Any]], str]:
    from capi_desktop.domain.request.event_model import parse_request

    try:
        parsed = parse_request(text)
    except RecursionError:
        return [], "Server side: the JSON is nested too deeply to read."
    if not parsed.ok or parsed.request is None:
        return [], f"Server side: {parsed.error}"
    events = [e for e in parsed.request.events() if isinstance(e, dict)]
    return events, "" if events else "Server side: no events found."


class CompareTab(QWidget):
    """`composer()` returns the Composer panel or None; `history_body()` a selected history body."""

    def __init__(
        self,
        dialogs: DialogHost,
        composer: Callable[[], Any],
        history_body: Callable[[], Any],
        default_pixel: Callable[[], str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.dialogs = dialogs
        self._composer = composer
        self._history_body = history_body
        self._default_pixel = default_pixel
        self._har_hits: list[Any] = []
        self._events: list[dict[str, Any]] = []
        self.comparison: Any = None

        self.browser_edit = CodeView("text", read_only=False)
        self.browser_edit.setPlaceholderText(BROWSER_HINT)
        self.har_button = QPushButton("Open HAR…")
        self.har_button.clicked.connect(self.open_har)
        self.hit_combo = QComboBox()
        self.hit_combo.hide()
        self.hit_combo.currentIndexChanged.connect(self._schedule)
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
        self.event_combo.currentIndexChanged.connect(self._schedule)
        self.pixel_edit = QLineEdit()
        self.pixel_edit.setPlaceholderText("Server pixel ID (from the profile)")
        self.pixel_edit.textChanged.connect(self._schedule)

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
        self.badge, self.explanation, self.problem = (
            self.view.badge, self.view.explanation, self.view.problem,
        )  # fmt: skip
        self.table = self.view.table

        splitter = QSplitter(Qt.Orientation.Vertical)
        splitter.addWidget(inputs_box)
        splitter.addWidget(self.view)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(300)
        self._timer.timeout.connect(self.compare_now)
        self.browser_edit.textChanged.connect(self._browser_changed)
        self.server_edit.textChanged.connect(self._server_changed)

    # ----- inputs -------------------------------------------------------------------------
    def _schedule(self, *_args: Any) -> None:
        self._timer.start()

    def _browser_changed(self) -> None:
        if self._har_hits and not self.browser_edit.property("from_har"):
            self._set_hits([])
        self.browser_edit.setProperty("from_har", False)
        self._schedule()

    def _server_changed(self) -> None:
        self._events, _ = _server_events(self.server_edit.toPlainText())
        self.event_combo.blockSignals(True)
        self.event_combo.clear()
        for index, event in enumerate(self._events):
            self.event_combo.addItem(
                f"data[{index}]: {event.get('event_name', '?')} · {event.get('event_id', 'no id')}"
            )
        self.event_combo.setVisible(len(self._events) > 1)
        if len(self._events) > 1:
            self.event_combo.setCurrentIndex(self._best_event_index())
        self.event_combo.blockSignals(False)
        self._schedule()

    def set_server_body(self, body: Any) -> None:
        self.server_edit.setPlainText(json.dumps(body, indent=2, ensure_ascii=False))
        if not self.pixel_edit.text().strip():
            self.pixel_edit.setText(self._default_pixel())

    def set_browser_text(self, text: str) -> None:
        self.browser_edit.setPlainText(text)

    def take_from_composer(self) -> None:
        composer = self._composer()
        if composer is not None and hasattr(composer, "request_body"):
            self.set_server_body(composer.request_body())
        else:
            self._show_problem("The Composer is not available.")

    def take_from_history(self) -> None:
        body = self._history_body()
        if body is None:
            self._show_problem("No send in the history yet: send something or pick a row there.")
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
            try:
                text = await asyncio.to_thread(read_text, path, 20_000_000)
            except (OSError, ValueError) as exc:
                self._show_problem(f"Could not open {path}: {exc}")
                return
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
        try:
            hits = await asyncio.to_thread(_har_hits, path)
        except (OSError, ValueError) as exc:
            self._show_problem(f"Could not read the HAR file: {exc}")
            return
        if not hits:
            self._show_problem("The HAR file holds no Meta Pixel request (facebook.com/tr).")
            return
        self._set_hits(hits)

    def _set_hits(self, hits: list[Any]) -> None:
        self._har_hits = hits
        self.hit_combo.blockSignals(True)
        self.hit_combo.clear()
        for hit in hits:
            self.hit_combo.addItem(
                f"{hit.event_name} · eid {hit.event_id or '—'} · pixel {hit.pixel_id or 'not read'}"
            )
        self.hit_combo.setVisible(bool(hits))
        if hits:
            self.hit_combo.setCurrentIndex(self._best_hit_index())
            self.browser_edit.setProperty("from_har", True)
            self.browser_edit.setPlainText(f"(HAR file: {len(hits)} Pixel hits — pick one below)")
        self.hit_combo.blockSignals(False)
        self._schedule()

    def _best_hit_index(self) -> int:
        if not self._events:
            return 0
        from capi_desktop.domain.dedup.compare import best_match

        pair = best_match(self._har_hits, self._events)
        return self._har_hits.index(pair[0]) if pair else 0

    def _best_event_index(self) -> int:
        hit, _ = self.browser_hit()
        if hit is None:
            return 0
        from capi_desktop.domain.dedup.compare import best_match

        pair = best_match([hit], self._events)
        if pair is None:
            return 0
        chosen = dict(pair[1])
        return self._events.index(chosen) if chosen in self._events else 0

    def _show_problem(self, text: str) -> None:
        self.view.show_problem(text)

    # ----- comparing ----------------------------------------------------------------------
    def browser_hit(self) -> tuple[Any, str]:
        if self._har_hits:
            index = max(self.hit_combo.currentIndex(), 0)
            return self._har_hits[index], ""
        text = self.browser_edit.toPlainText()
        if not text.strip():
            return None, ""
        from capi_desktop.domain.pixel.hit import ParseProblem
        from capi_desktop.domain.pixel.request import parse_browser_input

        hit = parse_browser_input(text)
        if isinstance(hit, ParseProblem):
            return None, f"Browser side: {hit.text}"
        return hit, ""

    def server_event(self) -> tuple[dict[str, Any] | None, str]:
        text = self.server_edit.toPlainText()
        if not text.strip():
            return None, ""
        events, problem = _server_events(text)
        if not events:
            return None, problem
        index = self.event_combo.currentIndex()
        return events[index] if 0 <= index < len(events) else events[0], ""

    def compare_now(self) -> Any:
        """Compare the current inputs; returns the Comparison (or None) and updates the view.

        Whatever goes wrong, the previous verdict is taken off the screen first: a verdict
        left standing next to inputs it was not made from is a wrong answer."""
        self._timer.stop()
        self.comparison = None
        self.view.clear()
        self.view.problem.hide()
        try:
            hit, browser_problem = self.browser_hit()
            event, server_problem = self.server_event()
        except Exception:  # a parser bug must not take the panel down, nor show Python text
            log.exception("reading the compare inputs failed")
            self._show_problem(
                "These inputs could not be read (an internal error was logged). Check the"
                " pasted text, or paste the Pixel request URL itself."
            )
            return None
        problems = [p for p in (browser_problem, server_problem) if p]
        if problems:
            self._show_problem("\n".join(problems))
        if hit is None or event is None:
            return None
        from capi_desktop.domain.dedup.compare import compare

        pixel = self.pixel_edit.text().strip() or self._default_pixel() or None
        try:
            comparison = compare(hit, event, server_pixel_id=pixel)
        except Exception:  # a domain bug must not take the panel down
            log.exception("compare failed")
            self._show_problem("The comparison failed (an internal error was logged).")
            return None
        self.show_comparison(comparison)
        return comparison

    def show_comparison(self, comparison: Any) -> None:
        self.comparison = comparison
        self.view.show_comparison(comparison)


def _har_hits(path: str) -> list[Any]:
    """Pixel hits of a HAR; uses the streaming reader when the audit backend provides one."""
    try:
        from capi_desktop.backend.har_reader import iter_pixel_hits
    except ImportError:
        from capi_desktop.domain.pixel.request import pixel_hits_from_har_document

        with open(path, encoding="utf-8") as handle:
            return pixel_hits_from_har_document(json.load(handle))
    return list(iter_pixel_hits(path))
