"""`capi-desktop audit` at scale: --engine, several inputs, --db beside the report, --emit-sql
run on the audit's own tables (BigQuery text transpiled by sqlglot), --import-result."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest
import sqlglot

from capi_desktop.cli import main
from capi_desktop.domain.audit.sql import aggregate_sql
from tests.unit.backend.har_factory import (
    BASE_TS_MS,
    har_entry,
    pixel_url,
    server_event,
    write_har,
    write_jsonl,
)

T = BASE_TS_MS // 1000


def _inputs(tmp_path: Path) -> tuple[Path, Path, Path]:
    a = write_har(
        tmp_path / "a.har",
        [har_entry(pixel_url("Purchase", f"o{i}", BASE_TS_MS)) for i in range(6)],
    )
    b = write_har(
        tmp_path / "b.har", [har_entry(pixel_url("Lead", f"l{i}", BASE_TS_MS)) for i in range(4)]
    )
    events = [server_event("Purchase", f"o{i}", T + (900 if i == 0 else 1)) for i in range(6)]
    # "srv" shares no fbp with any hit, so Meta's fallback cannot pair it either.
    alone = server_event("Lead", "srv", T, user_data={"fbp": "fb.1.1763990000000.999"})
    events += [server_event("Lead", "L0", T), alone]
    return a, b, write_jsonl(tmp_path / "s.jsonl", events)


def _summary(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict]:  # type: ignore[type-arg]
    code = main(argv)
    return code, json.loads(capsys.readouterr().out)


def test_duckdb_engine_with_two_hars_keeps_its_database_beside_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, server = _inputs(tmp_path)
    out = tmp_path / "report.html"
    argv = ["audit", "--har", str(a), "--har", str(b), "--server", str(server), "--json"]
    code, summary = _summary(capsys, [*argv, "--out", str(out)])
    assert code == 1  # at risk / double counted found
    assert summary["browser_hits"] == 10 and summary["server_events"] == 8
    assert (summary["at_risk"], summary["double_counted"], summary["browser_only"]) == (1, 1, 3)
    assert out.is_file() and (tmp_path / "report.audit.duckdb").is_file()
    _, again = _summary(capsys, [*argv, "--out", str(out)])
    assert any("inputs unchanged" in n for n in again["notes"])
    _, memory = _summary(capsys, ["audit", "--har", str(a), "--server", str(server), "--json"])
    _, duck = _summary(
        capsys,
        ["audit", "--har", str(a), "--server", str(server), "--json", "--engine", "duckdb"],
    )
    for key in ("matched", "at_risk", "double_counted", "browser_only", "server_only"):
        assert memory[key] == duck[key]


def test_memory_engine_refuses_several_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, server = _inputs(tmp_path)
    argv = [
        "audit",
        "--har",
        str(a),
        "--har",
        str(b),
        "--server",
        str(server),
        "--engine",
        "memory",
    ]
    assert main(argv) == 2
    assert "one --har and one --server" in capsys.readouterr().err
    assert main(["audit", "--json"]) == 2
    assert "give --har and --server" in capsys.readouterr().err
    assert main(["audit", "--har", str(a), "--server", str(server), "--column", "nope"]) == 2
    assert "FIELD=COLUMN" in capsys.readouterr().err


def test_emitted_sql_runs_on_the_audit_tables_and_its_result_imports(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    a, b, server = _inputs(tmp_path)
    db = tmp_path / "kept.duckdb"
    main(["audit", "--har", str(a), "--har", str(b), "--server", str(server), "--db", str(db)])
    capsys.readouterr()
    assert main(["audit", "--emit-sql", "duckdb"]) == 0
    local_sql = capsys.readouterr().out
    assert main(["audit", "--emit-sql", "bigquery", "--browser-table", "p.d.hits",
                 "--server-table", "p.d.capi"]) == 0  # fmt: skip
    bigquery_sql = capsys.readouterr().out
    assert "`p.d.hits`" in bigquery_sql and "`p.d.capi`" in bigquery_sql
    con = duckdb.connect(str(db), read_only=True)
    local = con.execute(local_sql).fetchall()
    # BigQuery is not reachable here: its text is transpiled by sqlglot and run on the same tables.
    bq = aggregate_sql(dialect="bigquery")
    transpiled = con.execute(sqlglot.transpile(bq, read="bigquery", write="duckdb")[0]).fetchall()
    con.close()
    assert local == transpiled and local
    result = tmp_path / "result.json"
    result.write_text(
        "\n".join(json.dumps(dict(zip(("event_name", "outcome", "reason", "events"), row, strict=True)))
                  for row in local),
        encoding="utf-8",
    )  # fmt: skip
    code, summary = _summary(capsys, ["audit", "--import-result", str(result), "--json"])
    assert code == 1
    assert summary["double_counted"] == 1 and summary["browser_only"] == 3
    assert summary["matched"] + summary["at_risk"] == 6
    assert any("dedup keys only" in note for note in summary["notes"])
    csv = tmp_path / "result.csv"
    csv.write_text("event_name,outcome,reason,events\nLead,teleported,,3\n", encoding="utf-8")
    assert main(["audit", "--import-result", str(csv)]) == 2
    assert "unknown outcome 'teleported'" in capsys.readouterr().err


def test_emit_sql_rejects_odd_table_names(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--emit-sql", "bigquery", "--server-table", "x; DROP TABLE y"]) == 2
    assert "not a table name" in capsys.readouterr().err


def test_duckdb_is_not_imported_at_start_up() -> None:
    import subprocess
    import sys

    code = (
        "import sys, capi_desktop.cli, capi_desktop.commands.audit, capi_desktop.commands.audit_scale;"
        " import capi_desktop.ui.panels.send_compare.audit_tab;"
        " assert 'duckdb' not in sys.modules, 'duckdb imported at start-up'"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
