"""The DuckDB engine's inputs: several HARs, CSV with a mapping, Parquet, gzip; the kept database;
fallback pairing; cancel; clear errors."""

from __future__ import annotations

import gzip
import json
import os
import threading
from pathlib import Path

import duckdb
import pytest

from capi_desktop.backend.audit_engine.runner import EngineOptions, run_engine_audit
from capi_desktop.backend.server_log_reader import ServerLogError
from capi_desktop.domain.cancel import Cancelled
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

T = BASE_TS_MS // 1000


def _har(path: Path, ids: range, name: str = "Purchase") -> Path:
    entries = [other_entry(0)]
    entries += [har_entry(pixel_url(name, f"o{i}", BASE_TS_MS + i * 1000)) for i in ids]
    return write_har(path, entries)


def _events(ids: range) -> list[dict[str, object]]:
    return [server_event("Purchase", f"o{i}", T + i) for i in ids]


def test_several_hars_and_gzip_jsonl(tmp_path: Path) -> None:
    hars = [_har(tmp_path / "a.har", range(0, 20)), _har(tmp_path / "b.har", range(20, 40))]
    plain = write_jsonl(tmp_path / "s.jsonl", _events(range(0, 30)))
    packed = tmp_path / "s.jsonl.gz"
    packed.write_bytes(gzip.compress(plain.read_bytes()))
    report = run_engine_audit(hars, [packed])
    assert (report.totals.matched, report.totals.browser_only) == (30, 10)
    assert report.sources == {"har": "a.har, b.har", "server": "s.jsonl.gz"}
    origins = {r.browser_origin.split()[0] for r in report.rows if r.browser_origin}
    assert origins == {"a.har", "b.har"}


def test_csv_with_a_column_mapping(tmp_path: Path) -> None:
    har = _har(tmp_path / "a.har", range(10))
    csv = tmp_path / "export.csv"
    lines = ["evt,order_event_id,ts,action_source,fbp"]
    lines += [f"Purchase,o{i},{T + i},website,fb.1.1763990000000.42" for i in range(8)]
    lines.append("Purchase,o9,,website,")  # no time: at risk
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    mapping = {"event_name": "evt", "event_id": "order_event_id", "event_time": "ts"}
    options = EngineOptions(pixel_id=PIXEL, mapping=mapping)
    report = run_engine_audit([har], [csv], options=options)
    assert report.server_events == 9
    assert report.totals.at_risk >= 1 and report.totals.browser_only == 1
    assert report.totals.matched + report.totals.at_risk == 9
    with pytest.raises(ServerLogError, match="no column 'nope' for event_id"):
        run_engine_audit([har], [csv], options=EngineOptions(mapping={"event_id": "nope"}))
    with pytest.raises(ServerLogError, match="no event_name column"):
        run_engine_audit([har], [csv], options=EngineOptions(mapping={}))


def test_parquet_read_directly(tmp_path: Path) -> None:
    har = _har(tmp_path / "a.har", range(12))
    source = write_jsonl(tmp_path / "s.jsonl", _events(range(12)), pixel=None)
    parquet = tmp_path / "events.parquet"
    con = duckdb.connect()
    con.execute(
        f"COPY (SELECT event_name, event_id, event_time, action_source, user_data"
        f" FROM read_json('{source}')) TO '{parquet}' (FORMAT parquet)"
    )
    con.close()
    jsonl = run_engine_audit([har], [source], options=EngineOptions(pixel_id=PIXEL))
    from_parquet = run_engine_audit([har], [parquet], options=EngineOptions(pixel_id=PIXEL))
    assert from_parquet.totals == jsonl.totals
    assert from_parquet.totals.matched + from_parquet.totals.at_risk == 12


