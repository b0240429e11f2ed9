"""Small painted status and severity icons that read on light and dark palettes."""

from __future__ import annotations

from functools import cache

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPixmap

from capi_desktop.ui.theme import SEVERITY_COLORS

# status -> (colour, glyph, short label, explanation)
STATUS_LOOK: dict[str, tuple[str, str, str, str]] = {
    "ok": (SEVERITY_COLORS["ok"], "✓", "ok", "already normalized"),
    "changed": (SEVERITY_COLORS["info"], "✎", "normalized", "normalized before hashing"),
    "warning": (SEVERITY_COLORS["warning"], "!", "warning", "usable, but check the warnings"),
    "error": (SEVERITY_COLORS["error"], "✕", "error", "not sent: the value is invalid"),
    "already_hashed": ("#7a5cc4", "#", "already hashed", "a hash: sent as-is, not re-hashed"),
    "never_hash": ("#6b7280", "=", "clear text", "sent in clear text: Meta never wants it hashed"),
    "empty": ("#9ca3af", "·", "", "empty"),
}
SEVERITY_LOOK: dict[str, tuple[str, str]] = {
    "error": (SEVERITY_COLORS["error"], "✕"),
    "warning": (SEVERITY_COLORS["warning"], "!"),
    "info": (SEVERITY_COLORS["info"], "i"),
}


@cache
def badge_icon(color: str, glyph: str, size: int = 16) -> QIcon:
    pixmap = QPixmap(size * 2, size * 2)  # 2x for HiDPI crispness
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(color))
    painter.drawEllipse(2, 2, size * 2 - 4, size * 2 - 4)
    font = QFont()
    font.setBold(True)
    font.setPixelSize(int(size * 1.2))
    painter.setFont(font)
    painter.setPen(QColor("white"))
    painter.drawText(QRectF(0, 0, size * 2, size * 2), Qt.AlignmentFlag.AlignCenter, glyph)
    painter.end()
    pixmap.setDevicePixelRatio(2.0)
    return QIcon(pixmap)


def status_icon(status: str) -> QIcon:
    color, glyph, _, _ = STATUS_LOOK.get(status, STATUS_LOOK["warning"])
    return badge_icon(color, glyph)


def severity_icon(severity: str) -> QIcon:
    color, glyph = SEVERITY_LOOK.get(severity, SEVERITY_LOOK["info"])
    return badge_icon(color, glyph)
