"""The one badge: a coloured pill for a verdict or result, as a widget or as inline rich text."""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QLabel, QWidget

from capi_desktop.ui.qt_keys import set_keys
from capi_desktop.ui.theme import SEVERITY_COLORS

NEUTRAL = "#8a8d93"
VERDICT_COLORS = {
    "deduplicated": SEVERITY_COLORS["ok"],
    "at_risk": SEVERITY_COLORS["warning"],
    "double_counted": SEVERITY_COLORS["error"],
    "accepted": SEVERITY_COLORS["ok"],
    "rejected": SEVERITY_COLORS["error"],
    "error": SEVERITY_COLORS["error"],
    "match": SEVERITY_COLORS["ok"],
    "ok": SEVERITY_COLORS["ok"],
    "same": SEVERITY_COLORS["ok"],
    "differs": SEVERITY_COLORS["warning"],
    "warning": SEVERITY_COLORS["warning"],
    "mismatch": SEVERITY_COLORS["error"],
    "missing": SEVERITY_COLORS["info"],
    "info": SEVERITY_COLORS["info"],
    "n/a": NEUTRAL,
    "matched": SEVERITY_COLORS["ok"],
    "browser_only": SEVERITY_COLORS["info"],
    "server_only": SEVERITY_COLORS["info"],
    "risk": SEVERITY_COLORS["warning"],
}
VERDICT_TEXT = {
    "deduplicated": "Deduplicated",
    "at_risk": "At risk",
    "double_counted": "Double counted",
}


def status_color(status: str) -> str:
    """A colour for a row/verdict status; unknown statuses are neutral grey."""
    key = status.lower()
    if key in VERDICT_COLORS:
        return VERDICT_COLORS[key]
    for word, color in (("error", "#d64545"), ("risk", "#d08b1c"), ("warn", "#d08b1c")):
        if word in key:
            return color
    return NEUTRAL


def badge_html(text: str, status: str) -> str:
    """The badge inside rich text (a QLabel or QTextBrowser cannot round corners there)."""
    return (
        f'<span style="background-color:{status_color(status)}; color:#ffffff; font-weight:600;">'
        f"&nbsp;{escape(text)}&nbsp;</span>"
    )


class Badge(QLabel):
    """A rounded coloured label: a verdict or a send result; hidden without text."""

    def __init__(self, parent: QWidget | None = None, *, large: bool = False) -> None:
        super().__init__(parent)
        self._large = large
        set_keys(self, "alignment", "AlignCenter")
        self.set_state("", "")

    def set_state(self, status: str, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))
        color = status_color(status) if status else NEUTRAL
        size = "18px" if self._large else "12px"
        pad = "6px 16px" if self._large else "2px 10px"
        self.setStyleSheet(
            f"QLabel {{ background: {color}; color: white; border-radius: 6px;"
            f" padding: {pad}; font-weight: 600; font-size: {size}; }}"
        )
        self.setProperty("status", status)
