"""Read a warehouse's aggregated audit result: CSV with a header, a JSON array or JSON Lines."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

from capi_desktop.domain.audit.model import AuditReport
from capi_desktop.domain.audit.warehouse_result import ResultError, report_from_counts

_MAX_BYTES = 64 << 20  # an aggregate is a few hundred rows; anything this big is the wrong file


def _records(text: str) -> list[dict[str, Any]]:
    stripped = text.lstrip("\ufeff").strip()
    if stripped.startswith(("[", "{")):
        try:
            value = json.loads(stripped)
        except json.JSONDecodeError:
            value = None
        if isinstance(value, list):
            return [r for r in value if isinstance(r, dict)]
        if isinstance(value, dict):
            return [value]
        records = []
        for number, line in enumerate(stripped.splitlines(), 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ResultError(f"line {number}, column {exc.colno}: {exc.msg}") from None
            if isinstance(record, dict):
                records.append(record)
        return records
    return list(csv.DictReader(stripped.splitlines()))


def read_result(path: Path) -> AuditReport:
    """The report a warehouse result file describes. Raises ResultError or OSError."""
    if path.stat().st_size > _MAX_BYTES:
        raise ResultError(
            f"{path.name} is {path.stat().st_size >> 20} MB: an aggregated result is small;"
            " run the query printed by --emit-sql (it groups by event name and outcome)"
        )
    text = path.read_text(encoding="utf-8", errors="replace")
    return report_from_counts(_records(text), path.name)
