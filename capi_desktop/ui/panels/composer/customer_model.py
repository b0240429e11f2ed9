"""Table model of customer information: one row per typed value, normalized and hashed live."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QFont

from capi_desktop.domain.normalize import KEY_LABELS, FieldResult
from capi_desktop.domain.request.customer_rows import (
    STANDARD_ROWS,
    UserRow,
    normalized,
    output_for,
    row_order,
    with_standard_rows,
)
from capi_desktop.ui.panels.composer.catalog import field_tooltip
from capi_desktop.ui.panels.composer.icons import STATUS_LOOK, status_icon

COLUMNS = ("Key", "Input (raw)", "Normalized", "Sent (SHA-256)", "")
KEY_COL, INPUT_COL, NORMALIZED_COL, HASH_COL, STATUS_COL = range(5)
_Index = QModelIndex | QPersistentModelIndex


def status_text(status: str, *, long: bool = False) -> str:
    look = STATUS_LOOK.get(status)
    return (look[3] if long else look[2]) if look else status


def tooltip_for(result: FieldResult) -> str:
    lines = [f"<b>{result.key}</b>: {status_text(result.status, long=True)}"]
    if result.steps:
        lines.append("<br><b>Steps</b><br>" + "<br>".join(f"• {s}" for s in result.steps))
    if result.warnings:
        lines.append(
            "<br><b>Warnings</b><br>" + "<br>".join(f"⚠ {w.message}" for w in result.warnings)
        )
    return "".join(lines)


class CustomerModel(QAbstractTableModel):
    """Rows of (key, raw input); normalized value, hash and status are derived and cached."""

    rows_edited = Signal()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[UserRow] = with_standard_rows([])
        self._country = ""
        self._mono = QFont("monospace")
        self._mono.setStyleHint(QFont.StyleHint.Monospace)

    # ----- data access --------------------------------------------------------------------
    @property
    def country(self) -> str:
        return self._country

    def set_country(self, country: str) -> None:
        self._country = country.upper()
        if self._rows:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._rows) - 1, STATUS_COL))

    def rows(self) -> list[UserRow]:
        return [UserRow(r.key, r.raw) for r in self._rows]

    def set_rows(self, rows: Iterable[UserRow]) -> None:
        self.beginResetModel()
        self._rows = with_standard_rows(UserRow(r.key, r.raw) for r in rows)
        self.endResetModel()

    def row_at(self, row: int) -> UserRow:
        return self._rows[row]

    def result(self, row: int) -> FieldResult | None:
        item = self._rows[row]
        if not item.raw.strip():
            return None
        return normalized(item.key, item.raw, self._country)

    def row_of(self, key: str, occurrence: int = 0) -> int:
        """Row number of the `occurrence`-th row for `key` (counting only filled rows first)."""
        matches = [i for i, r in enumerate(self._rows) if r.key == key]
        filled = [i for i in matches if self._rows[i].raw.strip()]
        ordered = filled + [i for i in matches if i not in filled]
        return ordered[occurrence] if occurrence < len(ordered) else (ordered[0] if ordered else -1)

    def set_raw(self, row: int, raw: str) -> None:
        self.setData(self.index(row, INPUT_COL), raw)

    def add_row(self, key: str, raw: str = "") -> int:
        """A new row for `key`, placed after the key's existing rows."""
        same = [i for i, r in enumerate(self._rows) if r.key == key]
        if same and not self._rows[same[-1]].raw.strip() and not raw:
            return same[-1]  # reuse the empty row
        if same:
            position = same[-1] + 1
        else:
            position = next(
                (i for i, r in enumerate(self._rows) if row_order(r.key) > row_order(key)),
                len(self._rows),
            )
        self.beginInsertRows(QModelIndex(), position, position)
        self._rows.insert(position, UserRow(key, raw))
        self.endInsertRows()
        if raw:
            self.rows_edited.emit()
        return position

    def remove_row(self, row: int) -> None:
        if not 0 <= row < len(self._rows):
            return
        key = self._rows[row].key
        if key in STANDARD_ROWS and sum(r.key == key for r in self._rows) == 1:
            self.set_raw(row, "")  # the standard row stays, just emptied
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._rows[row]
        self.endRemoveRows()
        self.rows_edited.emit()

    # ----- Qt model -----------------------------------------------------------------------
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = 0) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return COLUMNS[section]
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.column() == INPUT_COL:
            base |= Qt.ItemFlag.ItemIsEditable
        return base

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != INPUT_COL:
            return False
        text = "" if value is None else str(value)
        row = self._rows[index.row()]
        if row.raw == text:
            return True
        row.raw = text
        self.dataChanged.emit(self.index(index.row(), 0), self.index(index.row(), STATUS_COL))
        self.rows_edited.emit()
        return True

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, column = self._rows[index.row()], index.column()
        result = self.result(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return self._text(row, result, column, role)
        if role == Qt.ItemDataRole.DecorationRole and column == STATUS_COL:
            return status_icon(result.status if result else "empty")
        if role == Qt.ItemDataRole.AccessibleTextRole and column == STATUS_COL:
            return status_text(result.status) if result else "empty"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == KEY_COL:
                label = KEY_LABELS.get(row.key, "not a Meta user_data key")
                return field_tooltip("user_data", row.key) or label
            return tooltip_for(result) if result else "Type a value to see it normalized"
        if role == Qt.ItemDataRole.FontRole and column in (NORMALIZED_COL, HASH_COL):
            return self._mono
        if role == Qt.ItemDataRole.ForegroundRole and column == KEY_COL and not row.raw.strip():
            return QColor("#8a8f98")
        return None

    @staticmethod
    def _text(row: UserRow, result: FieldResult | None, column: int, role: int) -> str:
        if column == KEY_COL:
            return row.key
        if column == INPUT_COL:
            return row.raw
        if result is None:
            return ""
        if column == NORMALIZED_COL:
            return result.normalized or ""
        if column == HASH_COL:
            return output_for(result) or ""  # the view elides the middle
        return ""  # Status: the icon says it; the tooltip and the details pane spell it out
