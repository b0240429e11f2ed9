"""Composer form: the server-event fields (name, time, id, source, URLs, opt-out, LDU)."""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QWidget,
)

from capi_desktop.domain.request.event_ids import new_event_id
from capi_desktop.ui.panels.composer.contract_marks import mark_field
from capi_desktop.ui.panels.composer.section_base import FormSection
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.inline_hint import InlineHint
from capi_desktop.ui.widgets.wrapped_label import WrappedLabel

# Past this a timestamp is milliseconds: 1e11 seconds is the year 5138.
MS_THRESHOLD = 100_000_000_000
LDU_COUNTRIES = (("Geolocate (0)", 0), ("United States (1)", 1))
LDU_STATES = (("Geolocate (0)", 0), ("California (1000)", 1000))


class FormDateTimeEdit(QDateTimeEdit):
    """Tab moves to the next field, as everywhere else in the form (Qt's default steps through
    the six date/time sections first); Left/Right and the mouse still pick a section."""

    def focusNextPrevChild(self, next: bool) -> bool:
        return QWidget.focusNextPrevChild(self, next)


def _row(*widgets: QWidget) -> QWidget:
    holder = QWidget()
    layout = QHBoxLayout(holder)
    layout.setContentsMargins(0, 0, 0, 0)
    for position, widget in enumerate(widgets):
        layout.addWidget(widget, 1 if position == 0 else 0)  # buttons keep their natural width
    return holder


def describe_age(seconds: int, now: float) -> str:
    delta = int(now) - seconds
    future = delta < 0
    delta = abs(delta)
    if delta < 90:
        text = f"{delta} s"
    elif delta < 5400:
        text = f"{delta // 60} min"
    elif delta < 172_800:
        text = f"{delta // 3600} h"
    else:
        text = f"{delta // 86_400} days"
    return f"in {text} (future!)" if future else f"{text} ago"


