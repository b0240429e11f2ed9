"""The Composer's group of fields for one kind of event: app data, business messaging, CRM.

KindSection builds a group when it is first needed (issue 14: a website event, the default,
shows none of them, and they were 76 of the Composer's 279 widgets at start). An unbuilt group
is a group whose fields are all empty: nobody typed into it, and no event shown had its values.
"""

from __future__ import annotations

from typing import Any, ClassVar

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from capi_desktop.domain.event_kinds import MESSAGING_CHANNELS
from capi_desktop.ui.panels.composer.section_base import FormSection
from capi_desktop.ui.widgets.wrapped_label import WrappedLabel

FLAG_CHOICES = (("(not set)", None), ("1 — enabled", 1), ("0 — disabled", 0))
EXTINFO = "app_data.extinfo"
WABA = "user_data.whatsapp_business_account_id"


def get_path(event: dict[str, Any], path: str) -> Any:
    node: Any = event
    for part in path.split("."):
        node = node.get(part) if isinstance(node, dict) else None
    return node


def set_path(event: dict[str, Any], path: str, value: Any) -> None:
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


def _flag_combo() -> QComboBox:
    combo = QComboBox()
    for label, value in FLAG_CHOICES:
        combo.addItem(label, value)
    return combo


def _hint(text: str) -> QLabel:
    return WrappedLabel(text)  # wraps: never widens the form past a small window


class KindGroup(QGroupBox):
    """A titled form of one kind's fields; edits are recorded on the section (`touch`)."""

    caption: ClassVar[str] = ""  # the box's title
    kinds: ClassVar[tuple[str, ...]] = ()  # the event kinds (domain.event_kinds keys) that show it
    paths: ClassVar[tuple[str, ...]] = ()  # every path it edits: `holds` reads them unbuilt

    def __init__(self, section: FormSection) -> None:
        super().__init__(self.caption)
        self.form = QFormLayout(self)
        self._section = section
        self._combos: dict[str, QComboBox] = {}
        self._lines: dict[str, QLineEdit] = {}

    @classmethod
    def holds(cls, event: dict[str, Any]) -> bool:
        """`event` has a value the group shows (so loading it builds the group)."""
        return any(get_path(event, path) is not None for path in cls.paths)

    def combo_row(self, path: str, label: str, combo: QComboBox, tip: str = "") -> QComboBox:
        assert path in self.paths, path  # else a loaded value would not build the group
        combo.activated.connect(self._section.toucher(path))
        self._section.add_row(self.form, path, label, combo, tip)
        self._combos[path] = combo
        return combo

    def line_row(self, path: str, label: str, placeholder: str) -> QLineEdit:
        assert path in self.paths, path
        line = QLineEdit()
        line.setPlaceholderText(placeholder)
        line.textEdited.connect(self._section.toucher(path))
        self._section.add_row(self.form, path, label, line)
        self._lines[path] = line
        return line

    def load(self, event: dict[str, Any]) -> None:
        for path, combo in self._combos.items():
            value = get_path(event, path)
            index = combo.findData(int(value) if isinstance(value, bool) else value)
            combo.setCurrentIndex(max(index, 0))
        for path, line in self._lines.items():
            value = get_path(event, path)
            line.setText("" if value is None else str(value))

    def apply(self, event: dict[str, Any], dirty: set[str]) -> None:
        """Write the fields the user edited (`dirty`) into `event`."""
        for path, combo in self._combos.items():
            if path in dirty:
                set_path(event, path, combo.currentData())
        for path, line in self._lines.items():
            if path in dirty:
                set_path(event, path, line.text().strip())


class AppDataGroup(KindGroup):
    caption = "App data (action_source app)"
    kinds = ("app",)
    paths = (
        "app_data.advertiser_tracking_enabled",
        "app_data.application_tracking_enabled",
        EXTINFO,
    )

    def __init__(self, section: FormSection) -> None:
        super().__init__(section)
        self.att = self.combo_row(
            "app_data.advertiser_tracking_enabled",
            "ATT allowed",
            _flag_combo(),
            "advertiser_tracking_enabled: the iOS 14.5+ App Tracking Transparency choice",
        )
        self.combo_row(
            "app_data.application_tracking_enabled",
            "App ad tracking",
            _flag_combo(),
            "application_tracking_enabled: the in-app opt-out setting",
        )
        from capi_desktop.domain.event_kinds import extinfo as ext  # with the app group

        self.slots: list[QLineEdit] = []
        for slot in ext.SLOTS:
            line = QLineEdit()
            line.setPlaceholderText(f"e.g. {slot.example}")
            line.textEdited.connect(section.toucher(EXTINFO))
            self.form.addRow(f"extinfo[{slot.index}] {slot.name}", line)
            self.slots.append(line)

    def load(self, event: dict[str, Any]) -> None:
        super().load(event)
        slots = get_path(event, EXTINFO)
        values = slots if isinstance(slots, list) else []
        for i, line in enumerate(self.slots):
            line.setText(str(values[i]) if i < len(values) and values[i] is not None else "")

    def apply(self, event: dict[str, Any], dirty: set[str]) -> None:
        super().apply(event, dirty)
        if EXTINFO in dirty:
            values = [line.text() for line in self.slots]
            set_path(event, EXTINFO, values if any(v.strip() for v in values) else None)

    def widget_for(self, rest: list[Any]) -> QWidget:
        """The field for a path inside app_data (`extinfo`, `extinfo[9]`, a flag's key)."""
        key = rest[0] if rest else None
        if key == "extinfo":
            index = rest[1] if len(rest) > 1 and isinstance(rest[1], int) else 0
            return self.slots[min(max(index, 0), len(self.slots) - 1)]
        return self._combos.get(f"app_data.{key}", self.att)


class MessagingGroup(KindGroup):
    caption = "Business messaging"
    kinds = ("business_messaging",)
    paths = ("messaging_channel", WABA)

    def __init__(self, section: FormSection) -> None:
        super().__init__(section)
        channel = QComboBox()
        # The long item texts must not set the form's minimum width (small windows).
        channel.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        channel.setMinimumContentsLength(14)
        channel.addItem("(not set)", None)
        for name, keys in MESSAGING_CHANNELS.items():
            channel.addItem(f"{name} — needs {' + '.join(keys)}", name)
        self.channel = self.combo_row("messaging_channel", "Channel", channel)
        self.waba = self.line_row(WABA, "WABA ID", "WhatsApp Business Account ID (not hashed)")
        self.form.addRow(
            "",
            _hint(
                "Click and user IDs (ctwa_clid, PSID, IGSID): Customer "
                "information tab, never hashed."
            ),
        )

    def apply(self, event: dict[str, Any], dirty: set[str]) -> None:
        super().apply(event, dirty)
        waba = self.waba.text().strip()
        if waba and get_path(event, WABA) is None and WABA not in dirty:
            # The customer table rebuilds user_data from its rows and has no row for this key.
            set_path(event, WABA, waba)


class CrmGroup(KindGroup):
    caption = "CRM / Conversion Leads"
    kinds = ("crm", "system_generated")
    paths = ("custom_data.event_source", "custom_data.lead_event_source")

    def __init__(self, section: FormSection) -> None:
        super().__init__(section)
        self.line_row("custom_data.event_source", "Event source", "crm")
        self.line_row(
            "custom_data.lead_event_source", "Lead event source", "the CRM's name, e.g. HubSpot"
        )
        self.form.addRow("", _hint("lead_id (15–17 digits, not hashed): Customer information tab."))


GROUPS: tuple[type[KindGroup], ...] = (AppDataGroup, MessagingGroup, CrmGroup)  # layout order
