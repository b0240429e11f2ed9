"""Lenient readings of JSON values as people and SDKs send them (numbers as text, and so on)."""

from __future__ import annotations

import math
from typing import Any


def lenient_number(value: Any) -> float | None:
    """A number, or numeric text ("42.5", " 7 "), as float; None for anything else (bools too:
    True is not 1 here)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    if isinstance(value, str):
        try:
            return float(value.strip())
        except ValueError:
            return None
    return None


def finite_number(value: Any) -> float | None:
    """lenient_number without NaN and infinities ("NaN", "1e999", "inf" are not numbers here)."""
    number = lenient_number(value)
    return number if number is not None and math.isfinite(number) else None
