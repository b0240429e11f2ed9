"""The Composer's per-kind fields (app data and extinfo, messaging channel, CRM lead source).

Which group shows, the summary line and what "no longer applies" all come from
domain.event_kinds. Hidden groups keep what the user typed, so switching the action source back
and forth loses nothing; fields of another kind stay in the request until the user removes them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.event_kinds import MESSAGING_CHANNELS, kind_of
from capi_desktop.domain.event_kinds import extinfo as ext
from capi_desktop.domain.event_kinds.fit import describe, stale_fields
from capi_desktop.ui.panels.composer.section_base import FormSection
from capi_desktop.ui.theme import SEVERITY_COLORS

FLAG_CHOICES = (("(not set)", None), ("1 — enabled", 1), ("0 — disabled", 0))
EXTINFO = "app_data.extinfo"


def _flag_combo() -> QComboBox:
    combo = QComboBox()
    for label, value in FLAG_CHOICES:
        combo.addItem(label, value)
    return combo


def _hint(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)  # never widen the form past a small window
    return label


def _get(event: dict[str, Any], path: str) -> Any:
    node: Any = event
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def _set(event: dict[str, Any], path: str, value: Any) -> None:
    """Write a dotted path; an empty value removes the key (and an emptied parent object)."""
    head, _, last = path.rpartition(".")
    parent = event.get(head) if head else event
    if value in (None, "", []):
        if isinstance(parent, dict):
            parent.pop(last, None)
            if head and not parent:
                event.pop(head, None)
        return
    if not isinstance(parent, dict):
        parent = event[head] = {}
    parent[last] = value


def _remove(event: dict[str, Any], path: str) -> None:
    _set(event, path, None)


class KindSection(FormSection):
    """Fields that only some kinds of event have; `apply` writes only what the user edited."""

    catalog_section = "server_event"
    reload_requested = Signal()  # fields were removed from the body: the form must reload

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setObjectName("kind_summary")
        layout.addWidget(self.summary)

        stale_row = QHBoxLayout()
        self.stale_label = QLabel()
        self.stale_label.setWordWrap(True)
        self.remove_stale = QPushButton("Remove them")
        self.remove_stale.setToolTip("Remove the fields that belong to another kind of event")
        self.remove_stale.clicked.connect(self._remove_stale)
        stale_row.addWidget(self.stale_label, 1)
        stale_row.addWidget(self.remove_stale)
        layout.addLayout(stale_row)
        self._stale: list[str] = []

        self.app_box = QGroupBox("App data (action_source app)")
        app_form = QFormLayout(self.app_box)
        self.att = _flag_combo()
        self.att.activated.connect(self.toucher("app_data.advertiser_tracking_enabled"))
        self.add_row(
            app_form,
            "app_data.advertiser_tracking_enabled",
            "ATT allowed",
            self.att,
            "advertiser_tracking_enabled: the iOS 14.5+ App Tracking Transparency choice",
        )
        self.app_tracking = _flag_combo()
        self.app_tracking.activated.connect(self.toucher("app_data.application_tracking_enabled"))
        self.add_row(
            app_form,
            "app_data.application_tracking_enabled",
            "App ad tracking",
            self.app_tracking,
            "application_tracking_enabled: the in-app opt-out setting",
        )
        self.slots: list[QLineEdit] = []
        for slot in ext.SLOTS:
            line = QLineEdit()
            line.setPlaceholderText(f"e.g. {slot.example}")
            line.textEdited.connect(self.toucher(EXTINFO))
            app_form.addRow(f"extinfo[{slot.index}] {slot.name}", line)
            self.slots.append(line)
        self._fields[EXTINFO] = self.slots[0]
        layout.addWidget(self.app_box)

        self.messaging_box = QGroupBox("Business messaging")
        messaging_form = QFormLayout(self.messaging_box)
        self.channel = QComboBox()
        # The long item texts must not set the form's minimum width (small windows).
        self.channel.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.channel.setMinimumContentsLength(14)
        self.channel.addItem("(not set)", None)
        for channel, keys in MESSAGING_CHANNELS.items():
            self.channel.addItem(f"{channel} — needs {' + '.join(keys)}", channel)
        self.channel.activated.connect(self.toucher("messaging_channel"))
        self.add_row(messaging_form, "messaging_channel", "Channel", self.channel)
        self.waba = QLineEdit()
        self.waba.setPlaceholderText("WhatsApp Business Account ID (not hashed)")
        self.waba.textEdited.connect(self.toucher("user_data.whatsapp_business_account_id"))
        self.add_row(messaging_form, "user_data.whatsapp_business_account_id", "WABA ID", self.waba)
        messaging_form.addRow(
            "",
            _hint(
                "Click and user IDs (ctwa_clid, PSID, IGSID): Customer "
                "information tab, never hashed."
            ),
        )
        layout.addWidget(self.messaging_box)

        self.crm_box = QGroupBox("CRM / Conversion Leads")
        crm_form = QFormLayout(self.crm_box)
        self.event_source = QLineEdit()
        self.event_source.setPlaceholderText("crm")
        self.event_source.textEdited.connect(self.toucher("custom_data.event_source"))
        self.add_row(crm_form, "custom_data.event_source", "Event source", self.event_source)
        self.lead_source = QLineEdit()
        self.lead_source.setPlaceholderText("the CRM's name, e.g. HubSpot")
        self.lead_source.textEdited.connect(self.toucher("custom_data.lead_event_source"))
        self.add_row(
            crm_form, "custom_data.lead_event_source", "Lead event source", self.lead_source
        )
        crm_form.addRow("", _hint("lead_id (15–17 digits, not hashed): Customer information tab."))
        layout.addWidget(self.crm_box)
        self.show_kind({})  # fmt: skip

    # ----- load / apply -------------------------------------------------------------------
    def load(self, event: dict[str, Any]) -> None:
        self.begin_load()
        try:
            for combo, path in (
                (self.att, "app_data.advertiser_tracking_enabled"),
                (self.app_tracking, "app_data.application_tracking_enabled"),
                (self.channel, "messaging_channel"),
            ):
                value = _get(event, path)
                index = combo.findData(int(value) if isinstance(value, bool) else value)
                combo.setCurrentIndex(max(index, 0))
            slots = _get(event, EXTINFO)
            values = slots if isinstance(slots, list) else []
            for i, line in enumerate(self.slots):
                line.setText(str(values[i]) if i < len(values) and values[i] is not None else "")
            for line, path in (
                (self.waba, "user_data.whatsapp_business_account_id"),
                (self.event_source, "custom_data.event_source"),
                (self.lead_source, "custom_data.lead_event_source"),
            ):
                value = _get(event, path)
                line.setText("" if value is None else str(value))
        finally:
            self.end_load()
        self.show_kind(event)

    def apply(self, event: dict[str, Any]) -> None:
        for combo, path in (
            (self.att, "app_data.advertiser_tracking_enabled"),
            (self.app_tracking, "app_data.application_tracking_enabled"),
            (self.channel, "messaging_channel"),
        ):
            if path in self._dirty:
                _set(event, path, combo.currentData())
        if EXTINFO in self._dirty:
            values = [line.text() for line in self.slots]
            _set(event, EXTINFO, values if any(v.strip() for v in values) else None)
        for line, path in (
            (self.waba, "user_data.whatsapp_business_account_id"),
            (self.event_source, "custom_data.event_source"),
            (self.lead_source, "custom_data.lead_event_source"),
        ):
            if path in self._dirty:
                _set(event, path, line.text().strip())
        waba = "user_data.whatsapp_business_account_id"
        if self.waba.text().strip() and _get(event, waba) is None and waba not in self._dirty:
            # The customer table rebuilds user_data from its rows and has no row for this key.
            _set(event, waba, self.waba.text().strip())
        if "__stale__" in self._dirty:
            for path in self._stale:
                _remove(event, path)
            self._dirty.discard("__stale__")

    # ----- kind ---------------------------------------------------------------------------
    def show_kind(self, event: dict[str, Any]) -> None:
        """Show the groups of the event's kind and flag fields of other kinds."""
        kind = kind_of(event) if isinstance(event, dict) else None
        key = kind.key if kind else ""
        self.summary.setText(f"<b>Kind: {kind.label if kind else 'not set'}</b> — {describe(kind)}")
        self.app_box.setVisible(key == "app")
        self.messaging_box.setVisible(key == "business_messaging")
        self.crm_box.setVisible(key in ("crm", "system_generated"))
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
        if head == "app_data" and not self.app_box.isHidden():
            key = rest[1] if len(rest) > 1 else None
            if key == "extinfo":
                index = rest[2] if len(rest) > 2 and isinstance(rest[2], int) else 0
                widget = self.slots[min(max(index, 0), len(self.slots) - 1)]
            else:
                widget = self._fields.get(f"app_data.{key}", self.att)
        elif head == "messaging_channel" and not self.messaging_box.isHidden():
            widget = self.channel
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
