"""The preview's JSON colours are pygments' (JsonLexer + friendly / monokai as highlight.py
renders them), character by character, without loading pygments: run against pygments itself."""

from __future__ import annotations

import math
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pygments.token import Comment, Error, Keyword, Name, Number, Punctuation, String, Text
from PySide6.QtGui import QTextDocument

from capi_desktop.ui import highlight
from capi_desktop.ui.json_colours import KINDS, colours
from capi_desktop.ui.json_highlighter import JsonHighlighter
from capi_desktop.ui.panels.composer.json_render import INCREMENTAL_FROM
from tests.ui.json_colour_helpers import (
    blocks,
    our_styles,
    preview_text,
    pygments_colours_of,
    pygments_styles,
    qt_lines,
    realworld_bodies,
    shown_styles,
)

BODIES = realworld_bodies()
TOKENS_OF_KIND = {
    "key": [Name.Tag],
    "string": [String.Double],
    "number": [Number.Integer, Number.Float],
    "constant": [Keyword.Constant],
    "punctuation": [Punctuation],
    "whitespace": [Text.Whitespace],
    "comment": [Comment.Single, Comment.Multiline],
    "error": [Error],
}


@pytest.mark.parametrize("dark", [False, True])
def test_each_kind_has_the_colour_of_its_pygments_tokens(dark: bool) -> None:
    assert set(TOKENS_OF_KIND) == set(KINDS) == set(colours(dark))
    for kind, tokens in TOKENS_OF_KIND.items():
        for token in tokens:
            assert tuple(colours(dark)[kind]) == pygments_colours_of(token, dark), (kind, token)


def _assert_lines_alike(text: str, dark: bool) -> int:
    lines = qt_lines(text)
    for number, line in enumerate(lines, 1):
        assert our_styles(line, dark) == pygments_styles(line, dark), (number, line)
    return len(lines)


def test_the_realworld_corpus_is_there() -> None:
    assert len(BODIES) >= 25 and any(name.startswith("payloads/") for name in BODIES)


@pytest.mark.parametrize("dark", [False, True], ids=["friendly", "monokai"])
@pytest.mark.parametrize("name", sorted(BODIES))
def test_every_line_of_a_realworld_preview_is_coloured_as_pygments_does(
    name: str, dark: bool
) -> None:
    text = preview_text(BODIES[name])
    assert _assert_lines_alike(text, dark) == text.count("\n") + 1


@pytest.mark.parametrize("dark", [False, True])
def test_a_big_request_rendered_event_by_event_is_coloured_alike(dark: bool) -> None:
    events = [
        event
        for body in BODIES.values()
        if isinstance(body, dict) and isinstance(body.get("data"), list)
        for event in body["data"]
    ]
    assert len(events) >= INCREMENTAL_FROM  # the renderer's per-event path
    _assert_lines_alike(preview_text({"data": events, "test_event_code": "TEST1"}), dark)


# Odd Unicode the preview shows raw (ensure_ascii=False): line and paragraph separators
# (U+2029 also ends a Qt block: lines get cut inside a string), a BOM, Qt's frame marks,
# controls json escapes, C1 controls it does not, astral characters, combining marks.
_ODD = [
    *'\u2028\u2029\ufeff\ufdd0\ufdd1\x00\x1f\x7f\x85\r\n\t"\\/*:,{}[] ',
    "😀",
    "𝄞",
    "é",
    "中",
    "\u200b",
    "\u0301",
    "//",
    "/*",
    "*/",
    "\\u00e9",
]
_PIECES = st.characters(exclude_categories=("Cs",)) | st.sampled_from(_ODD)
_TEXT = st.lists(_PIECES, max_size=16).map("".join)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()  # NaN and Infinity too: json.loads reads them, the preview writes them
    | st.floats(min_value=-1e-300, max_value=1e-300)
    | _TEXT
)
_VALUES = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_TEXT, inner, max_size=4),
    max_leaves=16,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    value=_VALUES,
    key=_TEXT,
    name=st.sampled_from(["Purchase", "Lead", "x😀"]),
    dark=st.booleans(),
)
def test_any_json_value_in_the_preview_is_coloured_as_pygments_does(
    qapp: Any, value: Any, key: str, name: str, dark: bool
) -> None:
    body = {"data": [{"event_name": name, "custom_data": {key: value}}]}
    text = preview_text(body)
    assert text.startswith('{\n  "data": [')
    _assert_lines_alike(text, dark)


# JsonLexer's quirks, each a line the colourer must lex alike (pygments validates nothing).
QUIRKS = [
    '"a" : 1',  # a key, space before the colon
    '"a" /* why */ : 1',  # still a key, comment between
    '"a" "b": 1',  # both keys
    '"a" , "b"',  # strings, not keys
    '"\\u12" x": 1',  # after \u a non-hex character is swallowed: the string stays open
    '"\\u12',  # ... to the end of the line, an error
    '"\\"',  # an escaped quote: open
    '"a\\\\": true',  # an escaped backslash: closed
    "truefalse nul trustful ntf",  # constants, unchecked
    "--1-- 1...eee +1 .5 -",  # numbers, unchecked; "+" and "." start errors
    ":: :[ ,{",  # a colon starts a punctuation run; a colon ends one
    "// all the rest",
    '"k" // comment',
    "/* open",
    "/*/ still open",
    "/**/ /***/ 1",
    "/ x",
    "'single' NaN Infinity undefined",
    "\ufeff{}",  # a BOM: pygments' get_tokens drops it (and shifts colours); ours colours it
]


@pytest.mark.parametrize("line", QUIRKS)
def test_jsonlexer_quirks_are_kept(line: str) -> None:
    for dark in (False, True):
        assert our_styles(line, dark) == pygments_styles(line, dark)


_STRUCTURE = st.sampled_from([*'"\\u0aF9-.eE+ :,{}[]/*tfnrl\t', "\\u", "\\u1", "true"])


@settings(max_examples=300, deadline=None)
@given(text=st.lists(_STRUCTURE | _PIECES, max_size=40).map("".join))
def test_any_text_at_all_lexes_as_pygments_json_lexer_does(text: str) -> None:
    """Not only valid JSON: a line cut at U+2029, comments, junk."""
    for dark in (False, True):
        assert our_styles(text, dark) == pygments_styles(text, dark), text


def test_numbers_in_every_spelling(qapp: Any) -> None:
    values = [0, -0.0, 1e300, -1.5e-300, 10**30, math.inf, -math.inf, math.nan, 2.5]
    for dark in (False, True):
        _assert_lines_alike(preview_text({"data": [{"custom_data": {"v": values}}]}), dark)


@pytest.mark.parametrize("dark", [False, True], ids=["friendly", "monokai"])
def test_qt_shows_what_the_pygments_highlighter_showed(qapp: Any, dark: bool) -> None:
    """Both highlighters on real documents: the formats Qt keeps per block are the same."""
    text = "\n".join(preview_text(body) for body in BODIES.values())
    assert text.isascii() or max(text) <= "\uffff"  # the old one drifts after an emoji
    ours, theirs = QTextDocument(), QTextDocument()
    keep = (JsonHighlighter(ours, dark=dark), highlight.PygmentsHighlighter(theirs, dark=dark))
    ours.setPlainText(text)
    theirs.setPlainText(text)
    pairs = list(zip(blocks(ours), blocks(theirs), strict=True))
    assert len(pairs) > 1000
    for mine, old in pairs:
        assert shown_styles(mine) == shown_styles(old), mine.text()
    assert keep
