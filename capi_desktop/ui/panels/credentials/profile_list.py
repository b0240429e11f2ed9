"""The profiles list with its New / Duplicate / Rename / Delete and emulator buttons."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.profile import Profile
from capi_desktop.ui.panels.credentials.profile_form import is_emulator_url

ID_ROLE = Qt.ItemDataRole.UserRole


class ProfileList(QWidget):
    """Emits `selected(profile_id)` when the user picks another row."""

    selected = Signal(str)

    def __init__(self) -> None:
        super().__init__()
        self.list = QListWidget()
        self.list.setObjectName("profile_list")
        self.list.setAlternatingRowColors(True)
        self.list.setSpacing(1)
        self.list.setWordWrap(True)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.currentItemChanged.connect(self._current_changed)
        self.new_button = QPushButton("New")
        self.new_button.setToolTip("Add a profile (Ctrl+N)")
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setToolTip("Copy this profile, token included")
        self.rename_button = QPushButton("Rename…")
        self.rename_button.setToolTip("Rename this profile (F2)")
        self.delete_button = QPushButton("Delete…")
        self.delete_button.setToolTip("Delete this profile and its token (asks first)")
        self.emulator_button = QPushButton("Try without a Meta account")
        self.emulator_button.setToolTip(
            "Start a local Graph API emulator and a profile that talks to it; nothing leaves "
            "this machine"
        )
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.new_button, 0, 0)
        grid.addWidget(self.duplicate_button, 0, 1)
        grid.addWidget(self.rename_button, 1, 0)
        grid.addWidget(self.delete_button, 1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.list, 1)
        layout.addLayout(grid)
        layout.addWidget(self.emulator_button)

    def fill(self, profiles: list[Profile], select: str | None) -> None:
        """Refill without emitting `selected`."""
        self.list.blockSignals(True)
        self.list.clear()
        for profile in profiles:
            where = "Local emulator — not Meta" if is_emulator_url(profile.graph_url) else "Meta"
            item = QListWidgetItem(f"{profile.name}\nPixel {profile.pixel_id} · {where}")
            item.setData(ID_ROLE, profile.id)
            item.setToolTip(profile.notes or profile.name)
            self.list.addItem(item)
        self.list.blockSignals(False)
        self.select(select)

    def select(self, profile_id: str | None) -> None:
        self.list.blockSignals(True)
        row = next(
            (i for i in range(self.list.count()) if self.list.item(i).data(ID_ROLE) == profile_id),
            -1,
        )
        self.list.setCurrentRow(row)
        if row < 0:
            self.list.clearSelection()
        self.list.blockSignals(False)
        self.set_has_selection(row >= 0)

    def set_has_selection(self, has: bool) -> None:
        for button in (self.duplicate_button, self.rename_button, self.delete_button):
            button.setEnabled(has)

    def ids(self) -> list[str]:
        return [str(self.list.item(i).data(ID_ROLE)) for i in range(self.list.count())]

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.selected.emit(str(current.data(ID_ROLE)))
