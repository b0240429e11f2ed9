"""Inline field checks in the Composer form: the field contract's verdict on what was typed."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import QWidget

from capi_desktop.domain.lint.contract_rules import field_problem
from capi_desktop.ui.theme import SEVERITY_COLORS

_BASE_TIP = "contractBaseTip"


def mark_field(widget: QWidget, path: str, value: Any) -> str | None:
    """Outline `widget` and lead its tooltip with the problem (the layout never moves)."""
    problem = field_problem(path, value)
    base = widget.property(_BASE_TIP)
    if base is None:
        base = widget.toolTip()
        widget.setProperty(_BASE_TIP, base)
    if problem is None:
        widget.setStyleSheet("")
        widget.setToolTip(str(base))
        return None
    widget.setStyleSheet(f"border: 1px solid {SEVERITY_COLORS['warning']};")
    tip = f"<b>⚠ {html.escape(problem)}</b>"
    widget.setToolTip(f"{tip}<br>{base}" if base else tip)
    return problem
