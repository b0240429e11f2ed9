"""Server logs whose names DuckDB would read as a glob are read as the one file named."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from capi_desktop.backend.audit_engine.runner import EngineOptions, run_engine_audit
from capi_desktop.domain.audit.duckdb_paths import file_sql, literal_path
from capi_desktop.domain.audit.field_sql import sql_string
from tests.unit.backend.har_factory import (
    BASE_TS_MS,
    PIXEL,
    har_entry,
    pixel_url,
    server_event,
    write_har,
    write_jsonl,
)

T = BASE_TS_MS // 1000


def _events(count: int) -> list[dict[str, object]]:
    return [server_event("Purchase", f"o{i}", T + i) for i in range(count)]


def _to(kind: str, source: Path, target: Path) -> Path:
    if kind == "jsonl":
        target.write_bytes(source.read_bytes())
    else:
        con = duckdb.connect()  # COPY TO writes the name as given (no glob)
        fmt = "(FORMAT parquet)" if kind == "parquet" else "(FORMAT csv, HEADER)"
        con.execute(
            "COPY (SELECT event_name, event_id, event_time, action_source"
            f" FROM read_json({file_sql(str(source))})) TO {sql_string(str(target))} {fmt}"
        )
        con.close()
    return target


@pytest.mark.parametrize("kind", ["jsonl", "csv", "parquet"])
@pytest.mark.parametrize("name", ["export[1]", "export*", "export?"])
def test_a_glob_like_name_reads_that_file_not_its_neighbours(
    tmp_path: Path, kind: str, name: str
) -> None:
    har = write_har(
        tmp_path / "a.har",
        [har_entry(pixel_url("Purchase", f"o{i}", BASE_TS_MS + i * 1000)) for i in range(6)],
    )
    (tmp_path / "src").mkdir()
    four = write_jsonl(tmp_path / "src" / "four.jsonl", _events(4), pixel=None)
    six = write_jsonl(tmp_path / "src" / "six.jsonl", _events(6), pixel=None)
    named = _to(kind, four, tmp_path / f"{name}.{kind}")
    _to(kind, six, tmp_path / f"export1.{kind}")  # what the unescaped glob would match
    report = run_engine_audit([har], [named], options=EngineOptions(pixel_id=PIXEL))
    assert report.server_events == 4
    assert (report.totals.matched, report.totals.browser_only) == (4, 2)


def test_literal_path_escapes_only_glob_characters() -> None:
    assert literal_path("/data/plain name{a,b}.jsonl") == "/data/plain name{a,b}.jsonl"
    assert literal_path("/d[1]/x*?].csv") == "/d[[]1[]]/x[*][?][]].csv"
    assert file_sql("it's[1].csv") == "'it''s[[]1[]].csv'"
