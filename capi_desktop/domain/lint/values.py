"""Small helpers lint rules share: human wording for values and durations."""

from __future__ import annotations

from typing import Any


def describe(value: Any) -> str:
    if isinstance(value, str):
        return f"a string ({value!r})" if len(value) <= 40 else "a string"
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, float):
        return f"a decimal number ({value!r})"
    if value is None:
        return "null"
    return f"a {type(value).__name__}" if not isinstance(value, int) else "an integer"


def duration(seconds: int) -> str:
    if seconds >= 2 * 86400:
        return f"{seconds // 86400} days"
    if seconds >= 2 * 3600:
        return f"{seconds // 3600} hours"
    if seconds >= 120:
        return f"{seconds // 60} minutes"
    return f"{seconds} seconds"
