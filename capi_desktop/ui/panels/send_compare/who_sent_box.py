"""Compare: "Which implementation sent this?" — a captured hash and a raw guess → who produced it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QGridLayout, QGroupBox, QLabel, QLineEdit, QWidget

from capi_desktop.domain.normalize import (
    HASHED_KEYS,
    KEY_ORDER,
    canonical_key,
    hash_part,
    who_sent,
)

_ANY_KEY = "any key"


class WhoSentBox(QGroupBox):
    """Paste a hashed value (or pick a compared row) and type what you think was hashed."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Which implementation sent this?", parent)
        self.setCheckable(True)
        self.setChecked(False)  # folded away until wanted; the comparison stays in front
        self.captured = QLineEdit()
        self.captured.setPlaceholderText("Captured hash (64 hex, or <hash>.<appendix>)")
        self.raw = QLineEdit()
        self.raw.setPlaceholderText("Raw value you think was hashed, e.g. Mary-Ann")
        self.key = QComboBox()
        self.key.addItems([_ANY_KEY, *(k for k in KEY_ORDER if k in HASHED_KEYS)])
        self.answer = QLabel("")
        self.answer.setWordWrap(True)
        self.answer.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        grid = QGridLayout(self)
        grid.addWidget(self.captured, 0, 0, 1, 2)
        grid.addWidget(self.raw, 1, 0)
        grid.addWidget(self.key, 1, 1)
        grid.addWidget(self.answer, 2, 0, 1, 2)
        for signal in (self.captured.textChanged, self.raw.textChanged):
            signal.connect(self._update)
        self.key.currentTextChanged.connect(self._update)
        self.toggled.connect(self._fold)
        self._fold(False)

    def offer(self, field: str, value: str | None) -> None:
        """Prefill from a compared row: its user_data key, and its hash when shown in full."""
        key = canonical_key(field.rsplit(".", 1)[-1])
        if key not in HASHED_KEYS:
            return
        self.key.setCurrentText(key)
        if value and hash_part(value) is not None:
            self.captured.setText(value.strip())

    def _fold(self, shown: bool) -> None:
        for widget in (self.captured, self.raw, self.key, self.answer):
            widget.setVisible(shown)

    def _update(self) -> None:
        captured, raw = self.captured.text().strip(), self.raw.text()
        if not captured and not raw.strip():
            self.answer.setText("")
            return
        key = self.key.currentText()
        self.answer.setText(who_sent(captured, raw, key=None if key == _ANY_KEY else key).summary())
