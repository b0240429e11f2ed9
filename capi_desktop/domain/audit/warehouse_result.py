"""A warehouse's aggregated pairing result (domain/audit_sql.aggregate_sql) as an AuditReport."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from typing import Any

from capi_desktop.domain.audit.model import CATEGORIES, AuditReport, Category, EventStats
from capi_desktop.domain.audit.sql import KEY_VERDICT_REASONS

OUTCOME_CATEGORY: dict[str, Category] = {
    "deduplicated": "matched",
    "matched": "matched",
    "at_risk": "at_risk",
    "unknown": "unknown",
    "double_counted": "double_counted",
    "browser_only": "browser_only",
    "server_only": "server_only",
}
KEYS_ONLY_NOTE = (
    "Verdicts from the warehouse query judge the dedup keys only (pixel, event name, event ID,"
    " 48-hour window, 5-minute browser preference, action_source): fields such as user data,"
    " URL or value were not compared, and they can only lower a deduplicated pair to at risk."
    " A pair whose side does not name its pixel is unknown."
)


class ResultError(ValueError):
    """The file is not an aggregated audit result; the message says which record and why."""


def _count(value: Any, where: str) -> int:
    try:
        count = int(str(value).strip())
    except ValueError:
        raise ResultError(f"{where}: events is not a whole number ({value!r})") from None
    if count < 0:
        raise ResultError(f"{where}: events is negative")
    return count


def report_from_counts(records: Iterable[Mapping[str, Any]], source: str) -> AuditReport:
    """Records of (event_name, outcome, reason, events), one per group the query returned."""
    per: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: Counter[str] = Counter()
    seen = 0
    for number, record in enumerate(records, 1):
        where = f"record {number}"
        outcome = str(record.get("outcome", "")).strip()
        if outcome not in OUTCOME_CATEGORY:
            raise ResultError(
                f"{where}: unknown outcome {outcome!r} (expected one of"
                f" {', '.join(sorted(OUTCOME_CATEGORY))})"
            )
        count = _count(record.get("events"), where)
        name = str(record.get("event_name") or "(no name)")
        per[name][OUTCOME_CATEGORY[outcome]] += count
        reason = str(record.get("reason") or "")
        if reason in KEY_VERDICT_REASONS and reason:
            reasons[reason] += count
        seen += 1
    if seen == 0:
        raise ResultError("no records: expected the columns event_name, outcome, reason, events")
    total: Counter[str] = Counter()
    for counts in per.values():
        total.update(counts)

    def build(name: str, counts: Counter[str]) -> EventStats:
        return EventStats(name, **{c: counts[c] for c in CATEGORIES})

    notes = [KEYS_ONLY_NOTE]
    notes += [f"{count:,} × {KEY_VERDICT_REASONS[code]}" for code, count in reasons.most_common()]
    paired = sum(total[c] for c in ("matched", "at_risk", "double_counted"))
    return AuditReport(
        totals=build("all", total),
        per_event=tuple(build(name, per[name]) for name in sorted(per)),
        rows=(),
        browser_hits=paired + total["browser_only"],
        server_events=paired + total["server_only"],
        sources={"har": "(warehouse)", "server": source},
        notes=tuple(notes),
    )