def test_kept_database_is_reused_only_while_inputs_are_unchanged(tmp_path: Path) -> None:
    har = _har(tmp_path / "a.har", range(10))
    server = write_jsonl(tmp_path / "s.jsonl", _events(range(10)))
    db = tmp_path / "audit.duckdb"
    first = run_engine_audit([har], [server], db_path=db)
    assert db.is_file() and first.totals.matched == 10
    again = run_engine_audit([har], [server], db_path=db)
    assert again.totals == first.totals
    assert any("inputs unchanged" in note for note in again.notes)
    write_jsonl(server, _events(range(5)))  # re-exported: other size, mtime and head
    os.utime(server, ns=(server.stat().st_mtime_ns + 10**9,) * 2)
    changed = run_engine_audit([har], [server], db_path=db)
    assert changed.totals.matched == 5 and changed.totals.browser_only == 5
    assert not any("inputs unchanged" in note for note in changed.notes)
    other = run_engine_audit([har], [server], db_path=db, options=EngineOptions(pixel_id=PIXEL))
    assert not any("inputs unchanged" in note for note in other.notes)  # options matter too


def test_fallback_pairs_by_fbp_and_name_the_nearest_in_time(tmp_path: Path) -> None:
    entries = [
        har_entry(pixel_url("Lead", None, BASE_TS_MS)),
        har_entry(pixel_url("Lead", None, BASE_TS_MS + 3_600_000)),
    ]
    har = write_har(tmp_path / "a.har", entries)
    server = write_jsonl(tmp_path / "s.jsonl", [server_event("Lead", "srv-1", T + 3500)])
    without = run_engine_audit([har], [server], options=EngineOptions(fallback=False))
    assert (without.totals.browser_only, without.totals.server_only) == (2, 1)
    report = run_engine_audit([har], [server], options=EngineOptions(fallback=True))
    assert (report.totals.browser_only, report.totals.server_only) == (1, 0)
    paired = next(r for r in report.rows if r.category not in ("browser_only", "server_only"))
    assert paired.browser_time == T + 3600  # the nearer of the two hits


def test_cancel_stops_the_run(tmp_path: Path) -> None:
    har = _har(tmp_path / "a.har", range(600))
    server = write_jsonl(tmp_path / "s.jsonl", _events(range(600)))
    stop = threading.Event()
    seen: list[str] = []

    def on_progress(fraction: float, message: str) -> None:
        seen.append(message)
        if fraction > 0.3:
            stop.set()

    with pytest.raises(Cancelled):
        run_engine_audit([har], [server], on_progress=on_progress, cancel=stop)
    assert seen


def test_progress_names_rows_per_second() -> None:
    from capi_desktop.backend.audit_engine.progress import Rate

    clock = iter(range(0, 10_000))
    rate = Rate(lambda: float(next(clock)))
    assert rate.describe("reading HARs", 500, 0.25) == (
        "reading HARs: 500 rows, 500 rows/s, ETA 0:03"
    )


def test_bad_lines_and_missing_files_are_worded(tmp_path: Path) -> None:
    har = _har(tmp_path / "a.har", range(3))
    server = tmp_path / "s.jsonl"
    server.write_text(json.dumps(_events(range(1))[0]) + "\n{broken\n", encoding="utf-8")
    with pytest.raises(ServerLogError, match="line 2"):
        run_engine_audit([har], [server])
    with pytest.raises(OSError):
        run_engine_audit([har], [tmp_path / "missing.jsonl"])
    array = tmp_path / "array.json"  # a JSON array: read by the Python reader instead
    array.write_text(json.dumps(_events(range(3))), encoding="utf-8")
    report = run_engine_audit([har], [array], options=EngineOptions(pixel_id=PIXEL))
    assert report.totals.matched + report.totals.at_risk == 3


def test_cached_databases_are_named_by_inputs_and_pruned(tmp_path: Path) -> None:
    from capi_desktop.backend.audit_engine.store import cached_db_path

    folder = tmp_path / "audits"
    first = cached_db_path(folder, [tmp_path / "a.har"], [tmp_path / "s.jsonl"])
    assert first == cached_db_path(folder, [tmp_path / "a.har"], [tmp_path / "s.jsonl"])
    made = []
    for index in range(7):
        path = cached_db_path(folder, [tmp_path / f"{index}.har"], [tmp_path / "s.jsonl"])
        path.write_bytes(b"x")
        os.utime(path, (index, index))
        made.append(path)
    assert len(list(folder.glob("audit-*.duckdb"))) <= 5
    assert made[-1].exists()
