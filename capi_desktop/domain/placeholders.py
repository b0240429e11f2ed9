"""Unresolved template placeholders ({{GTM var}}, ${x}, %%X%%, undefined, …) in event values."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.request.json_locate import PathPart, join_path

# A tag manager, template engine or JS runtime that failed to fill a variable leaves one of
# these in the value. Each is (pattern, what to call it); `search` finds it anywhere in a value.
_EMBEDDED: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\{\{[^{}]{1,200}\}\}"), "a tag-manager variable that was not filled in"),
    (re.compile(r"\$\{[^{}]{1,200}\}"), "a template literal ${…} that was not evaluated"),
    (re.compile(r"%%[A-Za-z0-9_ .:-]{1,100}%%"), "a %%…%% macro that was not replaced"),
    (re.compile(r"\{[a-z_][a-z0-9_]{1,60}\}"), "a {…} template field that was not filled in"),
)
# These only count when they are the whole value (inside text they are ordinary characters).
_WHOLE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"<[A-Za-z_][^<>]{2,80}>"), "a <…> placeholder copied from an example"),
    (re.compile(r"\$[A-Z][A-Z0-9_]{2,60}"), "a $VARIABLE that was not replaced"),
    (re.compile(r"\[[A-Za-z_][A-Za-z0-9 _.-]{0,60}\]"), "a […] shortcode that was not replaced"),
    (re.compile(r"%[A-Z][A-Z0-9_]{1,60}%"), "a %…% macro that was not replaced"),
    (
        re.compile(r"(?:YOUR_)?[A-Z]+(?:_[A-Z]+)*_(?:ID|IDS|VALUE|CODE|TOKEN|NAME|EMAIL|HASH)"),
        "a placeholder name copied from an example",
    ),
    (
        re.compile(
            r"(?i:_?fb[pc][ _]cookie[ _]value|hashed[ _]?(?:first|last)?[ _]?(?:name|email|phone))"
        ),
        "example text copied from documentation",
    ),
)
# What JavaScript or Python print for a missing or non-string value.
_LITERALS = {
    "undefined": "JavaScript's undefined turned into text",
    "null": "null turned into text",
    "NaN": "NaN (not a number) turned into text",
    "[object Object]": "a JavaScript object turned into text",
    "None": "Python's None turned into text",
}
_HASHED_LITERALS = {
    hashlib.sha256(text.encode()).hexdigest(): text
    for text in ("", "undefined", "null", "nan", "none", "[object object]")
}
# One pass each to rule out the common case (an ordinary value) before the ordered checks
# below pick the kind: lint runs this on every value of every event (benchmarks/lint.py).
_ANY_WHOLE = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _WHOLE))
_ANY_EMBEDDED = re.compile("|".join(f"(?:{pattern.pattern})" for pattern, _ in _EMBEDDED))
_MAX_NODES = 2000  # a scan looks at this many values at most (huge pastes stay fast)


@dataclass(frozen=True)
class Placeholder:
    """One unresolved placeholder: where it is (JSON path), the value and what it is."""

    path: str
    value: str
    kind: str

    @property
    def message(self) -> str:
        return f"{self.path} is {self.value!r}: {self.kind}."


def placeholder_kind(value: Any) -> str | None:
    """What kind of unresolved placeholder `value` is, or None for an ordinary value."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text:
        return None
    if text in _LITERALS:
        return _LITERALS[text]
    if text.lower() in _HASHED_LITERALS:
        shown = _HASHED_LITERALS[text.lower()]
        return f"the SHA-256 hash of {shown!r}" if shown else "the SHA-256 hash of an empty value"
    if _ANY_WHOLE.fullmatch(text):
        for pattern, kind in _WHOLE:
            if pattern.fullmatch(text):
                return kind
    if _ANY_EMBEDDED.search(text):
        for pattern, kind in _EMBEDDED:
            if pattern.search(text):
                return kind
    return None


def _walk(
    value: Any, path: list[PathPart], budget: list[int]
) -> Iterator[tuple[list[PathPart], Any]]:
    """(path, leaf) pairs of a JSON value, depth-first, at most _MAX_NODES of them."""
    stack: list[tuple[list[PathPart], Any]] = [(path, value)]
    while stack and budget[0] > 0:
        where, item = stack.pop()
        budget[0] -= 1
        if isinstance(item, Mapping):
            children = [([*where, str(k)], v) for k, v in item.items()]
            stack.extend(reversed(children))
        elif isinstance(item, list | tuple):
            stack.extend(reversed([([*where, i], v) for i, v in enumerate(item)]))
        else:
            yield where, item


def find_placeholders(event: Mapping[str, Any], base: Sequence[PathPart] = ()) -> list[Placeholder]:
    """Placeholders in an event's event_id, user_data and custom_data (paths start at `base`)."""
    found: list[Placeholder] = []
    budget = [_MAX_NODES]
    for key in ("event_id", "user_data", "custom_data"):
        if key not in event:
            continue
        for path, leaf in _walk(event[key], [*base, key], budget):
            kind = placeholder_kind(leaf)
            if kind is not None:
                found.append(Placeholder(join_path(path), str(leaf), kind))
    return found


def is_readable_pixel_id(value: str | None) -> bool:
    """A pixel (dataset) id as Meta issues them: digits only."""
    return value is not None and value.isascii() and value.isdigit() and 1 <= len(value) <= 20