class EventSection(FormSection):
    """Top-level event fields; `apply` patches only what the user edited."""

    catalog_section = "server_event"

    def __init__(
        self,
        event_names: Sequence[str],
        action_sources: Sequence[str],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.event_name = QComboBox()
        self.event_name.setEditable(True)
        self.event_name.addItems(list(event_names))
        self.event_name.setToolTip("A standard event, or type a custom event name")
        self.event_name.editTextChanged.connect(self.toucher("event_name"))
        self.add_row(form, "event_name", "Event name", self.event_name)
        self.recommended_label = InlineHint(lines=2)
        form.addRow("", self.recommended_label)

        self.time_edit = FormDateTimeEdit()
        self.time_edit.setCalendarPopup(True)
        self.time_edit.setDisplayFormat("yyyy-MM-dd HH:mm:ss")
        self.time_edit.setToolTip("Local time; sent as Unix seconds (GMT)")
        self.time_edit.dateTimeChanged.connect(self._time_edited)
        self.now_button = QPushButton("Now")
        self.now_button.clicked.connect(self.set_now)
        self.add_row(form, "event_time", "Event time", _row(self.time_edit, self.now_button))
        self._fields["event_time"] = self.time_edit
        self.time_info = WrappedLabel()
        self.fix_ms_button = QPushButton("Convert to seconds")
        self.fix_ms_button.clicked.connect(self._convert_ms)
        self.fix_ms_button.hide()
        # Its row keeps the button's height while hidden: showing it moves nothing below.
        policy = self.fix_ms_button.sizePolicy()
        policy.setRetainSizeWhenHidden(True)
        self.fix_ms_button.setSizePolicy(policy)
        form.addRow("", _row(self.time_info, self.fix_ms_button))
        self._time_value: Any = None

        self.event_id = QLineEdit()
        self.event_id.setPlaceholderText("unique per event; same as the browser's eventID")
        self.event_id.textEdited.connect(self.toucher("event_id"))
        generate = QPushButton("Generate")
        generate.clicked.connect(self.generate_event_id)
        self.add_row(form, "event_id", "Event ID", _row(self.event_id, generate))
        self._fields["event_id"] = self.event_id

        self.action_source = QComboBox()
        self.action_source.addItem("(not set)", "")
        for source in action_sources:
            self.action_source.addItem(source, source)
        self.action_source.activated.connect(self.toucher("action_source"))
        self.add_row(form, "action_source", "Action source", self.action_source)

        self.source_url = QLineEdit()
        self.source_url.setPlaceholderText("https://shop.example/checkout/thank-you")
        self.source_url.textEdited.connect(self.toucher("event_source_url"))
        self.add_row(form, "event_source_url", "Event source URL", self.source_url)
        self.referrer_url = QLineEdit()
        self.referrer_url.textEdited.connect(self.toucher("referrer_url"))
        self.add_row(form, "referrer_url", "Referrer URL", self.referrer_url)

        self.opt_out = QCheckBox("Attribution only")
        self.opt_out.toggled.connect(self.toucher("opt_out"))
        self.add_row(
            form,
            "opt_out",
            "Opt out",
            self.opt_out,
            "opt_out: use this event for attribution only, not for ads delivery optimization",
        )

        self.ldu = QCheckBox("Limited Data Use")
        self.ldu.toggled.connect(self._ldu_toggled)
        self.ldu_country = QComboBox()
        self.ldu_state = QComboBox()
        for combo, entries in ((self.ldu_country, LDU_COUNTRIES), (self.ldu_state, LDU_STATES)):
            for label, value in entries:
                combo.addItem(label, value)
            combo.activated.connect(self.toucher("data_processing_options"))
        self.add_row(
            form,
            "data_processing_options",
            "Data processing",
            self.ldu,
            "data_processing_options: Limited Data Use for US state privacy laws",
        )
        form.addRow("LDU country", self.ldu_country)
        form.addRow("LDU state", self.ldu_state)
        self._fields["data_processing_options_country"] = self.ldu_country
        self._fields["data_processing_options_state"] = self.ldu_state
        self._ldu_toggled(False)

    # ----- load / apply -------------------------------------------------------------------
    def load(self, event: dict[str, Any]) -> None:
        self.begin_load()
        try:
            self.event_name.setEditText(str(event.get("event_name") or ""))
            self._time_value = event.get("event_time")
            seconds = self._seconds_of(self._time_value)
            if seconds is not None:
                self.time_edit.setDateTime(QDateTime.fromSecsSinceEpoch(seconds))
            self.event_id.setText(str(event.get("event_id") or ""))
            self.event_id.setCursorPosition(0)
            source = str(event.get("action_source") or "")
            index = self.action_source.findData(source)
            if index < 0 and source:
                self.action_source.addItem(source, source)
                index = self.action_source.count() - 1
            self.action_source.setCurrentIndex(max(index, 0))
            for line, key in (
                (self.source_url, "event_source_url"),
                (self.referrer_url, "referrer_url"),
            ):
                line.setText(str(event.get(key) or ""))
                line.setCursorPosition(0)
            self.opt_out.setChecked(event.get("opt_out") is True)
            options = event.get("data_processing_options")
            self.ldu.setChecked(isinstance(options, list) and "LDU" in options)
            self._select(self.ldu_country, event.get("data_processing_options_country"))
            self._select(self.ldu_state, event.get("data_processing_options_state"))
            self._ldu_toggled(self.ldu.isChecked())
        finally:
            self.end_load()
        self.refresh_time_info()

    def apply(self, event: dict[str, Any]) -> None:
        self.patch(event, "event_name", self.event_name.currentText().strip())
        self.patch(event, "event_time", self._time_value)
        self.patch(event, "event_id", self.event_id.text())
        self.patch(event, "action_source", self.action_source.currentData())
        self.patch(event, "event_source_url", self.source_url.text().strip())
        self.patch(event, "referrer_url", self.referrer_url.text().strip())
        for line, key in (
            (self.source_url, "event_source_url"),
            (self.referrer_url, "referrer_url"),
        ):
            mark_field(line, f"data[].{key}", event.get(key))  # inline: the contract lint reads
        if "opt_out" in self._dirty:
            # False is Meta's default: leave the key out rather than sending noise.
            self.patch(event, "opt_out", True if self.opt_out.isChecked() else None)
        if "data_processing_options" in self._dirty:
            if self.ldu.isChecked():
                event["data_processing_options"] = ["LDU"]
                event["data_processing_options_country"] = self.ldu_country.currentData()
                event["data_processing_options_state"] = self.ldu_state.currentData()
            else:
                event["data_processing_options"] = []
                event.pop("data_processing_options_country", None)
                event.pop("data_processing_options_state", None)

    def current_event_name(self) -> str:
        return self.event_name.currentText().strip()

    # ----- event time ---------------------------------------------------------------------
    @staticmethod
    def _seconds_of(value: Any) -> int | None:
        if isinstance(value, bool):
            return None
        if isinstance(value, str) and value.strip().isdecimal():
            value = int(value.strip())
        if isinstance(value, int | float):
            number = int(value)
            return number // 1000 if number > MS_THRESHOLD else number
        return None

    def set_now(self) -> None:
        self.time_edit.setDateTime(QDateTime.fromSecsSinceEpoch(int(time.time())))
        self._time_edited()

    def _time_edited(self, *_: object) -> None:
        if self._loading:
            return
        self._time_value = int(self.time_edit.dateTime().toSecsSinceEpoch())
        self.refresh_time_info()
        self.touch("event_time")

    def _convert_ms(self) -> None:
        seconds = self._seconds_of(self._time_value)
        if seconds is not None:
            self._time_value = seconds
            self.refresh_time_info()
            self.touch("event_time")

    def refresh_time_info(self) -> None:
        value = self._time_value
        seconds = self._seconds_of(value)
        is_ms = seconds is not None and int(value) > MS_THRESHOLD
        self.fix_ms_button.setVisible(is_ms)
        if value is None:
            self.time_info.setText("<i>not set: press Now or pick a time</i>")
        elif seconds is None:
            self.time_info.setText(
                f"<span style='color:{SEVERITY_COLORS['error']}'>{value!r} is not a Unix time"
                " in seconds</span>"
            )
        elif is_ms:
            self.time_info.setText(
                f"<span style='color:{SEVERITY_COLORS['error']}'>Unix {value}: milliseconds!"
                " Meta expects seconds</span>"
            )
        else:
            kind = "" if isinstance(value, int) else f" (sent as {type(value).__name__})"
            self.time_info.setText(f"Unix {value} s{kind} · {describe_age(seconds, time.time())}")

    # ----- other helpers ------------------------------------------------------------------
    def generate_event_id(self) -> None:
        self.event_id.setText(new_event_id())
        self.touch("event_id")

    def apply_ldu(self, country: int | None, state: int | None) -> None:
        """Set LDU as a consent decision asks (the user can still change it)."""
        self.ldu.setChecked(True)
        self._select(self.ldu_country, country)
        self._select(self.ldu_state, state)
        self.touch("data_processing_options")

    def _ldu_toggled(self, checked: bool) -> None:
        self.ldu_country.setEnabled(checked)
        self.ldu_state.setEnabled(checked)
        self.touch("data_processing_options")

    @staticmethod
    def _select(combo: QComboBox, value: Any) -> None:
        index = combo.findData(value) if isinstance(value, int) else -1
        combo.setCurrentIndex(max(index, 0))

    def set_recommended_text(self, text: str) -> None:
        self.recommended_label.set_message("plain", text)
