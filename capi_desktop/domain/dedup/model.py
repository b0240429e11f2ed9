"""Value types of the browser-vs-server dedup comparison: rows, verdicts, display helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

Verdict = Literal["deduplicated", "at_risk", "unknown", "double_counted"]
Status = Literal["match", "differs", "missing", "info", "risk", "unread"]

# Least to most severe. "unknown": the rules cannot decide (a key was not read, or the docs are
# silent); it outranks at_risk (which presumes the keys match) and yields to double_counted
# (a difference that makes Meta count both whatever the unread part says).
VERDICTS: tuple[Verdict, ...] = ("deduplicated", "at_risk", "unknown", "double_counted")
VERDICT_LABELS: dict[Verdict, str] = {
    "deduplicated": "Deduplicated",
    "at_risk": "At risk",
    "unknown": "Unknown",
    "double_counted": "Double counted",
}
DEDUP_WINDOW_S = 48 * 3600  # [DOC:dedup]: duplicates within 48 h of the first event are dropped
BROWSER_FAVOURED_S = 5 * 60  # [DOC:server-event]: within ~5 minutes the browser copy is kept


@dataclass(frozen=True)
class CompareRow:
    """One compared field. `impact` is the verdict this row alone forces (UI colour, summary)."""

    field: str
    browser: str | None
    server: str | None
    status: Status
    reason: str
    impact: Verdict = "deduplicated"

    def to_json(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "browser": self.browser,
            "server": self.server,
            "status": self.status,
            "reason": self.reason,
        }


@dataclass(frozen=True)
class Comparison:
    """The overall verdict, the rows behind it, the deciding reason and a plain summary."""

    verdict: Verdict
    rows: tuple[CompareRow, ...]
    summary: str
    reason: str = ""  # the row that decided the verdict, in words (Compare and Audit show it)
    notes: tuple[str, ...] = ()  # what could not be read from the inputs, shown by the verdict

    def row(self, field: str) -> CompareRow | None:
        return next((r for r in self.rows if r.field == field), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "reason": self.reason,
            "summary": self.summary,
            "notes": list(self.notes),
            "rows": [r.to_json() for r in self.rows],
        }


def worst(verdicts: list[Verdict]) -> Verdict:
    """The most severe verdict of a list (deduplicated when empty)."""
    return max(verdicts, key=VERDICTS.index, default="deduplicated")


def short_hash(value: str) -> str:
    """First 8 characters of a hash, enough to tell values apart without exposing them."""
    return value if len(value) <= 8 else value[:8] + "…"


def show(value: Any) -> str | None:
    """A compact display string; None stays None (absent), strings are quoted only if padded."""
    if value is None:
        return None
    if isinstance(value, str):
        return repr(value) if value != value.strip() or not value else value
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def show_time(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    try:
        moment = datetime.fromtimestamp(seconds, UTC)
    except (OverflowError, OSError, ValueError):
        return str(seconds)
    return moment.strftime("%Y-%m-%d %H:%M:%S UTC")


def show_duration(seconds: float) -> str:
    seconds = abs(seconds)
    if seconds < 120:
        return f"{seconds:g} s"
    if seconds < 7200:
        return f"{seconds / 60:.1f} min"
    if seconds < 3 * 86400:
        return f"{seconds / 3600:.1f} h"
    return f"{seconds / 86400:.1f} days"
