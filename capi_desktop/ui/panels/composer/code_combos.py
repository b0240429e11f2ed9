"""Searchable pickers for ISO codes (countries, currencies) backed by pycountry."""

from __future__ import annotations

from collections.abc import Callable
from functools import cache

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QComboBox, QCompleter, QWidget

Entries = tuple[tuple[str, str], ...]


# pycountry (~25 ms with its metadata lookup) loads when a list is first needed, not to paint.
@cache
def _countries() -> Entries:
    import pycountry

    return tuple(
        sorted(((c.alpha_2, c.name) for c in pycountry.countries), key=lambda item: item[1])
    )


@cache
def _currencies() -> Entries:
    import pycountry

    return tuple(sorted((c.alpha_3, c.name) for c in pycountry.currencies))


class CodeCombo(QComboBox):
    """An editable combo of `CODE — name` entries; type part of a code or name to search.

    `code()` is the chosen code ('' for none). Text that matches no entry is kept as typed, so a
    code pycountry does not know still reaches the request (and lint explains it). The
    entries are filled on first use (reading or setting a code, shown, the popup).
    """

    code_changed = Signal(str)

    def __init__(
        self,
        entries: Callable[[], Entries],
        *,
        none_label: str,
        label_first: bool,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setMaxVisibleItems(15)
        # Sized by a short text, not by "South Georgia and the South Sandwich Islands".
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(10)
        self.addItem(none_label, "")
        self._entries: Callable[[], Entries] | None = entries
        self._label_first = label_first
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self._last = ""
        self.currentIndexChanged.connect(self._emit_if_changed)
        if line := self.lineEdit():
            line.editingFinished.connect(self._emit_if_changed)
            line.setPlaceholderText("type to search")

    def fill(self) -> None:
        """Add the entries (once)."""
        if self._entries is None:
            return
        entries, self._entries = self._entries(), None
        self.blockSignals(True)  # the current entry ("none") stays as it is
        for code, name in entries:
            self.addItem(f"{name} ({code})" if self._label_first else f"{code} — {name}", code)
        self.blockSignals(False)

    def showPopup(self) -> None:
        self.fill()
        super().showPopup()

    def showEvent(self, event: QShowEvent) -> None:
        self.fill()  # its tab is shown: typing may search the list from now on
        super().showEvent(event)

    def code(self) -> str:
        if self._entries is not None and self.currentText() == self.itemText(0):
            return ""  # "none" shown and the list never needed: no pycountry yet
        self.fill()
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)
        if index >= 0:
            return str(self.itemData(index) or "")
        by_code = self.findData(text.upper())
        if by_code >= 0:
            return text.upper()
        return text

    def set_code(self, code: str) -> None:
        if code:  # "none" is there without the list
            self.fill()
        self.blockSignals(True)
        try:
            index = self.findData(code.upper()) if code else 0
            if index >= 0:
                self.setCurrentIndex(index)
            else:
                self.setEditText(code)
            self._last = self.code()
        finally:
            self.blockSignals(False)

    def _emit_if_changed(self, *_: object) -> None:
        code = self.code()
        if code != self._last:
            self._last = code
            self.code_changed.emit(code)


def country_combo(parent: QWidget | None = None, none_label: str = "No default") -> CodeCombo:
    return CodeCombo(_countries, none_label=none_label, label_first=True, parent=parent)


def currency_combo(parent: QWidget | None = None) -> CodeCombo:
    return CodeCombo(_currencies, none_label="", label_first=False, parent=parent)
