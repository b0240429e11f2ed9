"""Python reprs people paste: `b'{"error": ...}'` bytes, `{'error': {...}}` and `{u'error_code': ...}`.

Read with `ast.literal_eval` (values only, never code), bounded in size and depth.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

_MAX_LITERAL = 200_000
_MAX_CANDIDATES = 10
_DICT_START = re.compile(r"\{\s*u?'(?:error|error_code|code)'\s*:")
_BYTES_START = re.compile(r"(?<![A-Za-z0-9_])b(['\"])[{\[]")


def _eval(text: str) -> Any:
    try:
        return ast.literal_eval(text)
    except (ValueError, SyntaxError, TypeError, RecursionError, MemoryError):
        return None


def _bracket_end(text: str, start: int) -> int | None:
    """Index after the bracket closing the one at `start`, skipping quoted strings."""
    depth = 0
    quote = ""
    index = start
    limit = min(len(text), start + _MAX_LITERAL)
    while index < limit:
        char = text[index]
        if quote:
            if char == "\\":
                index += 1
            elif char == quote:
                quote = ""
        elif char in "'\"":
            quote = char
        elif char in "{[(":
            depth += 1
        elif char in "}])":
            depth -= 1
            if depth == 0:
                return index + 1
        index += 1
    return None


def _quote_end(text: str, start: int, quote: str) -> int | None:
    index = start
    limit = min(len(text), start + _MAX_LITERAL)
    while index < limit:
        if text[index] == "\\":
            index += 2
            continue
        if text[index] == quote:
            return index + 1
        index += 1
    return None


def python_literals(text: str) -> Iterator[Any]:
    """Dicts (and bytes decoded to text) from Python reprs inside `text`, bounded."""
    stripped = text.strip()
    if stripped[:2] in ("b'", 'b"', "{'", "{u") and len(stripped) <= _MAX_LITERAL:
        whole = _eval(stripped)
        if whole is not None:
            yield _as_text(whole)
    tried = 0
    for match in _DICT_START.finditer(text, 0, _MAX_LITERAL):
        if tried >= _MAX_CANDIDATES:
            return
        tried += 1
        end = _bracket_end(text, match.start())
        if end is not None:
            value = _eval(text[match.start() : end])
            if value is not None:
                yield value
    for match in _BYTES_START.finditer(text, 0, _MAX_LITERAL):
        if tried >= _MAX_CANDIDATES:
            return
        tried += 1
        end = _quote_end(text, match.start() + 2, match.group(1))
        if end is not None:
            value = _eval(text[match.start() : end])
            if isinstance(value, bytes):
                yield _as_text(value)


def _as_text(value: Any) -> Any:
    if isinstance(value, bytes):
        return value.decode("utf-8", errors="replace")
    return value
