"""Lenient readers for Meta's quality JSON: numbers as text, wrapped edges, {percentage, description}."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.values import lenient_number


def as_int(value: Any) -> int | None:
    number = lenient_number(value)
    return int(number) if number is not None else None


def as_obj(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def as_list(value: Any) -> list[Any]:
    if isinstance(value, Mapping) and isinstance(value.get("data"), list):
        return list(value["data"])  # a Graph edge wrapped as {"data": [...]}
    return list(value) if isinstance(value, list) else []


def extra_keys(data: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in known}


def percentage(block: Any) -> float | None:
    """Meta sends {percentage, description}; a bare number is accepted too."""
    if isinstance(block, Mapping):
        return lenient_number(block.get("percentage"))
    return lenient_number(block)


def description_of(block: Any) -> str:
    return str(as_obj(block).get("description") or "")
