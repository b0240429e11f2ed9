"""Consent captured with the event, and the policy decision (forward / LDU / suppress) it leads to."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPushButton,
    QWidget,
)

from capi_desktop.domain.request.consent import (
    CONSENT_KEYS,
    DEFAULT_POLICY,
    ConsentDecision,
    ConsentState,
    evaluate,
)
from capi_desktop.ui.theme import SEVERITY_COLORS
from capi_desktop.ui.widgets.wrapped_label import WrappedLabel

DEFAULT_CONSENT: dict[str, Any] = {key: "granted" for key in CONSENT_KEYS} | {"region": ""}
ACTION_LOOK = {
    "forward": (SEVERITY_COLORS["ok"], "Forward to Meta"),
    "forward_ldu": (SEVERITY_COLORS["warning"], "Forward with Limited Data Use"),
    "suppress": (SEVERITY_COLORS["error"], "Suppress: record locally, do not send"),
}


class ConsentBox(QGroupBox):
    """Consent is not part of Meta's body: it is kept with the draft and decides what is sent."""

    changed = Signal()
    apply_requested = Signal(object)  # ConsentDecision

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Consent (kept with the draft, not sent to Meta)", parent)
        form = QFormLayout(self)
        self.combos: dict[str, QComboBox] = {}
        for key in CONSENT_KEYS:
            combo = QComboBox()
            combo.addItems(["granted", "denied"])
            combo.activated.connect(self._edited)
            self.combos[key] = combo
            form.addRow(key, combo)
        self.region = QLineEdit()
        self.region.setPlaceholderText("US-CA, DE, ... (empty: unknown)")
        self.region.textEdited.connect(self._edited)
        form.addRow("Region", self.region)
        self.decision_label = WrappedLabel()
        self.apply_button = QPushButton("Apply LDU decision to the event")
        self.apply_button.clicked.connect(self._apply)
        form.addRow("Policy decision", self.decision_label)
        form.addRow("", self.apply_button)
        self._decision: ConsentDecision | None = None
        self.set_state(DEFAULT_CONSENT)

    def state(self) -> dict[str, Any]:
        data: dict[str, Any] = {key: combo.currentText() for key, combo in self.combos.items()}
        data["region"] = self.region.text().strip()
        return data

    def set_state(self, data: dict[str, Any]) -> None:
        merged = DEFAULT_CONSENT | (data or {})
        for key, combo in self.combos.items():
            combo.setCurrentText("denied" if merged.get(key) == "denied" else "granted")
        self.region.setText(str(merged.get("region") or ""))
        self._refresh()

    def decision(self) -> ConsentDecision:
        assert self._decision is not None
        return self._decision

    def _edited(self, *_: object) -> None:
        self._refresh()
        self.changed.emit()

    def _refresh(self) -> None:
        self._decision = evaluate(ConsentState.from_mapping(self.state()), DEFAULT_POLICY)
        color, title = ACTION_LOOK.get(self._decision.action, ("", self._decision.action))
        self.decision_label.setText(
            f"<b style='color:{color}'>{title}</b><br>{self._decision.reason}"
        )
        self.apply_button.setEnabled(self._decision.action == "forward_ldu")

    def _apply(self) -> None:
        if self._decision is not None:
            self.apply_requested.emit(self._decision)
