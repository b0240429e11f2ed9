"""JSON colours without pygments: one precompiled regex splits a line into coloured spans.

The Composer's preview paints before pygments would have loaded (~9 ms of imports plus ~6 ms
of styles, lexer and per-block lexing, issue 14). The spans are those of pygments' JsonLexer
(its non-validating state machine, so a fragment of a line lexes alike too), and the colours
those of its `friendly` (light) and `monokai` (dark) styles as highlight.py renders them;
tests/ui/test_json_colours.py proves both against pygments itself, character by character.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# JsonLexer's scanner, one alternative per state. Quirks kept on purpose: inside a string a
# backslash escapes any character; after "\u" up to four hex digits follow, and the first
# other character ends the escape *and is swallowed* (so '"\u12"' stays open). An open
# string or an open /* comment runs to the end as an error, as does any other stray
# character (a lone "/" included).
_HEX = "0-9a-fA-F"
_TOKEN = re.compile(
    rf'(?P<string>"(?:[^"\\]++|\\(?:u[{_HEX}]{{4}}|u[{_HEX}]{{0,3}}[^{_HEX}]|[^u]))*+")'
    r"|(?P<whitespace>[ \t\n\r]+)"
    r"|(?P<constant>[fnt][truefalsn]*)"  # true|false|null, unchecked, as pygments does
    r"|(?P<number>[-0-9][-0-9.eE+]*)"
    r"|(?P<colon>:)"  # pygments runs on into "[{,": the same colour
    r"|(?P<punctuation>[{}\[\],]+)"
    r"|(?P<comment>//[^\n]*|/\*.*?\*/)"
    r'|(?P<error>".*|/\*.*|.)',
    re.DOTALL,
)
# Kept back until the next token says what they are: a ":" makes the strings keys.
_MAY_PRECEDE_A_KEY = frozenset({"whitespace", "comment"})

Span = tuple[int, int, str]  # start, length (code points), kind


def spans(text: str) -> list[Span]:
    """(start, length, kind) of every token of `text`; kind is one of KINDS."""
    found: list[Span] = []
    pending: list[Span] = []  # strings (and what follows them) a ":" may turn into keys
    match = _TOKEN.match
    position, end = 0, len(text)
    while position < end:
        token = match(text, position)
        assert token is not None  # the error alternative matches any character
        kind = token.lastgroup or "error"
        stop = token.end()
        span = (position, stop - position, kind)
        if kind == "string" or (pending and kind in _MAY_PRECEDE_A_KEY):
            pending.append(span)
        elif kind == "colon":
            found.extend((s, n, "key" if k == "string" else k) for s, n, k in pending)
            pending.clear()
            found.append((position, stop - position, "punctuation"))
        else:
            if pending:
                found.extend(pending)
                pending.clear()
            found.append(span)
        position = stop
    found.extend(pending)
    return found


class Colour(NamedTuple):
    """What a kind looks like: foreground "#rrggbb" (None: the view's text colour)."""

    color: str | None = None
    bold: bool = False
    italic: bool = False


KINDS = ("key", "string", "number", "constant", "punctuation", "whitespace", "comment", "error")

# pygments 2.x `friendly` and `monokai` for JsonLexer's tokens: Name.Tag, String.Double,
# Number.Integer/Float, Keyword.Constant, Punctuation, Text.Whitespace, Comment.Single/
# Multiline, Error (only its colour: highlight.py uses colour, bold and italic).
LIGHT: dict[str, Colour] = {
    "key": Colour("#062873", bold=True),
    "string": Colour("#4070a0"),
    "number": Colour("#40a070"),
    "constant": Colour("#007020", bold=True),
    "punctuation": Colour(),
    "whitespace": Colour("#bbbbbb"),
    "comment": Colour("#60a0b0", italic=True),
    "error": Colour(),
}
DARK: dict[str, Colour] = {
    "key": Colour("#ff4689"),
    "string": Colour("#e6db74"),
    "number": Colour("#ae81ff"),
    "constant": Colour("#66d9ef"),
    "punctuation": Colour("#f8f8f2"),
    "whitespace": Colour("#f8f8f2"),
    "comment": Colour("#959077"),
    "error": Colour("#ed007e"),
}


def colours(dark: bool) -> dict[str, Colour]:
    return DARK if dark else LIGHT
