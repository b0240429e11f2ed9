"""The DuckDB engine and the in-memory engine (domain/audit/har_audit.py) give the same counts and rows.

Whatever domain/audit/har_audit.py decides is the reference: when its rules change (fallback pairing,
new key rules), this test shows where domain/audit/sql.py must follow.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.audit_engine.runner import EngineOptions, run_engine_audit
from capi_desktop.backend.audit_runner import run_audit
from capi_desktop.domain.audit.model import AuditReport
from tests.unit.backend.har_factory import (
    BASE_TS_MS,
    PIXEL,
    har_entry,
    other_entry,
    pixel_url,
    server_event,
    write_har,
    write_jsonl,
)

ROOT = Path(__file__).resolve().parents[3]


def _bench_generate() -> Any:
    spec = importlib.util.spec_from_file_location(
        "har_audit_bench", ROOT / "benchmarks/har_audit.py"
    )
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate


def _counts(report: AuditReport) -> dict[str, Any]:
    summary = report.summary_json()
    summary.pop("notes")
    return summary


def _problem_rows(report: AuditReport) -> list[tuple[Any, ...]]:
    return [
        (r.category, r.event_name, r.event_id, r.reason, r.duplicate, [p.field for p in r.problems])
        for r in report.rows
        if r.category != "matched" or r.duplicate
    ]


def _both(har: Path, server: Path, pixel: str | None = None) -> tuple[AuditReport, AuditReport]:
    memory = run_audit(har, server, pixel_id=pixel)
    engine = run_engine_audit([har], [server], options=EngineOptions(pixel_id=pixel))
    return memory, engine


def test_same_counts_and_reasons_on_the_benchmark_inputs(tmp_path: Path) -> None:
    har, server = _bench_generate()(tmp_path, 1200, 1200, 0)
    memory, engine = _both(har, server)
    assert _counts(engine) == _counts(memory)
    assert engine.totals.double_counted >= 60 and engine.totals.at_risk > 0
    assert _problem_rows(engine) == _problem_rows(memory)


def _edge_cases(tmp_path: Path) -> tuple[Path, Path]:
    t = BASE_TS_MS // 1000
    pairs: list[tuple[str, str | None, dict[str, Any]]] = [
        ("Purchase", "ok-1", {}),
        ("Purchase", "gap", {"event_time": t + 600}),  # 10 minutes: at risk
        ("Purchase", "late", {"event_time": t + 50 * 3600}),  # outside 48 h: double counted
        ("Purchase", "ms", {"event_time": t * 1000}),  # milliseconds: at risk
        ("Lead", "as", {"action_source": "email"}),  # not a website event: at risk
        ("Lead", "num", {}),  # numeric event_id on the server: at risk
        ("Lead", "CASE", {}),  # case differs: paired loosely, double counted
        ("Lead", " pad", {}),  # spaces differ
        ("Lead", "px", {}),  # other pixel
        ("Lead", None, {}),  # no ID on the browser side
        ("Lead", "dup", {}),
        ("Lead", "dup", {}),  # duplicate on both sides
        ("AddToCart", "no-time", {"event_time": None}),
        ("AddToCart", "str-time", {"event_time": f" {t} "}),
    ]
    entries = [other_entry(0)]
    events = []
    for index, (name, event_id, extra) in enumerate(pairs):
        entries.append(har_entry(pixel_url(name, event_id, BASE_TS_MS + index)))
        server_id: Any = event_id
        if event_id == "num":
            entries[-1] = har_entry(pixel_url(name, "1234", BASE_TS_MS))
            server_id = 1234
        elif event_id == "CASE":
            server_id = "case"
        elif event_id == " pad":
            entries[-1] = har_entry(pixel_url(name, "pad", BASE_TS_MS))
            server_id = "pad "
        elif event_id is None:
            server_id = "server-side-id"
        event = server_event(name, server_id, t + index, **extra)
        if event.get("event_time") is None:
            event.pop("event_time")
        events.append(event)
    entries.append(har_entry(pixel_url("Purchase", "browser-only", BASE_TS_MS)))
    entries.append(har_entry(pixel_url("Microdata", None, BASE_TS_MS)))  # technical: ignored
    events.append(server_event("Purchase", "server-only", t))
    events.append(server_event("Purchase", "", t))  # empty id
    har = write_har(tmp_path / "edge.har", entries)
    lines = [
        {"pixel_id": "999999999", "body": {"data": [e]}}
        if e.get("event_id") == "px"
        else {"pixel_id": PIXEL, "body": {"data": [e]}}
        for e in events
    ]
    server = tmp_path / "edge.jsonl"
    import json

    server.write_text("\n".join(json.dumps(line) for line in lines) + "\n", encoding="utf-8")
    return har, server


def test_same_verdicts_on_key_edge_cases(tmp_path: Path) -> None:
    har, server = _edge_cases(tmp_path)
    memory, engine = _both(har, server)
    assert _counts(engine) == _counts(memory)
    assert _problem_rows(engine) == _problem_rows(memory)
    assert memory.ignored_hits == engine.ignored_hits == 1
    # The cases really are different outcomes (the test would not catch a no-op otherwise).
    totals = engine.totals
    assert totals.at_risk >= 4 and totals.double_counted >= 3 and totals.duplicate_ids == 2


@pytest.mark.parametrize("pixel", [None, PIXEL])
def test_same_counts_when_server_events_do_not_name_a_pixel(
    tmp_path: Path, pixel: str | None
) -> None:
    entries = [har_entry(pixel_url("Purchase", f"o{i}", BASE_TS_MS + i)) for i in range(30)]
    events = [server_event("Purchase", f"o{i}", BASE_TS_MS // 1000 + i) for i in range(0, 30, 2)]
    har = write_har(tmp_path / "a.har", entries)
    server = write_jsonl(tmp_path / "s.jsonl", events, pixel=None)
    memory, engine = _both(har, server, pixel)
    assert _counts(engine) == _counts(memory)
    assert engine.totals.browser_only == 15 and engine.totals.total == 30


@pytest.mark.parametrize("fields", ["auto", "all", "sample"])
def test_every_field_mode_counts_exactly_like_the_memory_engine(
    tmp_path: Path, fields: str
) -> None:
    har, server = _bench_generate()(tmp_path, 1200, 1200, 0)
    memory = run_audit(har, server)
    engine = run_engine_audit([har], [server], options=EngineOptions(fields=fields))  # type: ignore[arg-type]
    assert _counts(engine) == _counts(memory)
    assert _problem_rows(engine) == _problem_rows(memory)
    judged = next(n for n in engine.notes if "pairs were judged in SQL" in n)
    if fields == "all":
        assert judged.startswith("0 of ")  # every pair went through compare
    else:  # the benchmark's pairs are plain: SQL decides all of them, compare none
        assert judged.endswith(" 0 went through the full field comparison.")


def test_a_real_world_request_body_reads_and_pairs_alike(tmp_path: Path) -> None:
    """A GTM template's logged body (tests/fixtures/realworld/export/SOURCES.md): a bogus
    top-level event_name and a masked pixel beside `data`; both engines read one Purchase."""
    body = (ROOT / "tests/fixtures/realworld/export/adsmurai-gtm-issue7-purchase.json").read_text(
        encoding="utf-8"
    )
    server = tmp_path / "gtm.jsonl"
    server.write_text(body.strip() + "\n" + body.strip() + "\n", encoding="utf-8")  # sent twice
    ts_ms = 1699294779 * 1000
    entries = [har_entry(pixel_url("Purchase", "1699294779348", ts_ms)), other_entry(1)]
    har = write_har(tmp_path / "gtm.har", entries)
    memory, engine = _both(har, server, PIXEL)
    assert _counts(engine) == _counts(memory)
    assert engine.server_events == 2 and engine.totals.duplicate_ids == 1
    assert engine.totals.server_only == 1
