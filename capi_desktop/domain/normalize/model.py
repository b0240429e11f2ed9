"""Value types of the normalization engine: context, warnings, per-field results, variants."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

STATUSES = ("ok", "changed", "warning", "error", "already_hashed", "never_hash")


@dataclass(frozen=True)
class NormalizeContext:
    """What a rule may need besides the value: the default country and the clock.

    default_country: ISO 3166-1 alpha-2 (any case) used for phones, states, zips and dates.
    now: reference time for fbc/fbp/db checks; None means the current UTC time.
    """

    default_country: str | None = None
    now: datetime | None = None

    def current_time(self) -> datetime:
        """`now` as an aware UTC datetime (naive values are taken as UTC)."""
        if self.now is None:
            return datetime.now(UTC)
        if self.now.tzinfo is None:
            return self.now.replace(tzinfo=UTC)
        return self.now


@dataclass(frozen=True)
class FieldWarning:
    """A finding about one value; `id` is stable (e.g. "phone.no_country") for lint and tests."""

    id: str
    message: str


@dataclass(frozen=True, slots=True)
class FieldResult:
    """The outcome of normalizing one value of one user_data key.

    status: "ok" (already normalized), "changed" (normalized differs from input), "warning"
    (usable but check the warnings), "error" (do not send; normalized and sha256 are None),
    "already_hashed" (a hash passed through; `normalized` is the value to send as-is, `sha256`
    its 64-hex part or None for MD5), "never_hash" (a key Meta wants in clear text; sha256 None).
    `already_hashed` and `never_hash` keep their status when warnings are attached.
    Slotted: the engine caches results, and a slotted one is a third of the memory.
    """

    key: str
    input: str
    normalized: str | None
    sha256: str | None
    status: str
    steps: tuple[str, ...] = ()
    warnings: tuple[FieldWarning, ...] = ()

    @property
    def ok(self) -> bool:
        """True when the value can be sent (anything but an error)."""
        return self.status != "error"

    def to_json(self) -> dict[str, Any]:
        """The JSON shape used by `capi-desktop normalize --jsonl` and exports."""
        return {
            "field": self.key,
            "input": self.input,
            "normalized": self.normalized,
            "sha256": self.sha256,
            "status": self.status,
            "steps": list(self.steps),
            "warnings": [{"id": w.id, "message": w.message} for w in self.warnings],
        }


_new = object.__new__


def _setter(name: str) -> Callable[[FieldResult, object], None]:
    """The slot's own setter: bypasses the frozen __setattr__ as dataclass __init__ does."""
    setter: Callable[[FieldResult, object], None] = getattr(FieldResult, name).__set__
    return setter


_set_key = _setter("key")
_set_input = _setter("input")
_set_normalized = _setter("normalized")
_set_sha256 = _setter("sha256")
_set_status = _setter("status")
_set_steps = _setter("steps")
_set_warnings = _setter("warnings")


def field_result(
    key: str,
    raw: str,
    normalized: str | None,
    sha256: str | None,
    status: str,
    steps: tuple[str, ...] = (),
    warnings: tuple[FieldWarning, ...] = (),
) -> FieldResult:
    """FieldResult(...) without the frozen __init__'s seven object.__setattr__ calls (the
    engine builds one per value; this takes half the time). The object is the same."""
    result: FieldResult = _new(FieldResult)
    _set_key(result, key)
    _set_input(result, raw)
    _set_normalized(result, normalized)
    _set_sha256(result, sha256)
    _set_status(result, status)
    _set_steps(result, steps)
    _set_warnings(result, warnings)
    return result


@dataclass(frozen=True)
class Variant:
    """What one implementation (Meta docs, an SDK, a tag template) makes of a value."""

    implementation: str
    label: str
    normalized: str | None
    sha256: str | None
    note: str
    differs_from_docs: bool
    sent: str | None = None  # exactly what goes on the wire (may carry a ".<appendix>")
    outcome: str = (
        "value"  # "value", "null" (sends [null]), "omitted", "error" (raises), "rejected"
    )
    provenance: str = ""  # "checked against … by running it" or "modelled from …, not run"

    def to_json(self) -> dict[str, Any]:
        """JSON form used by `capi-desktop hash --json --variants` and exports."""
        return {
            "implementation": self.implementation,
            "label": self.label,
            "normalized": self.normalized,
            "sha256": self.sha256,
            "note": self.note,
            "differs_from_docs": self.differs_from_docs,
            "sent": self.sent,
            "outcome": self.outcome,
            "provenance": self.provenance,
        }
