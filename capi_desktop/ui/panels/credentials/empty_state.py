"""What the panel shows before the first profile exists."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from capi_desktop.ui.widgets.wrapped_label import WrappedLabel


class EmptyState(QWidget):
    def __init__(self) -> None:
        super().__init__()
        title = QLabel("<h2>No profiles yet</h2>")
        text = WrappedLabel(
            "A profile says where your events go: a Pixel (dataset) ID, a Graph API version and "
            "an access token. The token is kept in your system keyring, never in a file.<br><br>"
            "Have a token? Create a profile and paste it. No Meta account at hand? Try everything "
            "against a local emulator first — nothing leaves this machine."
        )
        text.setMaximumWidth(520)
        self.new_button = QPushButton("New profile")
        self.new_button.setDefault(True)
        self.emulator_button = QPushButton("Try without a Meta account")
        buttons = QHBoxLayout()
        buttons.addWidget(self.new_button)
        buttons.addWidget(self.emulator_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 24, 24, 24)
        layout.addWidget(title)
        layout.addWidget(text)
        layout.addSpacing(12)
        layout.addLayout(buttons)
        layout.addStretch(1)
