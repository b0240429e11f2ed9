"""Column-mapping dialog: which CSV column holds which CAPI field (event_name is required)."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

NONE = "(not in this file)"
REQUIRED = "event_name"


class ColumnMappingDialog(QDialog):
    """One drop-down per CAPI field, pre-set to a column of the same name when there is one."""

    def __init__(
        self,
        file_name: str,
        columns: list[str],
        mapping: Mapping[str, str] | None = None,
        parent: QWidget | None = None,
    ) -> None:
        # The warehouse engine's column rules load with the dialog, not with the panel.
        from capi_desktop.backend.audit_engine.server_source import MAPPABLE_FIELDS, guess_mapping

        super().__init__(parent)
        self.setWindowTitle("Map the CSV columns")
        self.columns = columns
        guessed = guess_mapping(columns, mapping)
        intro = QLabel(
            f"Which column of <b>{file_name}</b> holds each CAPI field? Columns named like a"
            " field are chosen already. Only event_name is required; event_id, event_time and"
            " pixel_id decide the pairing."
        )
        intro.setWordWrap(True)
        form = QFormLayout()
        self.boxes: dict[str, QComboBox] = {}
        for field in MAPPABLE_FIELDS:
            box = QComboBox()
            box.addItems([NONE, *columns])
            box.setCurrentText(guessed.get(field, NONE))
            box.currentIndexChanged.connect(self._check)
            self.boxes[field] = box
            form.addRow(field + (" *" if field == REQUIRED else ""), box)
        holder = QWidget()
        holder.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(holder)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.problem)
        layout.addWidget(self.buttons)
        self.resize(520, 560)
        self._check()

    def mapping(self) -> dict[str, str]:
        """The fields given a column (what the engine's --column flags would say)."""
        return {f: b.currentText() for f, b in self.boxes.items() if b.currentText() != NONE}

    def _check(self) -> None:
        ok = REQUIRED in self.mapping()
        self.problem.setText("" if ok else "Choose the column that holds event_name.")
        button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        if button is not None:
            button.setEnabled(ok)
