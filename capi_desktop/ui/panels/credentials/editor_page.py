"""The right-hand page for one profile: title and badge, keyring status, form, buttons, Verify."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QScrollArea, QVBoxLayout, QWidget

from capi_desktop.domain.redact import mask_token, redact
from capi_desktop.ui.panels.credentials.profile_form import ProfileForm
from capi_desktop.ui.panels.credentials.verify_view import VerifyView
from capi_desktop.ui.qt_keys import set_keys
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.badge import badge_html
from capi_desktop.ui.widgets.notice import Notice

if TYPE_CHECKING:
    from capi_desktop.backend.keyring_calls import StorageState


def storage_place(state: StorageState | None) -> str:
    """Where a saved token lives, for messages ("GNOME Keyring", "memory (...)")."""
    if state is None:
        return "the keyring"
    if state.state == "system":
        return str(state.backend or "the system keyring")
    return "memory (this session only)"


class EditorPage(QScrollArea):
    def __init__(self) -> None:
        super().__init__()
        self.profile_title = QLabel()
        set_keys(self.profile_title, "textFormat", "RichText")
        self.profile_title.setWordWrap(True)  # a long profile name must not widen the page
        self.storage_line = Notice(framed=True)
        self.storage_line.setObjectName("storage_line")
        self.form = ProfileForm()
        self.save_button = QPushButton("Save")
        self.save_button.setToolTip("Save the profile; the token goes to the keyring (Ctrl+S)")
        self.revert_button = QPushButton("Revert")
        self.revert_button.setToolTip("Discard the changes made since the last save")
        self.forget_button = QPushButton("Forget token")
        self.forget_button.setToolTip("Remove this profile's token from the keyring")
        self.verify_button = QPushButton("Verify")
        self.verify_button.setToolTip("Ask the Graph API what this token can reach (Ctrl+Enter)")
        self.status_label = QLabel()
        self.status_label.setWordWrap(True)
        self.verify_view = VerifyView()
        buttons = QHBoxLayout()
        for button in (self.save_button, self.revert_button, self.forget_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.verify_button)
        body = QWidget()
        column = QVBoxLayout(body)
        column.setContentsMargins(12, 4, 12, 12)
        column.addWidget(self.profile_title)
        column.addWidget(self.storage_line)
        column.addWidget(self.form)
        column.addLayout(buttons)
        column.addWidget(self.status_label)
        column.addWidget(self.verify_view)
        column.addStretch(1)
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setWidget(body)
        self.storage_state: StorageState | None = None

    def refresh_title(self, *, new: bool) -> None:
        """Name, unsaved marker and where the events go (the emulator badge)."""
        name = escape(self.form.fields()["name"] or "New profile")
        dirty = self.form.is_dirty()
        suffix = " <i>(not saved yet)</i>" if new else " <i>(unsaved changes)</i>" if dirty else ""
        where = (
            badge_html("Local emulator — not Meta", "warning")
            if self.form.is_emulator()
            else badge_html("Meta Graph API", "info")
        )
        self.profile_title.setText(
            f'<span style="font-size:large"><b>{name}</b></span>{suffix}&nbsp;&nbsp;{where}'
        )
        self.revert_button.setEnabled(dirty and not new)
        self.forget_button.setEnabled(bool(self.form.token.saved_mask))

    def show_storage(self, state: StorageState, *, has_token: bool) -> None:
        """The keyring status line: where tokens go, or what session-only storage means."""
        self.storage_state = state
        if state.state == "system":
            text = "Token stored in" if has_token else "Tokens are stored in"
            self.storage_line.show_message(
                "ok",
                f"{text} <b>{escape(storage_place(state))}</b> (your system keyring) — "
                "never in a file.",
            )
            return
        reason = escape(redact(state.reason or "the keyring did not answer"))
        self.storage_line.show_message(
            "warning",
            "<b>Session-only: the system keyring is not available</b> "
            f"({reason}).<br>A token you save is kept in memory until CAPI Desktop quits; you will"
            " have to paste it again next time. It is never written to disk. Unlock or install a"
            " keyring (e.g. GNOME Keyring, KWallet) and restart to keep tokens.",
        )

    def show_saved_token(self, state: StorageState, token: str | None) -> None:
        """The keyring status line and the saved token's mask (or why there is none)."""
        self.show_storage(state, has_token=bool(token))
        self.form.token.set_saved_mask(
            mask_token(token) if token else None,
            storage_place(state),
            unreadable=state.state != "system",
        )

    def show_status(self, level: str, text: str) -> None:
        color = SEVERITY_COLORS.get(level, "")
        self.status_label.setStyleSheet(f"color: {color};" if color and level != "info" else "")
        self.status_label.setText(text)
