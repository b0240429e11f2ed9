"""Reading Graph error objects: lenient field coercion, blamed fields and nested per-event errors."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.error_catalog.catalog import Catalog, ErrorEntry
from capi_desktop.domain.error_catalog.sniff import MAX_INPUT_CHARS


@dataclass(frozen=True)
class NestedError:
    """One per-event error inside `error_data` (legacy batch uploads)."""

    event_index: int | None
    code: int | None
    subcode: int | None
    message: str
    entry: ErrorEntry | None


def as_int(value: Any) -> int | None:
    """An error code as an int; negative codes are Meta's internal errors (kept as they are)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value if abs(value) < 10**12 else None
    if isinstance(value, str):
        text = value.strip()
        digits = text[1:] if text.startswith("-") else text
        if digits.isascii() and digits.isdigit() and len(digits) < 12:  # "²".isdigit() is True
            return int(text)
    return None


# What a language prints for a missing value: never shown as Meta's words.
EMPTY_WORDS = frozenset({"null", "none", "nil", "undefined"})


def as_message(value: Any, limit: int = 2000) -> str:
    """A message field: as_str, but a printed missing value ("None", "null") is no message."""
    text = as_str(value, limit)
    return "" if text.strip().lower() in EMPTY_WORDS else text


def as_str(value: Any, limit: int = 2000) -> str:
    """A text field as shown to people: other JSON values as JSON, never as a Python repr."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value[:limit]
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)[:limit]
    try:
        return json.dumps(value, ensure_ascii=False, default=lambda _: "?")[:limit]
    except (ValueError, TypeError, RecursionError):
        return ""


def as_bool(value: Any) -> bool | None:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.lower() in ("true", "false"):
        return value.lower() == "true"
    return None


def maybe_json(value: Any) -> Any:
    """`error_data` and batch `body` often arrive as JSON inside a string."""
    if isinstance(value, str | bytes) and len(value) < MAX_INPUT_CHARS:
        try:
            return json.loads(value)
        except (ValueError, RecursionError):
            return value  # too deep to read: the code next to it must still decode
    return value


def blame_fields(error_data: Any) -> tuple[str, ...]:
    if not isinstance(error_data, Mapping):
        return ()
    specs = error_data.get("blame_field_specs")
    paths: list[str] = []
    if isinstance(specs, list):
        for spec in specs[:50]:
            if isinstance(spec, list):
                path = ""
                for part in spec[:10]:
                    text = str(part)
                    if text.isdigit():
                        path += f"[{text}]"  # ["data", "0", "event_time"] -> data[0].event_time
                    elif isinstance(part, str | int):
                        path += f".{text}" if path else text
                if path:
                    paths.append(path)
            elif isinstance(spec, str | int):
                paths.append(str(spec))
    return tuple(dict.fromkeys(paths))


def nested_errors(error_data: Any, catalog: Catalog) -> tuple[NestedError, ...]:
    """Walk error_data (bounded) for objects that carry an `event_index`."""
    found: list[NestedError] = []
    stack: list[tuple[Any, int]] = [(error_data, 0)]
    visited = 0
    while stack and visited < 5000 and len(found) < 1000:
        node, depth = stack.pop()
        visited += 1
        node = maybe_json(node) if depth else node
        if isinstance(node, Mapping):
            if "event_index" in node:
                wrapped = node.get("error")
                inner: Mapping[str, Any] = wrapped if isinstance(wrapped, Mapping) else node
                code = as_int(inner.get("code", inner.get("error_code")))
                sub = as_int(inner.get("error_subcode", inner.get("subcode")))
                entry = None
                if code is not None:
                    entry = catalog.lookup(code, sub)
                elif sub is not None:
                    entry = catalog.get(str(sub))
                found.append(
                    NestedError(
                        as_int(node.get("event_index")),
                        code,
                        sub,
                        as_str(inner.get("error_user_msg") or inner.get("message"), 500),
                        entry,
                    )
                )
            elif depth < 5:
                stack.extend((v, depth + 1) for v in reversed(list(node.values())[:200]))
        elif isinstance(node, list) and depth < 5:
            stack.extend((v, depth + 1) for v in reversed(node[:1000]))
    return tuple(found)
