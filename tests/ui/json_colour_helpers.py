"""Per-character colours of JSON: pygments' (the reference), ours, and what a Qt document shows."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pygments.token import Token, _TokenType
from PySide6.QtGui import QFont, QTextBlock, QTextCharFormat, QTextDocument, QTextFormat

from capi_desktop.ui import highlight
from capi_desktop.ui.json_colours import colours, spans
from capi_desktop.ui.panels.composer.controllers.document import ComposerDocument

Style = tuple[str | None, bool, bool]  # foreground "#rrggbb" (None: the view's), bold, italic
PLAIN: Style = (None, False, False)
STYLES = {False: highlight.LIGHT_STYLE, True: highlight.DARK_STYLE}  # dark -> pygments style
REALWORLD = Path(__file__).resolve().parents[1] / "fixtures" / "realworld"


def style_of(fmt: QTextCharFormat) -> Style:
    color = None
    if fmt.hasProperty(QTextFormat.Property.ForegroundBrush):
        color = fmt.foreground().color().name()
    return (color, fmt.fontWeight() >= QFont.Weight.Bold.value, fmt.fontItalic())


def pygments_colours_of(token: _TokenType, dark: bool) -> Style:
    """A token's style from highlight.py's formats of pygments' `friendly` / `monokai`,
    walking up to a styled parent token as its highlighter does."""
    formats = highlight._formats(STYLES[dark])
    while token is not Token:
        fmt = formats.get(token)
        if fmt is not None:
            return style_of(fmt)
        token = token.parent
    return PLAIN


def pygments_styles(text: str, dark: bool) -> list[Style]:
    """Each code point's style from pygments' JsonLexer (positions before any preprocessing)."""
    found = [PLAIN] * len(text)
    for start, token, value in highlight._lexer("json").get_tokens_unprocessed(text):
        found[start : start + len(value)] = [pygments_colours_of(token, dark)] * len(value)
    return found


def our_styles(text: str, dark: bool) -> list[Style]:
    """Each code point's style from json_colours' spans and colour table."""
    table = colours(dark)
    found = [PLAIN] * len(text)
    for start, length, kind in spans(text):
        colour = table[kind]
        found[start : start + length] = [(colour.color, colour.bold, colour.italic)] * length
    return found


def as_utf16(text: str, styles: list[Style]) -> list[Style]:
    """Per code point -> per UTF-16 unit (what Qt positions count): an emoji is two."""
    units: list[Style] = []
    for character, style in zip(text, styles, strict=True):
        units.extend([style] * (2 if character > "\uffff" else 1))
    return units


def blocks(document: QTextDocument) -> list[QTextBlock]:
    found = []
    block = document.begin()
    while block.isValid():
        found.append(block)
        block = block.next()
    return found


def shown_styles(block: QTextBlock) -> list[Style]:
    """Each UTF-16 unit's style as the highlighter left it in the block's layout."""
    found = [PLAIN] * (block.length() - 1)
    for format_range in block.layout().formats():
        style = style_of(format_range.format)
        start, length = format_range.start, format_range.length
        found[start : start + length] = [style] * length
    return found


def qt_lines(text: str) -> list[str]:
    """The blocks a QPlainTextEdit makes of `text` (it also breaks at U+2029 and \\r), i.e.
    the strings its highlighter is handed."""
    document = QTextDocument()
    document.setPlainText(text)
    return [block.text() for block in blocks(document)]


def preview_text(body: Any) -> str:
    """The Composer preview's text of a request body, as the panel gets it."""
    document = ComposerDocument()
    document.load(body if isinstance(body, dict) else {"data": body})
    return document.preview_text()


def realworld_bodies() -> dict[str, Any]:
    """Every JSON file of tests/fixtures/realworld (payloads, kinds, compare, quality, ...)."""
    bodies = {}
    for path in sorted(REALWORLD.rglob("*")):
        if not path.is_file():
            continue
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except ValueError:
            continue  # cURL, form-encoded, logs, HTML: not a body the preview shows
        if isinstance(body, (dict, list)):
            bodies[str(path.relative_to(REALWORLD))] = body
    return bodies
