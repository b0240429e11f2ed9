"""The Composer's per-kind fields (app data and extinfo, messaging channel, CRM lead source).

Which group shows, the summary line and what "no longer applies" all come from
domain.event_kinds. Hidden groups keep what the user typed, so switching the action source back
and forth loses nothing; fields of another kind stay in the request until the user removes them.
A group is built on first need (kind_groups): a website event, the default, builds none.
"""

from __future__ import annotations

from typing import Any, TypeVar

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from capi_desktop.domain.event_kinds import kind_of
from capi_desktop.domain.event_kinds.fit import describe, stale_fields
from capi_desktop.ui.panels.composer.kind_groups import (
    GROUPS,
    AppDataGroup,
    KindGroup,
    MessagingGroup,
    set_path,
)
from capi_desktop.ui.panels.composer.section_base import FormSection
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.wrapped_label import WrappedLabel

G = TypeVar("G", bound=KindGroup)


class KindSection(FormSection):
    """Fields that only some kinds of event have; `apply` writes only what the user edited.

    Each kind's group (kind_groups) is built when first needed: its kind is shown, an event
    with its values is loaded, or its widgets are read (`group`)."""

    catalog_section = "server_event"
    reload_requested = Signal()  # fields were removed from the body: the form must reload

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self.summary = WrappedLabel()
        self.summary.setObjectName("kind_summary")
        self._layout.addWidget(self.summary)

        stale_row = QHBoxLayout()
        self.stale_label = WrappedLabel()
        self.remove_stale = QPushButton("Remove them")
        self.remove_stale.setToolTip("Remove the fields that belong to another kind of event")
        self.remove_stale.clicked.connect(self._remove_stale)
        stale_row.addWidget(self.stale_label, 1)
        stale_row.addWidget(self.remove_stale)
        self._layout.addLayout(stale_row)
        self._groups_at = self._layout.count()  # the groups follow, in GROUPS order
        self._groups: dict[type[KindGroup], KindGroup] = {}
        self._kind = ""
        self._stale: list[str] = []
        self.show_kind({})  # fmt: skip

    # ----- the groups, built on first need ------------------------------------------------
    def group(self, cls: type[G]) -> G:
        """The group's fields, built now (empty, in their place in the form) if not yet."""
        group = self._groups.get(cls)
        if group is None:
            group = cls(self)
            before = sum(1 for other in GROUPS[: GROUPS.index(cls)] if other in self._groups)
            self._layout.insertWidget(self._groups_at + before, group)
            group.setVisible(self._kind in cls.kinds)
            self._groups[cls] = group
            from capi_desktop.ui.focus_order import apply_layout_tab_order  # ~1 ms: on need

            apply_layout_tab_order(self)  # Tab reaches them where they are laid out
        assert isinstance(group, cls)
        return group

    def _built(self) -> list[KindGroup]:
        return [self._groups[cls] for cls in GROUPS if cls in self._groups]

    def _shown(self, cls: type[KindGroup]) -> bool:
        group = self._groups.get(cls)
        return group is not None and not group.isHidden()

    # ----- load / apply -------------------------------------------------------------------
    def load(self, event: dict[str, Any]) -> None:
        self.begin_load()
        try:
            for cls in GROUPS:
                if cls in self._groups or cls.holds(event):  # an unbuilt group stays empty
                    self.group(cls).load(event)
        finally:
            self.end_load()
        self.show_kind(event)

    def apply(self, event: dict[str, Any]) -> None:
        for group in self._built():  # an unbuilt group has no edits
            group.apply(event, self._dirty)
        if "__stale__" in self._dirty:
            for path in self._stale:
                set_path(event, path, None)
            self._dirty.discard("__stale__")

    # ----- kind ---------------------------------------------------------------------------
    def show_kind(self, event: dict[str, Any]) -> None:
        """Show the groups of the event's kind and flag fields of other kinds."""
        kind = kind_of(event) if isinstance(event, dict) else None
        key = kind.key if kind else ""
        self.summary.setText(f"<b>Kind: {kind.label if kind else 'not set'}</b> — {describe(kind)}")
        self._kind = key
        for cls in GROUPS:
            if key in cls.kinds:
                self.group(cls).setVisible(True)
            elif cls in self._groups:
                self._groups[cls].setVisible(False)
        self._stale = stale_fields(event) if isinstance(event, dict) else []
        if self._stale:
            color = SEVERITY_COLORS["warning"]
            self.stale_label.setText(
                f"<span style='color:{color}'>No longer applies to a {kind.label if kind else ''}"
                f" event: {', '.join(self._stale)} (kept in the request until you remove it).</span>"
            )
        self.stale_label.setVisible(bool(self._stale))
        self.remove_stale.setVisible(bool(self._stale))

    def focus_path(self, rest: list[Any]) -> bool:
        """Focus the widget for a path inside the event (`app_data.extinfo[9]`, …)."""
        head = rest[0] if rest else None
        widget: QWidget | None = None
        if head == "app_data" and self._shown(AppDataGroup):
            widget = self.group(AppDataGroup).widget_for(rest[1:])
        elif head == "messaging_channel" and self._shown(MessagingGroup):
            widget = self.group(MessagingGroup).channel
        if widget is None:
            return False
        widget.setFocus()
        area = self.parentWidget()
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if isinstance(area, QScrollArea):
            area.ensureWidgetVisible(widget)
        return True

    def stale(self) -> list[str]:
        return list(self._stale)

    def _remove_stale(self) -> None:
        self.touch("__stale__")
        self.reload_requested.emit()
