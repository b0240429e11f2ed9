"""Value types of the HAR audit: server events, paired rows, per-event counts, the report."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

from capi_desktop.domain.dedup.model import CompareRow

Category = Literal["matched", "at_risk", "unknown", "double_counted", "browser_only", "server_only"]
CATEGORIES: tuple[Category, ...] = (
    "matched",
    "at_risk",
    "unknown",
    "double_counted",
    "browser_only",
    "server_only",
)
CATEGORY_LABELS: dict[Category, str] = {
    "matched": "Deduplicated",
    "at_risk": "At risk",
    "unknown": "Unknown",
    "double_counted": "Double counted",
    "browser_only": "Browser only",
    "server_only": "Server only",
}


@dataclass(frozen=True)
class ServerEvent:
    """One server-side event (`data[i]`), the pixel it went to if known, and where it was read."""

    event: dict[str, Any]
    pixel_id: str | None
    origin: str


@dataclass(frozen=True)
class AuditRow:
    """One browser/server pair or one unpaired event. `problems` holds only the rows that hurt."""

    category: Category
    event_name: str | None
    event_id: str | None
    pixel_id: str | None
    browser_time: int | None
    server_time: float | None
    reason: str
    problems: tuple[CompareRow, ...] = ()
    duplicate: bool = False
    browser_origin: str | None = None
    server_origin: str | None = None


@dataclass(frozen=True)
class EventStats:
    """Counts for one event name (or for everything, with event_name "all")."""

    event_name: str
    matched: int = 0
    at_risk: int = 0
    unknown: int = 0
    double_counted: int = 0
    browser_only: int = 0
    server_only: int = 0
    duplicate_ids: int = 0

    @property
    def total(self) -> int:
        """Distinct events: each pair counts once, each unpaired event once."""
        return sum(getattr(self, c) for c in CATEGORIES)

    @property
    def dedup_rate(self) -> float | None:
        """Share of distinct events that Meta deduplicates (matched + at risk), None if empty."""
        total = self.total
        return None if total == 0 else (self.matched + self.at_risk) / total

    def to_json(self) -> dict[str, Any]:
        return {
            "event_name": self.event_name,
            **{c: getattr(self, c) for c in CATEGORIES},
            "duplicate_ids": self.duplicate_ids,
            "dedup_rate": None if self.dedup_rate is None else round(self.dedup_rate, 4),
        }


@dataclass(frozen=True)
class AuditReport:
    """The audit outcome. `rows` lists every pair and unpaired event in a stable order."""

    totals: EventStats
    per_event: tuple[EventStats, ...]
    rows: tuple[AuditRow, ...]
    browser_hits: int
    server_events: int
    ignored_hits: int = 0
    sources: dict[str, str] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    def pixel_ids(self) -> set[str]:
        """The datasets the audited events went to (as read; unknown ones are left out)."""
        return {row.pixel_id for row in self.rows if row.pixel_id}

    def summary_json(self) -> dict[str, Any]:
        """Counts only (what `capi-desktop audit --json` prints)."""
        return {
            "browser_hits": self.browser_hits,
            "server_events": self.server_events,
            "ignored_hits": self.ignored_hits,
            **{c: getattr(self.totals, c) for c in CATEGORIES},
            "duplicate_ids": self.totals.duplicate_ids,
            "dedup_rate": self.totals.to_json()["dedup_rate"],
            "per_event": [s.to_json() for s in self.per_event],
            "notes": list(self.notes),
            **self._fixes_json(),
        }

    def _fixes_json(self) -> dict[str, Any]:
        from capi_desktop.domain.audit.report_fixes import fix_list, nothing_to_fix

        fixes = [
            {"title": i.title, "category": i.category, "field": i.field, "count": i.count,
             "fix": i.fix}
            for i in fix_list(self.rows)
        ]  # fmt: skip
        return {"fixes": fixes, "nothing_to_fix": nothing_to_fix(self.rows)}
