"""The audit database kept beside the report: which inputs it was built from, and its result."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from capi_desktop.domain.audit.model import AuditReport, AuditRow, EventStats
from capi_desktop.domain.dedup.model import CompareRow

Connection = Any  # duckdb.DuckDBPyConnection
SCHEMA_VERSION = 3  # 3: the report stored as JSON Lines
_HEAD = 1 << 20


def file_fingerprint(path: Path) -> dict[str, Any]:
    """Size, mtime and a hash of the first MiB: enough to tell a re-export from the same file."""
    stat = path.stat()
    with path.open("rb") as handle:
        head = hashlib.sha256(handle.read(_HEAD)).hexdigest()
    return {
        "path": str(path.resolve()),
        "size": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "head": head,
    }


def inputs_key(hars: Sequence[Path], servers: Sequence[Path], options: Mapping[str, Any]) -> str:
    """One string naming the inputs and the options the result depends on."""
    return json.dumps(
        {
            "schema": SCHEMA_VERSION,
            "hars": [file_fingerprint(p) for p in hars],
            "servers": [file_fingerprint(p) for p in servers],
            "options": dict(options),
        },
        sort_keys=True,
    )


_ROW_FIELDS = tuple(f.name for f in dataclasses.fields(AuditRow) if f.name != "problems")
_PROBLEM_FIELDS = tuple(f.name for f in dataclasses.fields(CompareRow))


def _row_to_json(row: AuditRow) -> str:
    data: dict[str, Any] = {name: getattr(row, name) for name in _ROW_FIELDS}
    data["problems"] = [{name: getattr(p, name) for name in _PROBLEM_FIELDS} for p in row.problems]
    return json.dumps(data)


def _row_from_json(text: str) -> AuditRow:
    data = json.loads(text)
    problems = tuple(CompareRow(**p) for p in data.pop("problems"))
    return AuditRow(**data, problems=problems)


def report_to_json(report: AuditReport) -> str:
    """The report as JSON Lines: its head, then one line a row (one json.dumps of every row
    holds the GIL throughout: the UI thread waited while a worker saved the report)."""
    head = {
        "totals": dataclasses.asdict(report.totals),
        "per_event": [dataclasses.asdict(s) for s in report.per_event],
        "browser_hits": report.browser_hits,
        "server_events": report.server_events,
        "ignored_hits": report.ignored_hits,
        "sources": report.sources,
        "notes": list(report.notes),
    }
    return "\n".join([json.dumps(head), *(_row_to_json(r) for r in report.rows)])


def report_from_json(text: str) -> AuditReport:
    first, *rows = text.split("\n")
    data = json.loads(first)
    return AuditReport(
        totals=EventStats(**data["totals"]),
        per_event=tuple(EventStats(**s) for s in data["per_event"]),
        rows=tuple(_row_from_json(r) for r in rows),
        browser_hits=data["browser_hits"],
        server_events=data["server_events"],
        ignored_hits=data["ignored_hits"],
        sources=data["sources"],
        notes=tuple(data["notes"]),
    )


def cached_report(con: Connection, key: str) -> AuditReport | None:
    """The stored result when the database was built from exactly these inputs, else None."""
    try:
        row = con.execute("SELECT report FROM audit_result WHERE inputs = ?", [key]).fetchone()
    except Exception:  # no such table: a new or foreign database
        return None
    if row is None:
        return None
    try:
        return report_from_json(row[0])
    except (ValueError, KeyError, TypeError):
        return None  # written by another version: rebuild


def save_report(con: Connection, key: str, report: AuditReport) -> None:
    con.execute("CREATE OR REPLACE TABLE audit_result (inputs VARCHAR, report VARCHAR)")
    con.execute("INSERT INTO audit_result VALUES (?, ?)", [key, report_to_json(report)])


def cached_db_path(
    folder: Path, hars: Sequence[Path], servers: Sequence[Path], keep: int = 5
) -> Path:
    """Where the app keeps the database of an audit of these files; old ones beyond `keep` go."""
    folder.mkdir(parents=True, exist_ok=True)
    names = json.dumps([str(p.resolve()) for p in [*hars, *servers]])
    path = folder / f"audit-{hashlib.sha256(names.encode()).hexdigest()[:16]}.duckdb"
    others = sorted(
        (p for p in folder.glob("audit-*.duckdb") if p != path),
        key=lambda p: p.stat().st_mtime,
        reverse=True,
    )
    for old in others[keep - 1 :]:
        old.unlink(missing_ok=True)
        old.with_name(old.name + ".wal").unlink(missing_ok=True)
    return path
