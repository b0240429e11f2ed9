"""The access-token input: masked, show/hide, paste; shows only a saved token's last 4 chars."""

from __future__ import annotations

import re

from PySide6.QtCore import Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QPushButton, QVBoxLayout, QWidget

from capi_desktop.ui.widgets.inline_hint import InlineHint

_PREFIX = re.compile(r"^(?:bearer\s+|(?:access_token|token)\s*[=:]\s*)", re.IGNORECASE)


def clean_token(text: str) -> str:
    """What people paste around a token: spaces, line breaks, quotes, "Bearer ", "access_token="."""
    text = text.strip().strip("\"'`").strip()
    text = _PREFIX.sub("", text).strip().strip("\"'`")
    return re.sub(r"\s+", "", text)


class TokenField(QWidget):
    """Never holds a saved token: after saving the text is cleared and only the mask is shown."""

    edited = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.edit = QLineEdit()
        self.edit.setObjectName("token_edit")
        self.edit.setEchoMode(QLineEdit.EchoMode.Password)
        self.edit.setPlaceholderText("Paste the System User access token")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(lambda _t: self.edited.emit())
        self.show_button = QPushButton("Show")
        self.show_button.setCheckable(True)
        self.show_button.setToolTip("Show or hide what you typed (a saved token is never shown)")
        self.show_button.toggled.connect(self._set_visible)
        self.paste_button = QPushButton("Paste")
        self.paste_button.setToolTip("Paste from the clipboard (spaces, quotes, 'Bearer ' removed)")
        self.paste_button.clicked.connect(self.paste)
        self.saved_label = QLabel()
        self.saved_label.setObjectName("token_saved")
        self.saved_label.setWordWrap(True)
        self.hint = InlineHint(lines=2)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.edit, 1)
        row.addWidget(self.show_button)
        row.addWidget(self.paste_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(3)
        layout.addLayout(row)
        layout.addWidget(self.saved_label)
        layout.addWidget(self.hint)
        self.set_saved_mask(None)

    def _set_visible(self, visible: bool) -> None:
        mode = QLineEdit.EchoMode.Normal if visible else QLineEdit.EchoMode.Password
        self.edit.setEchoMode(mode)
        self.show_button.setText("Hide" if visible else "Show")

    def paste(self) -> None:
        text = clean_token(QGuiApplication.clipboard().text())
        if text:
            self.edit.setText(text)
            self.edit.setFocus()

    def token(self) -> str:
        return clean_token(self.edit.text())

    def has_typed(self) -> bool:
        return bool(self.token())

    def clear_typed(self) -> None:
        self.edit.clear()
        self.show_button.setChecked(False)

    def set_saved_mask(
        self, mask: str | None, where: str = "", *, unreadable: bool = False
    ) -> None:
        """mask: `mask_token(...)` of the stored token, or None when nothing is stored;
        unreadable: the keyring cannot be read, so a token saved earlier may still be there."""
        self.saved_mask = mask
        if mask:
            self.saved_label.setText(f"Saved token: <code>{mask}</code>")
            self.saved_label.setToolTip(f"Stored in {where}" if where else "")
            self.edit.setPlaceholderText("Paste to replace the saved token")
        else:
            self.saved_label.setText(
                "No token in this session: the keyring cannot be read (see above). Paste the "
                "token again to use this profile now."
                if unreadable
                else "No token saved for this profile yet."
            )
            self.edit.setPlaceholderText("Paste the System User access token")

    def set_hint(self, text: str) -> None:
        self.hint.set_message("warning", text)
