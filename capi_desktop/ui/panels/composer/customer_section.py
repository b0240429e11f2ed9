"""Composer form: customer information table, default country, row details and variants."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.normalize import KEY_LABELS, KEY_ORDER
from capi_desktop.domain.request.customer_rows import UserRow, apply_rows_to_event
from capi_desktop.ui.panels.composer.code_combos import country_combo
from capi_desktop.ui.panels.composer.customer_details import RowDetails
from capi_desktop.ui.panels.composer.customer_model import (
    HASH_COL,
    INPUT_COL,
    KEY_COL,
    NORMALIZED_COL,
    STATUS_COL,
    CustomerModel,
)
from capi_desktop.ui.panels.composer.splitters import ProportionalSplitter
from capi_desktop.ui.widgets.single_shot import single_shot


class LiveDelegate(QStyledItemDelegate):
    """Commits every keystroke so the normalized value and hash follow the typing."""

    def createEditor(
        self,
        parent: QWidget,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> QWidget:
        editor = QLineEdit(parent)
        editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor


class CustomerTable(QTableView):
    """Tab / Shift+Tab go from one row's Input cell to the next row's (the other columns are
    read-only: typing there went nowhere); past the last row Tab leaves the table."""

    def moveCursor(
        self, cursorAction: QAbstractItemView.CursorAction, modifiers: Qt.KeyboardModifier
    ) -> QModelIndex:
        actions = QAbstractItemView.CursorAction
        if cursorAction not in (actions.MoveNext, actions.MovePrevious):
            return super().moveCursor(cursorAction, modifiers)
        step = 1 if cursorAction == actions.MoveNext else -1
        row = self.currentIndex().row() + step
        if not 0 <= row < self.model().rowCount():
            return QModelIndex()
        return self.model().index(row, INPUT_COL)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        hints = QAbstractItemDelegate.EndEditHint
        row = self.currentIndex().row()
        leaving = (hint == hints.EditNextItem and row == self.model().rowCount() - 1) or (
            hint == hints.EditPreviousItem and row == 0
        )
        super().closeEditor(editor, hints.NoHint if leaving else hint)
        if leaving:  # Tab past the last row (Shift+Tab before the first) moves on, like a form
            self.focusNextPrevChild(hint == hints.EditNextItem)


class CustomerSection(QWidget):
    """user_data as rows of raw input; the body gets the hashes (or clear-text keys as-is)."""

    changed = Signal()
    country_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = CustomerModel(self)
        self._dirty = False
        self._loading = False

        self.country = country_combo()
        self.country.setToolTip(
            "Default country for phone numbers without a country code, states, zips and dates"
        )
        self.country.code_changed.connect(self._country_picked)
        add_button = QToolButton()
        add_button.setText("Add value ▾")
        add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        add_button.setToolTip("Add another email/phone/... or a less common key")
        self._add_menu = QMenu(add_button)
        for key in KEY_ORDER:
            action = QAction(f"{key} — {KEY_LABELS.get(key, key)}", self._add_menu)
            action.triggered.connect(lambda _=False, k=key: self.add_value(k))
            self._add_menu.addAction(action)
        add_button.setMenu(self._add_menu)
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Remove the selected value (Delete)")
        self.remove_button.clicked.connect(self.remove_selected)

        top = QHBoxLayout()
        top.addWidget(QLabel("Default country:"))
        top.addWidget(self.country, 1)
        top.addWidget(add_button)
        top.addWidget(self.remove_button)

        self.table = CustomerTable()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers
            & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(24)
        header = self.table.horizontalHeader()
        for column in (INPUT_COL, NORMALIZED_COL, HASH_COL):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(KEY_COL, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(STATUS_COL, QHeaderView.ResizeMode.Fixed)
        header.resizeSection(KEY_COL, 86)
        header.resizeSection(STATUS_COL, 28)
        header.setMinimumSectionSize(24)
        self.table.setWordWrap(False)
        self.table.setItemDelegateForColumn(INPUT_COL, LiveDelegate(self.table))
        remove = QShortcut(QKeySequence(QKeySequence.StandardKey.Delete), self.table)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)  # not while a cell is being edited
        remove.activated.connect(self.remove_selected)

        self.details = RowDetails()
        splitter = ProportionalSplitter((0.55, 0.45), vertical=True)
        splitter.addWidget(self.table)
        splitter.addWidget(self.details)

        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(splitter, 1)

        self.model.rows_edited.connect(self._rows_edited)
        # Details (variants of six implementations) follow the typing at a gentler pace.
        self._details_timer = single_shot(self, 120, self._refresh_details)
        self.model.dataChanged.connect(self._details_timer.start)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._refresh_details)

    # ----- load / apply -------------------------------------------------------------------
    def load_rows(self, rows: list[UserRow], *, dirty: bool = True) -> None:
        """Raw rows from a draft: they rebuild user_data on the next apply."""
        self.model.set_rows(rows)
        self._dirty = dirty
        self._refresh_details()

    def apply(self, event: dict[str, Any]) -> None:
        """Write the typed rows' user_data into `event`, once the user edited rows."""
        if self._dirty:
            apply_rows_to_event(event, self.model.rows(), self.model.country)

    def rows(self) -> list[UserRow]:
        return [row for row in self.model.rows() if row.raw.strip()]

    def default_country(self) -> str:
        return self.model.country

    def set_default_country(self, code: str) -> None:
        self.country.set_code(code)
        self.model.set_country(self.country.code())
        self._refresh_details()

    # ----- editing ------------------------------------------------------------------------
    def set_value(self, key: str, raw: str, occurrence: int = 0) -> int:
        """Type `raw` into the `occurrence`-th row of `key` (adding rows as needed)."""
        matches = [i for i, r in enumerate(self.model.rows()) if r.key == key]
        while len(matches) <= occurrence:
            self.model.add_row(key)
            matches = [i for i, r in enumerate(self.model.rows()) if r.key == key]
        row = matches[occurrence]
        self.model.set_raw(row, raw)
        return row

    def add_value(self, key: str) -> None:
        row = self.model.add_row(key)
        self.focus_row(row, edit=True)

    def remove_selected(self) -> None:
        row = self.table.currentIndex().row()
        if row >= 0:
            self.model.remove_row(row)

    def focus_key(self, key: str, occurrence: int = 0) -> bool:
        row = self.model.row_of(key, occurrence)
        if row < 0:
            return False
        self.focus_row(row, edit=False)
        return True

    def focus_row(self, row: int, *, edit: bool) -> None:
        index = self.model.index(row, INPUT_COL)
        self.table.selectionModel().setCurrentIndex(
            index,
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )
        self.table.scrollTo(index)
        self.table.setFocus()
        if edit:
            self.table.edit(index)

    def current_row(self) -> int:
        return self.table.currentIndex().row()

    # ----- reactions ----------------------------------------------------------------------
    def _rows_edited(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.changed.emit()

    def _country_picked(self, code: str) -> None:
        self.model.set_country(code)
        self._refresh_details()
        self.country_changed.emit(code)
        if any(row.raw.strip() for row in self.model.rows()):
            self._dirty = True  # hashes of phones/states/zips may change
        self.changed.emit()

    def _refresh_details(self, *_: object) -> None:
        row = self.table.currentIndex().row()
        if row < 0 or row >= self.model.rowCount():
            self.details.show_row(None, None, "")
            return
        self.details.show_row(self.model.row_at(row), self.model.result(row), self.model.country)
