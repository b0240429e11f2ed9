"""Text read back from a Qt plain-text view exactly as typed (toPlainText rewrites five characters)."""

from __future__ import annotations

from PySide6.QtWidgets import QPlainTextEdit


def view_text(edit: QPlainTextEdit) -> str:
    """The text as typed. toPlainText() gives a space for U+00A0 and "\\n" for U+2028 (and for
    U+2029, U+FDD0, U+FDD1, which Qt itself turns into line breaks), which turned a JSON string
    holding one into other text or invalid JSON; the raw text keeps U+00A0 and U+2028 (its
    U+2029 are the line breaks). Write JSON for these views with
    domain.request.event_model.text_view_safe, which escapes the other three."""
    return edit.document().toRawText().replace("\u2029", "\n")
