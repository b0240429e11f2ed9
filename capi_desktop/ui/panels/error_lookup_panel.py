"""Error lookup panel: search the catalogue, paste a response to decode it, copy a summary."""

from __future__ import annotations

import json
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QFontDatabase, QGuiApplication
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.error_catalog_store import default_catalog
from capi_desktop.domain.error_catalog import (
    Catalog,
    DecodedError,
    ErrorEntry,
    decode,
    entry_summary,
    support_summary,
)
from capi_desktop.domain.wording import plural
from capi_desktop.services import Services
from capi_desktop.ui.links import Links
from capi_desktop.ui.panels.error_detail_html import (
    EMPTY_HTML,
    decoded_html,
    entry_html,
    entry_label,
    status_line,
)
from capi_desktop.ui.panels.error_response_editor import (
    HIGHLIGHT_LIMIT,
    ResponseEditor,
    SwitchableHighlighter,
    needs_preview,
    preview,
)
from capi_desktop.ui.shortcuts import bind
from capi_desktop.ui.theme import is_dark

# Real Meta body (capi.md F1), used for the demo/screenshot.
DEMO_RESPONSE = (
    '{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,'
    '"error_subcode":2804003,"is_transient":false,"error_user_title":"Event Timestamp Too Old",'
    '"error_user_msg":"The timestamp for this event is too far in the past. Events need to be '
    "sent from your server within 7 days of when they occurred. Enter a timestamp that has "
    'occurred within the last 7 days.","fbtrace_id":"A6UyEgg_HdoiRX9duxcBOjb"}}'
)

SYNC_DECODE_LIMIT = 256_000  # larger text is decoded on a worker thread
SEARCH_DELAY_MS = 150
DECODE_DELAY_MS = 250


class _Bridge(QObject):
    """Carries worker-thread results back to the GUI thread (queued signal)."""

    decoded = Signal(int, object)


