"""The profiles list with its New / Duplicate / Rename / Delete and emulator buttons."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Signal
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPixmap
from PySide6.QtWidgets import (
    QGridLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.profile import Profile
from capi_desktop.ui.panels.credentials.controllers.emulator import is_emulator_url
from capi_desktop.ui.qt_keys import USER_ROLE, set_keys, solid_brush
from capi_desktop.ui.theme import SEVERITY_COLORS

ID_ROLE = USER_ROLE
TIP_ROLE = USER_ROLE + 1
_STATUS_TIPS = {True: "Last Verify passed", False: "Last Verify failed"}


def _dot(color: str) -> QIcon:
    """A status dot. Filled as a path: QPainter.setBrush/setPen would build PySide's Qt
    namespace while the list is first made (ui/qt_keys); same pixels as brush + NoPen."""
    pixmap = QPixmap(12, 12)
    pixmap.fill(QColor(0, 0, 0, 0))  # transparent
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    circle = QPainterPath()
    circle.addEllipse(QRectF(1, 1, 10, 10))
    painter.fillPath(circle, solid_brush(QColor(color)))
    painter.end()
    return QIcon(pixmap)


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
        set_keys(self.list, "textElideMode", "ElideRight")
        set_keys(self.list, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
        self.list.currentItemChanged.connect(self._current_changed)
        self._status: dict[str, bool] = {}  # last Verify outcome per profile (this session)
        self._icons = {
            True: _dot(SEVERITY_COLORS["ok"]),
            False: _dot(SEVERITY_COLORS["error"]),
            None: _dot("#00000000"),  # keeps names aligned before the first Verify
        }
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
            item.setData(TIP_ROLE, profile.notes or profile.name)
            self.list.addItem(item)
            self._apply_status(item)
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

    def set_status(self, profile_id: str, ok: bool | None) -> None:
        """Mark a profile's last Verify outcome (None: unknown) with a coloured dot."""
        if ok is None:
            self._status.pop(profile_id, None)
        else:
            self._status[profile_id] = ok
        for row in range(self.list.count()):
            if self.list.item(row).data(ID_ROLE) == profile_id:
                self._apply_status(self.list.item(row))

    def status(self, profile_id: str) -> bool | None:
        return self._status.get(profile_id)

    def _apply_status(self, item: QListWidgetItem) -> None:
        ok = self._status.get(str(item.data(ID_ROLE)))
        item.setIcon(self._icons[ok])
        base = str(item.data(TIP_ROLE) or "")
        item.setToolTip(f"{_STATUS_TIPS[ok]}. {base}" if ok is not None else base)

    def ids(self) -> list[str]:
        return [str(self.list.item(i).data(ID_ROLE)) for i in range(self.list.count())]

    def _current_changed(self, current: QListWidgetItem | None, _previous: object) -> None:
        if current is not None:
            self.selected.emit(str(current.data(ID_ROLE)))
