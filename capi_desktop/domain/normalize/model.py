"""Value types of the normalization engine: context, warnings, per-field results, variants."""

from __future__ import annotations

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


class _Unfrozen:
    """FieldResult's exact slot layout without its frozen __setattr__: fill its slots with plain
    attribute stores, then set `__class__ = FieldResult` (what field_result does)."""

    __slots__ = FieldResult.__slots__
    key: str
    input: str
    normalized: str | None
    sha256: str | None
    status: str
    steps: tuple[str, ...]
    warnings: tuple[FieldWarning, ...]


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
    engine builds one per value; this takes a third of the time). The slots are filled on an
    object of the same layout, which then becomes a FieldResult: CPython allows moving an
    object between classes whose slots are the same, and the result is indistinguishable from
    the dataclass's own (test_field_result_builds_the_same_object_as_the_dataclass)."""
    result = _Unfrozen()
    result.key = key
    result.input = raw
    result.normalized = normalized
    result.sha256 = sha256
    result.status = status
    result.steps = steps
    result.warnings = warnings
    result.__class__ = FieldResult  # type: ignore[assignment]
    return result  # type: ignore[return-value]


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
