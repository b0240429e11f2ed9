"""Error lookup panel: search the catalogue, paste a response to decode it, copy a summary."""

from __future__ import annotations

import json

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.error_catalog import Catalog, DecodedError, ErrorEntry
from capi_desktop.services import Services
from capi_desktop.ui.links import Links, panel_links
from capi_desktop.ui.panels.errors.controller import ErrorLookupController
from capi_desktop.ui.panels.errors.detail_html import (
    EMPTY_HTML,
    decoded_html,
    entry_html,
    entry_label,
    status_line,
)
from capi_desktop.ui.panels.errors.paste_box import PasteBox
from capi_desktop.ui.shortcuts import bind

# Real Meta body (capi.md F1), used for the demo/screenshot.
DEMO_RESPONSE = (
    '{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,'
    '"error_subcode":2804003,"is_transient":false,"error_user_title":"Event Timestamp Too Old",'
    '"error_user_msg":"The timestamp for this event is too far in the past. Events need to be '
    "sent from your server within 7 days of when they occurred. Enter a timestamp that has "
    'occurred within the last 7 days.","fbtrace_id":"A6UyEgg_HdoiRX9duxcBOjb"}}'
)

SEARCH_DELAY_MS = 150
DECODE_DELAY_MS = 250


class ErrorLookupPanel(QWidget):
    """Renders an ErrorLookupController and forwards typing, pasting, picking and copying."""

    decoded_changed = Signal(object)  # DecodedError | None

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = panel_links(links, self)
        self.controller = ErrorLookupController(parent=self)
        self.controller.decoded_changed.connect(self._show_decoded)
        self._build()
        self._run_search()
        self.detail.setHtml(EMPTY_HTML)

    # ----- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setObjectName("errorSearch")
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText("Search: 2804003, 100/2804003, 190 or words like too old")
        self.results = QListWidget()
        self.results.setObjectName("errorResults")
        self.results.setUniformItemSizes(True)
        self.result_count = QLabel()
        self.result_count.setObjectName("resultCount")

        self.paste = PasteBox()

        left = QSplitter(Qt.Orientation.Vertical)
        search_box = QWidget()
        search_layout = QVBoxLayout(search_box)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.addWidget(QLabel("<b>Search the catalogue</b>"))
        search_layout.addWidget(self.search)
        search_layout.addWidget(self.results, 1)
        search_layout.addWidget(self.result_count)
        left.addWidget(search_box)
        left.addWidget(self.paste)
        left.setSizes([320, 280])
        left.setChildrenCollapsible(False)

        self.detail = QTextBrowser()
        self.detail.setObjectName("errorDetail")
        self.detail.setOpenExternalLinks(True)  # doc links open in the browser
        outer = QSplitter(Qt.Orientation.Horizontal)
        outer.addWidget(left)
        outer.addWidget(self.detail)
        outer.setStretchFactor(0, 2)
        outer.setStretchFactor(1, 3)
        outer.setSizes([400, 600])
        outer.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(outer)

        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self._run_search)
        self._decode_timer = QTimer(self, singleShot=True, interval=DECODE_DELAY_MS)
        self._decode_timer.timeout.connect(self.decode_now)
        self.search.textChanged.connect(self._search_timer.start)
        self.search.returnPressed.connect(self._run_search)
        self.results.currentItemChanged.connect(self._on_result_selected)
        self.paste.edited.connect(self._decode_timer.start)
        self.paste.editor.huge_paste.connect(self.set_response_text)
        self.paste.copy_button.clicked.connect(self.copy_support_summary)
        bind(self, "errors.find", self.focus_search)

    # ----- search -------------------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    def _run_search(self) -> None:
        self._search_timer.stop()
        query = self.search.text()
        if query.lstrip().startswith("{") and self._move_response_to_editor(query):
            return
        found = self.controller.search(query)
        self.results.blockSignals(True)
        self.results.clear()
        for entry in found.entries:
            item = QListWidgetItem(f"{entry_label(entry)}   {entry.title}")
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setToolTip(entry.meaning)
            self.results.addItem(item)
        self.results.blockSignals(False)
        self.result_count.setText(found.count_text)
        if found.pick_first:
            self.results.setCurrentRow(0)

    def _move_response_to_editor(self, text: str) -> bool:
        """A whole response pasted into the search box is decoded as if pasted below."""
        if not self.controller.is_response(text):
            return False
        self.search.clear()
        self.set_response_text(text)
        self.decode_now()
        return True

    def result_keys(self) -> list[str]:
        return [
            str(self.results.item(i).data(Qt.ItemDataRole.UserRole))
            for i in range(self.results.count())
        ]

    def _on_result_selected(self, item: QListWidgetItem | None, _previous: object = None) -> None:
        if item is None:
            return
        entry = self.controller.entry(str(item.data(Qt.ItemDataRole.UserRole)))
        if entry is not None:
            self.show_entry(entry)

    def show_entry(self, entry: ErrorEntry) -> None:
        self.controller.show_entry(entry)
        self.detail.setHtml(entry_html(entry))
        self._shown_changed()

    def _shown_changed(self) -> None:
        self.paste.copy_button.setEnabled(self.controller.can_copy)
        self.paste.copy_button.setText(
            "Copy entry summary" if self.controller.shows_entry else "Copy support summary"
        )

    # ----- the controller's state, read by the main window and tests ----------------------
    @property
    def catalog(self) -> Catalog:
        return self.controller.catalog

    @property
    def decoded(self) -> DecodedError | None:
        return self.controller.decoded

    def decode_text(self, text: str) -> None:
        """links.ErrorDecoderPort: show this error text decoded, as if pasted."""
        self.set_response_text(text)
        self.decode_now()

    # ----- paste & decode -----------------------------------------------------------------
    def set_response_text(self, text: str) -> None:
        """Put a response in the editor (huge text: preview only) and decode it soon."""
        self.paste.set_text(text)
        self._decode_timer.start()

    def decode_now(self) -> None:
        """Decode the current text (synchronously when small, else on a worker thread)."""
        self._decode_timer.stop()
        self.controller.decode(self.paste.text())
        if self.controller.pending:
            self.paste.copy_button.setEnabled(False)  # the pane still shows the previous paste

    def _show_decoded(self, decoded: DecodedError | None) -> None:
        decoded_at = self.controller.decoded_at
        self._shown_changed()
        if decoded is None or decoded_at is None:
            self.paste.trace_label.setText("Nothing decoded yet")
            self.detail.setHtml(EMPTY_HTML)
        else:
            self.paste.trace_label.setText(status_line(decoded, decoded_at))
            self.detail.setHtml(decoded_html(decoded, decoded_at))
            if decoded.entry is not None:
                self._mark_in_results(decoded.entry.key)
        self.decoded_changed.emit(decoded)

    def _mark_in_results(self, key: str) -> None:
        """Highlight the decoded entry in the list without replacing the decoded view."""
        keys = self.result_keys()
        if key in keys:
            self.results.blockSignals(True)
            self.results.setCurrentRow(keys.index(key))
            self.results.blockSignals(False)
            self.results.scrollToItem(self.results.currentItem())

    def support_summary_text(self) -> str:
        """The summary of what the detail pane shows (a decoded paste or a looked-up entry)."""
        return self.controller.support_summary()

    def copy_support_summary(self) -> None:
        if self._decode_timer.isActive():
            self.decode_now()  # the editor changed within the debounce: copy the new text's error
        if self.controller.pending:
            self.paste.trace_label.setText("Still decoding — copy again in a moment.")
            return
        text = self.support_summary_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.paste.trace_label.setText(self.paste.trace_label.text() + " · summary copied")

    # ----- panel protocol -----------------------------------------------------------------
    def load_demo(self) -> None:
        self.set_response_text(json.dumps(json.loads(DEMO_RESPONSE), indent=2))
        self.decode_now()

    async def shutdown(self) -> None:
        self.controller.shutdown()
