"""One value against one field-contract row: type, enum, format and URL checks with their wording."""

from __future__ import annotations

import math
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from capi_desktop.domain.lint.values import describe
from capi_desktop.domain.request.field_contract import FieldRow

_TYPE_WORDS = {
    "string": "a string",
    "integer": "an integer",
    "number": "a number",
    "boolean": "a boolean (true/false)",
    "object": "a JSON object",
    "array": "a JSON array",
}


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 alpha-3 codes (upper-case), loaded once on first use."""
    import pycountry  # ~20 ms to load its database: keep it off the import path

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def type_ok(value: Any, type_name: str) -> bool:
    if type_name == "string":
        return isinstance(value, str)
    if type_name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if type_name == "number":
        if isinstance(value, bool):
            return False
        # ints are exact (math.isfinite(10**400) raises OverflowError); floats must be finite
        return isinstance(value, int) or (isinstance(value, float) and math.isfinite(value))
    if type_name == "boolean":
        return isinstance(value, bool)
    if type_name == "object":
        return isinstance(value, dict)
    if type_name == "array":
        return isinstance(value, list)
    return type_name == "hashed"  # user_data_rules judge hashed keys


def value_problem(row: FieldRow, value: Any) -> tuple[str, str, str, int | None] | None:
    """(rule suffix, message, fix, item index) for the first way `value` breaks `row`, or None."""
    name = row.key if row.slot is None else f"{row.key} ({row.slot})"
    if not any(type_ok(value, t) for t in row.types):
        expected = " or ".join(_TYPE_WORDS.get(t, t) for t in row.types)
        return (
            "wrong_type",
            f"{name} is {describe(value)}; Meta expects {expected}.",
            type_fix(row, value),
            None,
        )
    if row.enum and value not in row.enum:
        allowed = ", ".join(repr(v) if not isinstance(v, str) else v for v in row.enum)
        hint = ""
        if isinstance(value, str):
            close = next(
                (
                    v
                    for v in row.enum
                    if isinstance(v, str) and v.casefold() == value.strip().casefold()
                ),
                None,
            )
            hint = f" (values are exact: {close!r})" if close else ""
        return (
            "not_allowed_value",
            f"{name} {value!r} is not one of Meta's values{hint}.",
            f"Use one of: {allowed}.",
            None,
        )
    if row.items is not None and isinstance(value, list):
        for index, item in enumerate(value):
            if not type_ok(item, row.items):
                return (
                    "wrong_type",
                    f"{name}[{index}] is {describe(item)}; Meta expects {_TYPE_WORDS[row.items]} in each item.",
                    type_fix(row, item),
                    index,
                )
            if row.items == "string" and not item.strip():
                return (
                    "empty",
                    f"{name}[{index}] is an empty string.",
                    "Remove empty IDs; send the catalog ID of each product.",
                    index,
                )
    found = format_problem(row, name, value)
    return None if found is None else (*found, None)


def type_fix(row: FieldRow, value: Any) -> str:
    first = row.items if row.items and isinstance(value, str | int | float) else row.types[0]
    if first in ("number", "integer") and isinstance(value, str):
        return f"Send it as a JSON {first} without quotes, e.g. {row.valid!r}."
    if first == "boolean" and isinstance(value, str | int):
        return "Send true or false without quotes."
    if first == "string" and isinstance(value, int | float) and not isinstance(value, bool):
        return f"Send it as a string: {str(value)!r}."
    if first == "integer" and isinstance(value, float):
        return "Send a whole number (no decimal part)."
    example = repr(row.valid) if row.valid is not None else first
    return f"Send {_TYPE_WORDS.get(first, first)}, e.g. {example}."


def format_problem(row: FieldRow, name: str, value: Any) -> tuple[str, str, str] | None:
    fmt = row.fmt
    if fmt is None:
        return None
    if fmt == "nonempty":
        if isinstance(value, str) and not value.strip():
            return "empty", f"{name} is an empty string.", f"Remove {row.key} or fill it in."
        return None
    if fmt == "url":
        if not isinstance(value, str) or url_problem(value) is None:
            return None
        return (
            "bad_format",
            f"{name} {short_value(value)} is not an absolute http(s) URL ({url_problem(value)}).",
            "Send the full page URL, e.g. https://shop.example.com/checkout/thanks.",
        )
    if fmt == "iso4217":
        if isinstance(value, str) and value.strip().upper() in currency_codes():
            if value != value.strip():
                return (
                    "invalid",
                    f"{name} {value!r} has surrounding whitespace.",
                    f"Send {value.strip()!r}.",
                )
            return None
        return (
            "invalid",
            f"{name} {value!r} is not an ISO 4217 currency code.",
            "Use the three-letter code, e.g. USD, EUR, GBP.",
        )
    if fmt.startswith("digits"):
        text = str(value) if not isinstance(value, bool) else ""
        low, high = format_bounds(fmt)
        if text.isdigit() and low <= len(text) <= high:
            return None
        size = f" of {low}–{high} digits" if high < 99 else ""
        return (
            "bad_format",
            f"{name} {short_value(value)} is not a numeric ID{size}.",
            f"Send the ID exactly as Meta issued it{size} (digits only).",
        )
    if fmt.startswith("range:") and isinstance(value, int | float) and not isinstance(value, bool):
        low_text, _, high_text = fmt[6:].partition("-")
        if float(low_text) <= value <= float(high_text):
            return None
        return (
            "out_of_range",
            f"{name} is {value!r}; Meta expects a value from {low_text} to {high_text}.",
            f"Send a share between {low_text} and {high_text}, e.g. 0.5.",
        )
    return None


def format_bounds(fmt: str) -> tuple[int, int]:
    if ":" not in fmt:
        return 1, 99
    low, _, high = fmt.partition(":")[2].partition("-")
    return int(low), int(high)


def short_value(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…"


def url_problem(value: str) -> str | None:
    try:
        parts = urlsplit(value.strip())
    except ValueError:
        return "it cannot be parsed"
    if parts.scheme not in ("http", "https"):
        return "no http:// or https:// scheme" if not parts.scheme else f"scheme {parts.scheme!r}"
    if not parts.netloc or " " in value.strip():
        return "no host" if not parts.netloc else "it contains spaces"
    return None
