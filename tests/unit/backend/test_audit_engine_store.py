"""The kept report reads back exactly as it was written (JSON Lines: a head, then a line a row)."""

from __future__ import annotations

from capi_desktop.backend.audit_engine.store import report_from_json, report_to_json
from capi_desktop.domain.audit.model import AuditReport, AuditRow, EventStats
from capi_desktop.domain.dedup.model import CompareRow


def test_a_report_survives_the_round_trip_line_breaks_and_all() -> None:
    problem = CompareRow("fbp", "fb.1.1\nx", None, "differs", "line\nbreak \u2028 é", "at_risk")
    rows = (
        AuditRow("at_risk", "Purchase", "e\n1", "123", 1_764_000_000, 1.5e9, "why", (problem,)),
        AuditRow("server_only", None, None, None, None, None, "", duplicate=True),
    )
    report = AuditReport(
        totals=EventStats("all", matched=1, at_risk=1),
        per_event=(EventStats("Purchase", at_risk=1),),
        rows=rows,
        browser_hits=1,
        server_events=2,
        ignored_hits=0,
        sources={"har": "a.har", "server": "s.jsonl"},
        notes=("a note\nover two lines",),
    )
    text = report_to_json(report)
    assert len(text.splitlines()) == 1 + len(rows)
    assert report_from_json(text) == report
