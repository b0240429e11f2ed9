"""The "Event 2 of 3: Purchase" picker, shown when the request holds several events."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QComboBox, QWidget


def picker_label(events: list[Any], index: int) -> str:
    event = events[index] if index < len(events) else None
    name = event.get("event_name", "?") if isinstance(event, dict) else "not an object"
    return f"Event {index + 1} of {len(events)}: {name}"


class EventPicker(QComboBox):
    """Lists the request's events; hidden while there is only one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setToolTip("This request holds several events: pick the one to edit")

    def show_events(self, events: list[Any], current: int) -> None:
        self.setVisible(len(events) > 1)
        self.clear()
        for index in range(len(events)):
            self.addItem(picker_label(events, index))
        self.setCurrentIndex(current)

    def refresh_label(self, events: list[Any], index: int, owner: QWidget) -> None:
        """Keep the current event's label current while its name is typed."""
        if self.isVisibleTo(owner):
            self.setItemText(index, picker_label(events, index))
