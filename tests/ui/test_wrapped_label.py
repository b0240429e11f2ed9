"""WrappedLabel answers heightForWidth as a word-wrapped QLabel does, through every change."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel

from capi_desktop.ui.widgets.wrapped_label import WrappedLabel

RICH = (
    "<b>Kind: Website</b> — Website event — also requires: event_source_url, "
    "user_data.client_user_agent. Match keys: em, ph, external_id, fbp, fbc."
)
WIDTHS = (40, 120, 260, 260, 500, 120, 900)


def _pair(qtbot, text: str) -> tuple[WrappedLabel, QLabel]:
    cached, plain = WrappedLabel(text), QLabel(text)
    plain.setWordWrap(True)
    for label in (cached, plain):
        qtbot.addWidget(label)
    return cached, plain


def _same_heights(cached: WrappedLabel, plain: QLabel) -> list[int]:
    heights = [cached.heightForWidth(w) for w in WIDTHS]
    assert heights == [plain.heightForWidth(w) for w in WIDTHS]
    return heights


def test_heights_follow_the_text(qtbot) -> None:
    cached, plain = _pair(qtbot, RICH)
    before = _same_heights(cached, plain)
    longer = RICH + " Upload window: 7 days. Website events pair with the browser Pixel."
    cached.setText(longer)
    plain.setText(longer)
    after = _same_heights(cached, plain)
    assert after[1] > before[1]  # the cache did not answer with the old text's heights


def test_heights_follow_font_format_margin_indent_and_wrap(qtbot) -> None:
    cached, plain = _pair(qtbot, RICH)
    small = _same_heights(cached, plain)
    big = QFont(cached.font())
    big.setPointSize(big.pointSize() * 2)
    for label in (cached, plain):
        label.setFont(big)
    assert _same_heights(cached, plain)[2] > small[2]
    changed = 0
    for change in (
        lambda label: label.setTextFormat(Qt.TextFormat.PlainText),  # the tags become text
        lambda label: label.setMargin(12),
        lambda label: label.setIndent(30),
        lambda label: label.setStyleSheet("font-size: 30px;"),
        lambda label: label.setWordWrap(False),
    ):
        before = [cached.heightForWidth(w) for w in WIDTHS]  # cached now
        change(cached)
        change(plain)
        changed += _same_heights(cached, plain) != before  # a stale cache would differ here
    assert changed >= 3  # most of these changes move the heights, so staleness would show
