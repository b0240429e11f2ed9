"""One verdict per typed user_data value: what normalization does to it, for lint and coverage alike.

The Composer hashes what the user types, so the request only holds hashes (or nothing, when a value
cannot be normalized). These verdicts are how lint and the coverage meter still see the typed value:
a value that is dropped, or that cannot match as typed, is a finding with the field's path and is
not counted as a valid key.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from capi_desktop.domain.lint.findings import Collector, Finding
from capi_desktop.domain.normalize import FieldResult, NormalizeContext, normalize
from capi_desktop.domain.request.json_locate import PathPart

DROPPED = "user_data.value_dropped"
UNMATCHABLE = "user_data.value_unmatchable"
CHANGED = "user_data.value_changed"
FORM_VALUE_RULES = frozenset({DROPPED, UNMATCHABLE, CHANGED})
# Advice, not a matching problem: the value itself is fine.
_NOTE_WARNINGS = frozenset({"external_id.consistency", "ph.country_assumed"})
_COSMETIC = ("trimmed", "lowercased", "kept non-ASCII", "note:")


@dataclass(frozen=True)
class ValueVerdict:
    """A typed value, its normalization and the finding it earns (rule None: nothing to say)."""

    key: str
    raw: str
    result: FieldResult
    rule: str | None
    message: str
    fix: str

    @property
    def usable(self) -> bool:
        """False when the value is dropped or cannot match: coverage must not count it."""
        return self.rule not in (DROPPED, UNMATCHABLE)


def judge_value(key: str, raw: str, context: NormalizeContext) -> ValueVerdict:
    result = normalize(key, raw, context=context)
    warnings = [w for w in result.warnings if w.id not in _NOTE_WARNINGS]
    if result.status == "error":
        reason = warnings[0].message if warnings else "it cannot be normalized"
        return ValueVerdict(
            key,
            raw,
            result,
            DROPPED,
            f"{key} {raw!r} cannot be normalized ({reason}); it is left out of the request, "
            "so Meta never receives it.",
            "Correct the value, or clear it.",
        )
    if result.status in ("never_hash",):
        return ValueVerdict(key, raw, result, None, "", "")
    if warnings:
        return ValueVerdict(
            key,
            raw,
            result,
            UNMATCHABLE,
            f"{key} {raw!r}: "
            + " ".join(w.message for w in warnings)
            + " Meta receives the hash, but as typed it is unlikely to match anyone.",
            "Correct the value as the warning says (for phones: include the country code).",
        )
    if key == "em" and result.normalized and not result.normalized.isascii():
        odd = "".join(sorted({c for c in result.normalized if not c.isascii()}))
        return ValueVerdict(
            key,
            raw,
            result,
            UNMATCHABLE,
            f"em {raw!r} contains non-ASCII characters ({odd}): Meta's Node SDK and parameter "
            "builder reject such addresses and the Python SDK hashes them as typed, so the hash "
            "rarely matches an account.",
            "Check the address for a typo (copy it from the order, not from a rendered page).",
        )
    changes = [s for s in result.steps if not s.startswith(_COSMETIC)]
    if result.status == "changed" and changes:
        return ValueVerdict(
            key,
            raw,
            result,
            CHANGED,
            f"{key} {raw!r} is sent as {result.normalized!r}: " + "; ".join(changes) + ".",
            "Nothing to do if that is what you meant; otherwise correct the value.",
        )
    return ValueVerdict(key, raw, result, None, "", "")


def verdict_findings(
    event_index: int, verdicts: Iterable[tuple[PathPart | None, ValueVerdict]]
) -> list[Finding]:
    """Findings for typed values; each pair is (list index or None, verdict) under user_data.key."""
    out = Collector()
    for item, verdict in verdicts:
        if verdict.rule is None:
            continue
        path: list[PathPart] = ["data", event_index, "user_data", verdict.key]
        if item is not None:
            path.append(item)
        out.add(verdict.rule, path, verdict.message, verdict.fix)
    return out.findings


def unusable_keys(verdicts: Iterable[ValueVerdict]) -> Mapping[str, str]:
    """Keys whose every typed value is unusable → the reason (for the coverage meter)."""
    usable: set[str] = set()
    reasons: dict[str, str] = {}
    for verdict in verdicts:
        if verdict.usable:
            usable.add(verdict.key)
        else:
            reasons.setdefault(
                verdict.key,
                "dropped: cannot be normalized"
                if verdict.rule == DROPPED
                else "cannot match as typed",
            )
    return {key: reason for key, reason in reasons.items() if key not in usable}
