"""The audit's "What to fix": one line per class of problem, counted from the very rows shown."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from capi_desktop.domain.audit.model import CATEGORY_LABELS, AuditRow, Category

# What to do, per deciding field; the row's own reason says what was seen.
_FIELD_FIX = {
    "pixel_id": "Send browser and server events to the same pixel (dataset); when the server"
    " log does not say which, give it (--pixel / the profile) so the audit can check.",
    "event_name": "Use exactly the same event name on both channels (case and spaces count).",
    "event_id": "Give both copies the same event ID: fbq(..., {eventID: id}) in the browser,"
    " event_id on the server, generated once per conversion.",
    "time_gap": "Send the server event soon after the browser event (within minutes), and"
    " event_time in seconds.",
    "fbp": "Forward the browser's _fbp cookie unchanged in user_data.fbp.",
    "fbc": "Forward the _fbc cookie (or build it from fbclid) unchanged in user_data.fbc.",
    "external_id": "Send external_id in the same form (hashed or not) on both channels.",
    "action_source": "Send website events with action_source 'website'.",
}
_CATEGORY_FIX: dict[Category, str] = {
    "browser_only": "Send these events from the server too, with the browser's event ID"
    " (or check that the server log covers the same period).",
    "server_only": "The Pixel did not fire (or was blocked) for these; if it should have, fire"
    " it with the same event ID. Otherwise Meta keeps the server copy.",
}
ORDER: tuple[Category, ...] = (
    "double_counted",
    "unknown",
    "at_risk",
    "browser_only",
    "server_only",
)


@dataclass(frozen=True)
class FixItem:
    """One class of problem: which outcome, the field that decided it, how many rows, the fix."""

    category: Category
    field: str | None
    count: int
    fix: str
    example: str

    @property
    def title(self) -> str:
        if self.category == "matched":  # the duplicate-ID line
            return "Duplicate event IDs"
        label = CATEGORY_LABELS[self.category]
        return f"{label}: {self.field}" if self.field else label


def _deciding_field(row: AuditRow) -> str | None:
    """The field whose row decided the pair's verdict (the first one with that impact)."""
    impact = {"matched": "deduplicated"}.get(row.category, row.category)
    return next((p.field for p in row.problems if p.impact == impact), None)


def _fix_for(field: str | None, category: Category) -> str:
    if category in _CATEGORY_FIX:
        return _CATEGORY_FIX[category]
    return _FIELD_FIX.get(field or "", "Make both copies carry the same, real value.")


def fix_list(rows: Sequence[AuditRow]) -> list[FixItem]:
    """Every row that is not a clean pair lands in exactly one item; duplicates get their own.

    Items come in order of harm (double counted first), then by count."""
    counts: Counter[tuple[Category, str | None]] = Counter()
    examples: dict[tuple[Category, str | None], str] = {}
    duplicates = 0
    duplicate_example = ""
    for row in rows:
        if row.duplicate:
            duplicates += 1
            duplicate_example = duplicate_example or (row.event_id or "")
        if row.category == "matched":
            continue
        key = (row.category, _deciding_field(row))
        counts[key] += 1
        examples.setdefault(key, row.reason)
    items = [
        FixItem(category, field, count, _fix_for(field, category), examples[(category, field)])
        for (category, field), count in counts.items()
    ]
    items.sort(key=lambda i: (ORDER.index(i.category), -i.count, i.field or ""))
    if duplicates:
        items.append(
            FixItem(
                "matched",
                None,
                duplicates,
                "Use one event ID per conversion: Meta keeps only the first event with an ID"
                " within 48 hours, so repeats of an ID are dropped.",
                f"event_id {duplicate_example!r} repeats" if duplicate_example else "",
            )
        )
    return items


def nothing_to_fix(rows: Sequence[AuditRow]) -> str:
    """The line shown when fix_list(rows) is empty (also for an empty audit)."""
    if not rows:
        return "Nothing to check: no browser hits or server events were read."
    return "Nothing: every pair is deduplicated cleanly."
