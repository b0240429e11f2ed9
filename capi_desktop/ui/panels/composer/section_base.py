"""Shared behaviour of the Composer form sections: dirty tracking, labels, field focus."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from capi_desktop.ui.panels.composer.catalog import field_tooltip
from capi_desktop.ui.panels.composer.request_state import set_or_pop

RECOMMENDED_STYLE = "font-weight: 600; color: palette(link);"


class FormSection(QWidget):
    """A part of the event form that patches only the fields the user touched.

    `load(event)` fills the widgets and forgets edits; `apply(event)` writes back the touched
    fields only, so values the form cannot represent exactly (a millisecond timestamp, a number
    typed as a string) survive until the user edits that very field.
    """

    changed = Signal()
    catalog_section = ""  # field contract section (resources/field_contract.json), for tooltips

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._loading = False
        self._dirty: set[str] = set()
        self._labels: dict[str, QLabel] = {}
        self._label_text: dict[str, str] = {}
        self._fields: dict[str, QWidget] = {}

    # ----- building -----------------------------------------------------------------------
    def add_row(
        self, form: QFormLayout, key: str, label: str, widget: QWidget, tip: str = ""
    ) -> QWidget:
        caption = QLabel(label)
        caption.setBuddy(widget)
        described = field_tooltip(self.catalog_section, key) if self.catalog_section else ""
        tip = f"{described}<br>{tip}" if described and tip else (described or tip)
        if tip:
            caption.setToolTip(tip)
            widget.setToolTip(tip)
        form.addRow(caption, widget)
        self._labels[key] = caption
        self._label_text[key] = label
        self._fields[key] = widget
        return widget

    # ----- edits --------------------------------------------------------------------------
    def touch(self, key: str) -> None:
        if self._loading:
            return
        self._dirty.add(key)
        self.changed.emit()

    def toucher(self, key: str) -> Any:
        return lambda *_: self.touch(key)

    def begin_load(self) -> None:
        self._loading = True
        self._dirty.clear()

    def end_load(self) -> None:
        self._loading = False

    def patch(self, target: dict[str, Any], key: str, value: Any) -> None:
        if key in self._dirty:
            set_or_pop(target, key, value)

    # ----- recommended fields and focus ---------------------------------------------------
    def set_recommended(self, keys: Iterable[str], event_name: str) -> None:
        wanted = set(keys)
        for key, label in self._labels.items():
            if key in wanted:
                label.setText(f"{self._label_text[key]} ★")
                label.setStyleSheet(RECOMMENDED_STYLE)
                label.setToolTip(f"Recommended for {event_name}")
            else:
                label.setText(self._label_text[key])
                label.setStyleSheet("")
                label.setToolTip(self._fields[key].toolTip())

    def field_widget(self, key: str) -> QWidget | None:
        return self._fields.get(key)

    def focus_field(self, key: str) -> bool:
        widget = self._fields.get(key)
        if widget is None:
            return False
        widget.setFocus()
        return True
