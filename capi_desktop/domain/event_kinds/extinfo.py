"""app_data.extinfo: Meta's 16 indexed device-info slots and a check of each one's meaning and type.

Source: Meta's "App Data Parameters" page (sources.APP_DATA): "all values are required and must
be in the order indexed below. If a value is missing, fill with an empty string"; slot 0 must be
`a2` (Android) or `i2` (iOS). Slot names as in the Business SDKs' ExtendedDeviceInfo class.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Literal

SlotType = Literal["version", "text", "int", "decimal"]


# Dataclasses, not NamedTuples like most start-path records: an `index` field would shadow
# tuple.index (mypy rejects it), and `index` is what lint and the Composer read.
@dataclass(frozen=True)
class Slot:
    index: int
    name: str
    kind: SlotType
    example: str


SLOTS: tuple[Slot, ...] = (
    Slot(0, "extinfo version", "version", "a2"),
    Slot(1, "app package name", "text", "com.example.app"),
    Slot(2, "short version", "text", "771"),
    Slot(3, "long version", "text", "Version 7"),
    Slot(4, "OS version", "text", "14.2"),
    Slot(5, "device model name", "text", "Pixel 8"),
    Slot(6, "locale", "text", "en_US"),
    Slot(7, "timezone abbreviation", "text", "PDT"),
    Slot(8, "carrier", "text", "Example Mobile"),
    Slot(9, "screen width", "int", "1080"),
    Slot(10, "screen height", "int", "2400"),
    Slot(11, "screen density", "decimal", "2.75"),
    Slot(12, "CPU cores", "int", "8"),
    Slot(13, "external storage size (GB)", "int", "128"),
    Slot(14, "free space on external storage (GB)", "int", "64"),
    Slot(15, "device timezone", "text", "America/Los_Angeles"),
)
SLOT_COUNT = len(SLOTS)
VERSIONS = {"a2": "Android", "i2": "iOS"}
_INT = re.compile(r"\d{1,12}")
_DECIMAL = re.compile(r"\d{1,6}(?:\.\d{1,6})?")


@dataclass(frozen=True)
class SlotProblem:
    index: int
    message: str


def example() -> list[str]:
    """A complete, plausible 16-slot Android extinfo (synthetic)."""
    return [slot.example for slot in SLOTS]


def slot_problems(extinfo: list[Any]) -> list[SlotProblem]:
    """Type/meaning problems of the slots present (the count is checked separately)."""
    problems: list[SlotProblem] = []
    for slot, value in zip(SLOTS, extinfo, strict=False):
        problem = _slot_problem(slot, value)
        if problem:
            problems.append(SlotProblem(slot.index, f"slot {slot.index} ({slot.name}) {problem}"))
    return problems


def _slot_problem(slot: Slot, value: Any) -> str | None:
    if slot.kind == "version":
        if value in VERSIONS:
            return None
        return f"is {value!r}; Meta requires 'a2' (Android) or 'i2' (iOS)"
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return f"is {type(value).__name__}; every slot is a string (empty string when unknown)"
    text = str(value).strip()
    if text == "":
        return None  # Meta: fill a missing value with an empty string
    if slot.kind == "int" and not _INT.fullmatch(text):
        return f"is {value!r}, expected a whole number like {slot.example!r}"
    if slot.kind == "decimal" and not _DECIMAL.fullmatch(text):
        return f"is {value!r}, expected a number like {slot.example!r}"
    return None


def is_complete(value: Any) -> bool:
    """16 slots, a valid version and every slot well typed: what the coverage meter credits."""
    return isinstance(value, list) and len(value) == SLOT_COUNT and not slot_problems(value)
