"""Composer form: custom_data (value, currency, contents table, ids, free keys)."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.ui.panels.composer.code_combos import currency_combo
from capi_desktop.ui.panels.composer.contract_marks import mark_field
from capi_desktop.ui.panels.composer.request_state import number_from_text, text_from_value
from capi_desktop.ui.panels.composer.section_base import FormSection

TEXT_FIELDS = (
    ("content_name", "Content name", ""),
    ("content_category", "Content category", ""),
    ("order_id", "Order ID", "your transaction ID"),
    ("search_string", "Search string", "for Search events"),
    ("status", "Status", "for CompleteRegistration"),
)
NUMBER_FIELDS = (("value", "Value", "12.50"), ("num_items", "Number of items", "for checkouts"))
STANDARD_KEYS = frozenset(
    {"value", "currency", "contents", "content_ids", "content_type"}
    | {key for key, _, _ in TEXT_FIELDS + NUMBER_FIELDS}
)
CONTENT_COLUMNS = ("id", "quantity", "item_price")


def free_text(value: Any) -> str:
    """How a free key's value is shown: strings as typed unless they would read as JSON."""
    if isinstance(value, str):
        try:
            json.loads(value)
        except ValueError:
            return value
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(value, ensure_ascii=False)


def free_value(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return text


def _table(columns: tuple[str, ...]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(list(columns))
    table.verticalHeader().hide()
    table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
    table.setMinimumHeight(110)
    return table


def _table_with_buttons(table: QTableWidget, add_label: str) -> tuple[QWidget, QPushButton]:
    holder = QWidget()
    layout = QVBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    layout.addWidget(table)
    row = QHBoxLayout()
    add = QPushButton(add_label)
    remove = QPushButton("Remove row")
    remove.clicked.connect(lambda: table.removeRow(table.currentRow()))
    row.addWidget(add)
    row.addWidget(remove)
    row.addStretch(1)
    layout.addLayout(row)
    return holder, add


class CustomDataSection(FormSection):
    """custom_data; standard keys get widgets, every other key lives in the free-keys table."""

    catalog_section = "custom_data"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.lines: dict[str, QLineEdit] = {}
        for key, label, hint in NUMBER_FIELDS[:1]:
            self._line(form, key, label, hint)
        self.currency = currency_combo()
        self.currency.code_changed.connect(self.toucher("currency"))
        self.add_row(form, "currency", "Currency", self.currency, "ISO 4217 code, e.g. USD")

        self.contents = _table(CONTENT_COLUMNS)
        self.contents.itemChanged.connect(self.toucher("contents"))
        self.contents.model().rowsRemoved.connect(self.toucher("contents"))
        holder, add = _table_with_buttons(self.contents, "Add item")
        add.clicked.connect(lambda: self.add_content())
        self.add_row(form, "contents", "Contents", holder, "Products: id, quantity, item_price")
        self._fields["contents"] = self.contents

        self.content_ids = self._line(form, "content_ids", "Content IDs", "SKU-1, SKU-2")
        self.content_type = QComboBox()
        self.content_type.setEditable(True)
        self.content_type.addItems(["", "product", "product_group"])
        self.content_type.editTextChanged.connect(self.toucher("content_type"))
        self.add_row(form, "content_type", "Content type", self.content_type)
        for key, label, hint in TEXT_FIELDS + NUMBER_FIELDS[1:]:
            self._line(form, key, label, hint)

        self.free = _table(("key", "value (JSON or text)"))
        self.free.itemChanged.connect(self.toucher("__free__"))
        self.free.model().rowsRemoved.connect(self.toucher("__free__"))
        holder, add = _table_with_buttons(self.free, "Add key")
        add.clicked.connect(lambda: self._add_free_row("", ""))
        self.add_row(form, "__free__", "Other keys", holder, "Any other custom_data key")

    def _line(self, form: QFormLayout, key: str, label: str, hint: str) -> QLineEdit:
        line = QLineEdit()
        line.setPlaceholderText(hint)
        line.textEdited.connect(self.toucher(key))
        self.lines[key] = line
        self.add_row(form, key, label, line)
        return line

    # ----- load / apply -------------------------------------------------------------------
    def load(self, event: dict[str, Any]) -> None:
        data = event.get("custom_data")
        data = data if isinstance(data, dict) else {}
        self.begin_load()
        try:
            for key, line in self.lines.items():
                value = data.get(key)
                if key == "content_ids" and isinstance(value, list):
                    line.setText(", ".join(text_from_value(v) for v in value))
                else:
                    line.setText(text_from_value(value))
            self.currency.set_code(str(data.get("currency") or ""))
            self.content_type.setEditText(str(data.get("content_type") or ""))
            self.contents.setRowCount(0)
            contents = data.get("contents")
            for item in contents if isinstance(contents, list) else []:
                self.add_content(item if isinstance(item, dict) else {"id": item})
            self.free.setRowCount(0)
            for key, value in data.items():
                if key not in STANDARD_KEYS:
                    self._add_free_row(key, free_text(value))
        finally:
            self.end_load()

    def apply(self, event: dict[str, Any]) -> None:
        if not self._dirty:
            return
        existing = event.get("custom_data")
        data: dict[str, Any] = dict(existing) if isinstance(existing, dict) else {}
        for key, _, _ in NUMBER_FIELDS:
            self.patch(data, key, number_from_text(self.lines[key].text()))
        for key, _, _ in TEXT_FIELDS:
            self.patch(data, key, self.lines[key].text().strip())
        ids = [part.strip() for part in self.lines["content_ids"].text().split(",")]
        self.patch(data, "content_ids", [part for part in ids if part])
        self.patch(data, "currency", self.currency.code())
        self.patch(data, "content_type", self.content_type.currentText().strip())
        if "contents" in self._dirty:
            self.patch(data, "contents", self._contents_value())
        if "__free__" in self._dirty:
            for key in [k for k in data if k not in STANDARD_KEYS]:
                del data[key]
            for row in range(self.free.rowCount()):
                key = self._cell(self.free, row, 0).strip()
                if key and key not in STANDARD_KEYS:
                    data[key] = free_value(self._cell(self.free, row, 1))
        if data:
            event["custom_data"] = data
        else:
            event.pop("custom_data", None)
        for key, line in self.lines.items():  # inline: the same contract lint reads
            mark_field(line, f"data[].custom_data.{key}", data.get(key))

    # ----- tables -------------------------------------------------------------------------
    def add_content(self, item: dict[str, Any] | None = None) -> int:
        item = item or {}
        row = self.contents.rowCount()
        was_loading, self._loading = self._loading, True
        try:
            self.contents.insertRow(row)
            for column, key in enumerate(CONTENT_COLUMNS):
                cell = QTableWidgetItem(text_from_value(item.get(key)))
                if column == 0:
                    cell.setData(Qt.ItemDataRole.UserRole, item)  # keeps keys we do not show
                self.contents.setItem(row, column, cell)
        finally:
            self._loading = was_loading
        self.touch("contents")
        return row

    def _contents_value(self) -> list[dict[str, Any]]:
        result = []
        for row in range(self.contents.rowCount()):
            first = self.contents.item(row, 0)
            original = first.data(Qt.ItemDataRole.UserRole) if first is not None else None
            item = dict(original) if isinstance(original, dict) else {}
            texts = [self._cell(self.contents, row, c) for c in range(len(CONTENT_COLUMNS))]
            if not any(t.strip() for t in texts) and not item:
                continue
            item_id, quantity, price = texts
            for key, value in (
                ("id", item_id.strip()),
                ("quantity", number_from_text(quantity)),
                ("item_price", number_from_text(price)),
            ):
                if value in ("", None):
                    item.pop(key, None)
                else:
                    item[key] = value
            result.append(item)
        return result

    def _add_free_row(self, key: str, value: str) -> None:
        was_loading, self._loading = self._loading, True
        try:
            row = self.free.rowCount()
            self.free.insertRow(row)
            self.free.setItem(row, 0, QTableWidgetItem(key))
            self.free.setItem(row, 1, QTableWidgetItem(value))
        finally:
            self._loading = was_loading

    @staticmethod
    def _cell(table: QTableWidget, row: int, column: int) -> str:
        item = table.item(row, column)
        return item.text() if item is not None else ""

    def focus_content(self, row: int, key: str) -> bool:
        if not 0 <= row < self.contents.rowCount():
            return False
        column = CONTENT_COLUMNS.index(key) if key in CONTENT_COLUMNS else 0
        self.contents.setCurrentCell(row, column)
        self.contents.setFocus()
        return True

    def focus_field(self, key: str) -> bool:
        if key in STANDARD_KEYS or key == "__free__":
            return super().focus_field(key)
        for row in range(self.free.rowCount()):
            if self._cell(self.free, row, 0) == key:
                self.free.setCurrentCell(row, 1)
                self.free.setFocus()
                return True
        return False