class ErrorLookupPanel(QWidget):
    decoded_changed = Signal(object)  # DecodedError | None

    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = links if links is not None else Links()
        self.catalog: Catalog = default_catalog()
        self.decoded: DecodedError | None = None
        self.decoded_at: datetime | None = None
        # What the detail pane shows right now: the copy button copies exactly this.
        self.shown: DecodedError | ErrorEntry | None = None
        self.shown_at: datetime | None = None
        self._full_text: str | None = None  # whole huge paste (the editor shows a preview)
        self._programmatic = False
        self._generation = 0
        self._done_generation = 0
        self._executor: ThreadPoolExecutor | None = None
        self._bridge = _Bridge(self)
        self._bridge.decoded.connect(self._on_worker_decoded)
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

        self.editor = ResponseEditor()
        self.editor.setObjectName("responseEditor")
        self.editor.setPlaceholderText(
            'Paste a response here: {"error": {...}}, a log line or an HTML error page'
        )
        self.editor.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.editor.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.highlighter = SwitchableHighlighter(self.editor.document(), "json", dark=is_dark())
        self.trace_label = QLabel("Nothing decoded yet")
        self.trace_label.setObjectName("traceLabel")
        self.trace_label.setWordWrap(True)
        # A pasted value must never widen the left column and squeeze the detail pane.
        self.trace_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.trace_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.copy_button = QPushButton("Copy support summary")
        self.copy_button.setToolTip(
            "Code, subcode, title, fbtrace_id and time — no token, no payload data"
        )
        self.copy_button.setEnabled(False)

        left = QSplitter(Qt.Orientation.Vertical)
        search_box = QWidget()
        search_layout = QVBoxLayout(search_box)
        search_layout.setContentsMargins(0, 0, 0, 0)
        search_layout.addWidget(QLabel("<b>Search the catalogue</b>"))
        search_layout.addWidget(self.search)
        search_layout.addWidget(self.results, 1)
        search_layout.addWidget(self.result_count)
        paste_box = QWidget()
        paste_layout = QVBoxLayout(paste_box)
        paste_layout.setContentsMargins(0, 0, 0, 0)
        paste_layout.addWidget(QLabel("<b>Paste a response</b> (decoded as you paste)"))
        paste_layout.addWidget(self.editor, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.trace_label, 1)
        bottom.addWidget(self.copy_button)
        paste_layout.addLayout(bottom)
        left.addWidget(search_box)
        left.addWidget(paste_box)
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
        self.editor.textChanged.connect(self._on_editor_changed)
        self.editor.huge_paste.connect(self.set_response_text)
        self.editor.large_paste.connect(lambda: self._set_highlighting(False))
        self.copy_button.clicked.connect(self.copy_support_summary)
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
        entries = self.catalog.search(query, limit=500)
        self.results.blockSignals(True)
        self.results.clear()
        for entry in entries:
            item = QListWidgetItem(f"{entry_label(entry)}   {entry.title}")
            item.setData(Qt.ItemDataRole.UserRole, entry.key)
            item.setToolTip(entry.meaning)
            self.results.addItem(item)
        self.results.blockSignals(False)
        if not query.strip():
            self.result_count.setText(f"{plural(len(entries), 'entry')} — type to filter")
        elif entries:
            self.result_count.setText(plural(len(entries), "match"))
            self.results.setCurrentRow(0)
        else:
            self.result_count.setText("No match. Try a code, code/subcode or other words.")

    def _move_response_to_editor(self, text: str) -> bool:
        """A whole response pasted into the search box is decoded as if pasted below."""
        if decode(text, self.catalog).status not in ("graph_error", "success"):
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
        entry = self.catalog.get(str(item.data(Qt.ItemDataRole.UserRole)))
        if entry is not None:
            self.show_entry(entry)

    def show_entry(self, entry: ErrorEntry) -> None:
        self.detail.setHtml(entry_html(entry))
        self._set_shown(entry)

    def _set_shown(self, shown: DecodedError | ErrorEntry | None) -> None:
        self.shown = shown
        self.shown_at = datetime.now(UTC) if shown is not None else None
        readable = not (isinstance(shown, DecodedError) and shown.status == "unreadable")
        self.copy_button.setEnabled(shown is not None and readable)
        self.copy_button.setText(
            "Copy entry summary" if isinstance(shown, ErrorEntry) else "Copy support summary"
        )

    # ----- paste & decode -----------------------------------------------------------------
    def set_response_text(self, text: str) -> None:
        """Put a response in the editor (huge text: preview only) and decode it soon."""
        huge = needs_preview(text)
        shown = preview(text) if huge else text
        self._programmatic = True  # rehighlighting emits textChanged too
        try:
            self._set_highlighting(len(shown) <= HIGHLIGHT_LIMIT)
            self.highlighter.choose_for(shown)
            self.editor.setPlainText(shown)
        finally:
            self._programmatic = False
        self._full_text = text if huge else None
        if huge:
            self.trace_label.setText(
                f"Decoding {len(text):,} characters (the editor shows a shortened preview)…"
            )
        self._decode_timer.start()

    def _set_highlighting(self, on: bool) -> None:
        if on != self.highlighter.enabled:
            self.highlighter.enabled = on
            if on:
                self.highlighter.rehighlight()

    def _on_editor_changed(self) -> None:
        if self._programmatic:
            return
        self._full_text = None  # the user edited the preview: decode what is shown
        size = self.editor.document().characterCount()
        self._programmatic = True  # a rehighlight below emits textChanged: not an edit
        try:
            self._set_highlighting(size <= HIGHLIGHT_LIMIT)
            self.highlighter.choose_for(_head(self.editor))
        finally:
            self._programmatic = False
        self._decode_timer.start()

    def decode_now(self) -> None:
        """Decode the current text (synchronously when small, else on a worker thread)."""
        self._decode_timer.stop()
        text = self._full_text if self._full_text is not None else self.editor.toPlainText()
        self._generation += 1
        generation = self._generation
        if not text.strip():
            self._done_generation = generation
            self._show_decoded(None)
            return
        if len(text) <= SYNC_DECODE_LIMIT:
            self._done_generation = generation
            self._show_decoded(decode(text, self.catalog))
            return
        self.copy_button.setEnabled(False)  # the pane still shows the previous paste
        if self._executor is None:
            self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="decode")
        catalog, bridge = self.catalog, self._bridge
        self._executor.submit(lambda: bridge.decoded.emit(generation, decode(text, catalog)))

    def _on_worker_decoded(self, generation: int, decoded: object) -> None:
        if generation == self._generation and isinstance(decoded, DecodedError):
            self._done_generation = generation
            self._show_decoded(decoded)

    def _generation_pending(self) -> bool:
        return self._done_generation != self._generation

    def _show_decoded(self, decoded: DecodedError | None) -> None:
        self.decoded = decoded
        self.decoded_at = datetime.now(UTC) if decoded is not None else None
        self._set_shown(decoded)
        if decoded is None or self.decoded_at is None:
            self.trace_label.setText("Nothing decoded yet")
            self.detail.setHtml(EMPTY_HTML)
        else:
            self.trace_label.setText(status_line(decoded, self.decoded_at))
            self.detail.setHtml(decoded_html(decoded, self.decoded_at))
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
        shown, when = self.shown, self.shown_at
        if shown is None or when is None:
            return ""
        if isinstance(shown, ErrorEntry):
            return entry_summary(shown, when)
        return support_summary(shown, self.decoded_at or when)

    def copy_support_summary(self) -> None:
        if self._decode_timer.isActive():
            self.decode_now()  # the editor changed within the debounce: copy the new text's error
        if self._generation_pending():
            self.trace_label.setText("Still decoding — copy again in a moment.")
            return
        text = self.support_summary_text()
        if text:
            QGuiApplication.clipboard().setText(text)
            self.trace_label.setText(self.trace_label.text() + " · summary copied")

    # ----- panel protocol -----------------------------------------------------------------
    def load_demo(self) -> None:
        self.set_response_text(json.dumps(json.loads(DEMO_RESPONSE), indent=2))
        self.decode_now()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.PaletteChange:
            self.highlighter.set_dark(is_dark())
        super().changeEvent(event)

    async def shutdown(self) -> None:
        self._generation += 1
        if self._executor is not None:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._executor = None


def _head(editor: QPlainTextEdit, size: int = 400) -> str:
    """The first characters of the editor without copying a huge document."""
    parts: list[str] = []
    block = editor.document().firstBlock()
    while block.isValid() and sum(map(len, parts)) < size:
        parts.append(block.text())
        block = block.next()
    return "\n".join(parts)[:size]
