"""JSON paths like `data[0].user_data.em[0]`: build them, and find where they sit in JSON text."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

PathPart = str | int

_DECODER = json.JSONDecoder()
_WS = re.compile(r"[ \t\n\r]*")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
_TOKEN = re.compile(r'\.([A-Za-z_][A-Za-z0-9_]*)|\[(\d+)\]|\[("(?:[^"\\]|\\.)*")\]')


def join_path(parts: Sequence[PathPart]) -> str:
    """`["data", 0, "user_data", "em", 0]` → `data[0].user_data.em[0]` (odd keys as `["a.b"]`)."""
    out: list[str] = []
    for part in parts:
        if isinstance(part, int):
            out.append(f"[{part}]")
        elif _PLAIN_KEY.match(part):
            out.append(f".{part}" if out else part)
        else:
            out.append(f"[{json.dumps(part, ensure_ascii=False)}]")
    return "".join(out)


def split_path(path: str) -> list[PathPart] | None:
    """Inverse of `join_path`; None when the text is not a path."""
    if not path:
        return []
    text = path if path.startswith(("[", ".")) else "." + path
    parts: list[PathPart] = []
    pos = 0
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            return None
        key, index, quoted = match.groups()
        if key is not None:
            parts.append(key)
        elif index is not None:
            parts.append(int(index))
        else:
            parts.append(json.loads(quoted))
        pos = match.end()
    return parts


def _skip_ws(text: str, pos: int) -> int:
    match = _WS.match(text, pos)
    return match.end() if match else pos


def _after_item(text: str, pos: int) -> int | None:
    """Skip the value at `pos` and its trailing comma: the next item's offset, or None at the end."""
    _, pos = _DECODER.raw_decode(text, pos)
    pos = _skip_ws(text, pos)
    if text[pos : pos + 1] != ",":
        return None
    return _skip_ws(text, pos + 1)


def _find_child(text: str, pos: int, part: PathPart) -> int | None:
    """Offset of the value `part` inside the container starting at `pos`, or None."""
    opener = text[pos : pos + 1]
    if opener == "{" and isinstance(part, str):
        pos = _skip_ws(text, pos + 1)
        while pos < len(text) and text[pos] == '"':
            key, pos = _DECODER.raw_decode(text, pos)
            pos = _skip_ws(text, pos)
            if text[pos : pos + 1] != ":":
                return None
            pos = _skip_ws(text, pos + 1)
            if key == part:
                return pos
            after = _after_item(text, pos)
            if after is None:
                return None
            pos = after
        return None
    if opener == "[" and isinstance(part, int):
        pos = _skip_ws(text, pos + 1)
        index = 0
        while pos < len(text) and text[pos] != "]":
            if index == part:
                return pos
            after = _after_item(text, pos)
            if after is None:
                return None
            pos = after
            index += 1
    return None


def locate_offset(text: str, path: str | Sequence[PathPart]) -> int | None:
    """Character offset where the value at `path` starts in `text`, or None if absent/invalid.

    Lint paths are relative to the request body; for a bare event list (`[...]`) or a bare
    event (`{...}` without `data`) the leading `data[i]` is mapped onto that shape.
    """
    parts = split_path(path) if isinstance(path, str) else list(path)
    if parts is None:
        return None
    text_start = _skip_ws(text, 1 if text.startswith("\ufeff") else 0)
    try:
        return _walk(text, text_start, parts)
    except (json.JSONDecodeError, IndexError):
        return None


def _walk(text: str, start: int, parts: list[PathPart]) -> int | None:
    if parts[:1] == ["data"] and text[start : start + 1] == "[":
        parts = parts[1:]
    elif parts[:2] == ["data", 0] and _find_child(text, start, "data") is None:
        parts = parts[2:]  # one bare event
    pos = start
    for part in parts:
        child = _find_child(text, pos, part)
        if child is None:
            return None
        pos = child
    return pos


def offset_to_line_column(text: str, offset: int) -> tuple[int, int]:
    """1-based (line, column) of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def locate(text: str, path: str | Sequence[PathPart]) -> tuple[int, int] | None:
    """1-based (line, column) where the value at `path` starts, or None."""
    offset = locate_offset(text, path)
    return None if offset is None else offset_to_line_column(text, offset)
