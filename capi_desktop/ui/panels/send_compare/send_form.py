"""The Send tab's form: the request, profile, test code, actions and status lines."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.backend.retry import RetryNotice
from capi_desktop.domain import doc_links
from capi_desktop.domain.journey import DEFAULT_SPACING_S
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.request.event_model import text_view_safe
from capi_desktop.ui.panels.send_compare.controllers.profile_choice import profile_label
from capi_desktop.ui.panels.send_compare.send_delivery import HistoryQueueNote, RetryCountdown
from capi_desktop.ui.panels.send_compare.widgets import CodeView
from capi_desktop.ui.plain_text import view_text
from capi_desktop.ui.widgets.notice import Notice

TEST_EVENTS_NOTE = (
    "Events sent with a test event code are still <b>real events</b> for Meta: they show in "
    "Test Events <i>and</i> flow into Events Manager, targeting and measurement. Send only "
    f'synthetic or consented data. <a href="{doc_links.USING_API}">Meta: testing server events</a>'
)


def _button(text: str, tip: str = "") -> QPushButton:
    button = QPushButton(text)
    button.setToolTip(tip)
    return button


class SendFormView(QWidget):
    """Renders what the Send controller reports (its SendForm); the tab connects the inputs."""

    def __init__(self, spacing_s: float = DEFAULT_SPACING_S, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = CodeView(read_only=False)
        self.editor.setPlaceholderText(
            'Paste a request body ({"data": [...]}), a list of events or one event — or take it '
            "from the Composer."
        )
        self.take_button = _button("Take from Composer")
        self.open_button = _button("Open file…")
        source_row = QHBoxLayout()
        source_row.addWidget(QLabel("<b>Request</b>"))
        source_row.addStretch(1)
        source_row.addWidget(self.take_button)
        source_row.addWidget(self.open_button)

        self.profile_combo = QComboBox()
        self.profile_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        # Never squeezed below ~16 characters; longer "Name — pixel …" texts elide and show
        # in full in the tooltip.
        self.profile_combo.setMinimumContentsLength(16)
        self.profile_combo.currentTextChanged.connect(self.profile_combo.setToolTip)
        self.reload_button = _button("Reload", "Reload profiles from the Credentials panel")
        profile_row = QHBoxLayout()
        profile_row.addWidget(self.profile_combo, 1)
        profile_row.addWidget(self.reload_button)
        self.test_code = QLineEdit()
        self.test_code.setPlaceholderText("TEST12345 (from Events Manager → Test Events)")
        self.test_code.setToolTip(
            "Events Manager → Data sources → your pixel → Test events. Sent as the top-level "
            "test_event_code field."
        )
        form = QFormLayout()
        form.addRow("Profile", profile_row)
        form.addRow("Test event code", self.test_code)

        self.send_button = _button("Send", "Send the request (Ctrl+Enter)")
        self.send_button.setDefault(True)
        self.cancel_button = _button("Cancel")
        self.cancel_button.setEnabled(False)
        self.progress = QLabel("")
        self.bisect_button = _button(
            "Find the offending event",
            "Re-send halves of the rejected request with the test code until the failing "
            "event(s) remain",
        )
        self.bisect_button.setEnabled(False)
        self.journey_button = _button(
            "Journey test",
            "Send PageView → ViewContent → AddToCart → InitiateCheckout → Purchase with one "
            "synthetic browser context",
        )
        self.spacing = QDoubleSpinBox()
        self.spacing.setRange(0.0, 60.0)
        self.spacing.setSuffix(" s apart")
        self.spacing.setValue(spacing_s)
        actions = QHBoxLayout()
        actions.addWidget(self.send_button)
        actions.addWidget(self.cancel_button)
        actions.addWidget(self.progress, 1)
        more = QHBoxLayout()
        more.addWidget(self.bisect_button)
        more.addWidget(self.journey_button)
        more.addWidget(self.spacing)
        more.addStretch(1)

        self.note = Notice(TEST_EVENTS_NOTE, kind="warning")
        self.note.setTextFormat(Qt.TextFormat.RichText)
        self.problem = Notice(kind="error")
        self.problem.hide()
        self.retry_status = RetryCountdown(self.progress)
        self.history_note = HistoryQueueNote()

        left_layout = QVBoxLayout(self)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(source_row)
        left_layout.addWidget(self.editor, 1)
        left_layout.addLayout(form)
        left_layout.addLayout(actions)
        left_layout.addLayout(more)
        left_layout.addWidget(self.problem)
        left_layout.addWidget(self.history_note)
        left_layout.addWidget(self.note)

    def request_text(self) -> str:
        return view_text(self.editor)

    def set_request(self, body: Mapping[str, Any]) -> None:
        self.editor.setPlainText(text_view_safe(json.dumps(body, indent=2, ensure_ascii=False)))

    def test_code_text(self) -> str:
        return self.test_code.text()

    def set_test_code(self, code: str) -> None:
        self.test_code.setText(code)

    def journey_spacing(self) -> float:
        return float(self.spacing.value())

    def show_profiles(self, profiles: Sequence[Profile], index: int) -> None:
        combo = self.profile_combo
        combo.blockSignals(True)  # the controller already knows the choice
        combo.clear()
        for profile in profiles:
            label = profile_label(profile)
            combo.addItem(label, profile.id)
            combo.setItemData(combo.count() - 1, label, Qt.ItemDataRole.ToolTipRole)
        if not profiles:
            combo.addItem("No profile yet: add one in Credentials", None)
        combo.setCurrentIndex(max(index, 0))
        combo.blockSignals(False)
        combo.setToolTip(combo.currentText())

    def show_problem(self, text: str | None) -> None:
        self.problem.setText(text or "")
        self.problem.setVisible(bool(text))

    def show_busy(self, busy: bool, label: str, can_bisect: bool) -> None:
        self.send_button.setEnabled(not busy)
        self.journey_button.setEnabled(not busy)
        self.cancel_button.setEnabled(busy)
        self.bisect_button.setEnabled(not busy and can_bisect)
        self.progress.setText(label)

    def show_progress(self, text: str) -> None:
        self.progress.setText(text)

    def show_retry(self, notice: RetryNotice | None) -> None:
        if notice is None:
            self.retry_status.stop()
        else:
            self.retry_status.start(notice)

    def show_history_problem(self, text: str | None) -> None:
        if text is None:
            self.history_note.hide()
        else:
            self.history_note.show_problem(text)
