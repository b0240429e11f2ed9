"""Qt counts text positions in UTF-16 units, Python in code points: the conversions, once.

A character beyond U+FFFF (emoji, rare CJK) is two UTF-16 units, so after one every Python index
handed to Qt as is lands one character early (the preview once showed garbage after a pasted
emoji, and highlighter colours sat one character to the left).
"""

from __future__ import annotations

import re
from itertools import accumulate

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")

Span = tuple[int, int, str]  # start, length, kind


def qt_offset(text: str, index: int) -> int:
    """The UTF-16 position of code point `index` in `text`."""
    return index + len(_ASTRAL.findall(text, 0, index))


def qt_length(text: str) -> int:
    """How many UTF-16 units `text` is."""
    return len(text) + len(_ASTRAL.findall(text))


def has_astral(text: str) -> bool:
    return bool(text) and max(text) > "\uffff"


def qt_spans(text: str, found: list[Span]) -> list[Span]:
    """`found` (code-point spans of `text`) in UTF-16 units, all at once."""
    if not has_astral(text):
        return found
    units = list(accumulate((2 if c > "\uffff" else 1 for c in text), initial=0))
    return [(units[s], units[s + n] - units[s], kind) for s, n, kind in found]
