"""Audit with DuckDB: load HARs and server logs, pair in SQL, report; reuse a kept database."""

from __future__ import annotations

import dataclasses
import importlib
import tempfile
import threading
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from capi_desktop.backend.audit_engine.browser_source import BROWSER_COLUMNS, load_hars
from capi_desktop.backend.audit_engine.pairing import build_outcome
from capi_desktop.backend.audit_engine.progress import Progress, Rate, watch_query
from capi_desktop.backend.audit_engine.report_rows import Collected, FieldCheck, collect_report
from capi_desktop.backend.audit_engine.server_source import SERVER_COLUMNS, load_server_file
from capi_desktop.backend.audit_engine.server_text import reset_sources
from capi_desktop.backend.audit_engine.store import cached_report, inputs_key, save_report
from capi_desktop.backend.server_log_reader import ServerLogError
from capi_desktop.domain.audit.model import AuditReport
from capi_desktop.domain.audit.sql import FALLBACK_JOIN
from capi_desktop.domain.cancel import Cancel, Cancelled, as_check

# Share of the progress bar per stage; "load" reads the server logs and the HARs at once.
_SHARES = (("load", 0.7), ("pair", 0.1), ("fields", 0.2))
_LOAD_SHARES = {"server": 0.5, "har": 0.5}  # both read by DuckDB now, in about equal time
MEMORY_LIMIT = "300MB"  # DuckDB spills to disk beyond this (the 500 MB goal includes Python)


@dataclasses.dataclass(frozen=True)
class EngineOptions:
    """What the result depends on besides the input files."""

    pixel_id: str | None = None
    mapping: Mapping[str, str] = dataclasses.field(default_factory=dict)
    fields: FieldCheck = "auto"
    fallback: bool = FALLBACK_JOIN

    def key(self) -> dict[str, Any]:
        return {
            "pixel": self.pixel_id,
            "mapping": dict(sorted(self.mapping.items())),
            "fields": "auto" if self.fields == "sample" else self.fields,
            "fallback": self.fallback,
        }


def _duckdb() -> Any:
    """Imported here, not at start-up: `import duckdb` costs ~0.25 s."""
    return importlib.import_module("duckdb")


def _connect(db_path: Path | None) -> Any:
    duckdb = _duckdb()
    con = duckdb.connect(str(db_path) if db_path else ":memory:")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    con.execute(f"SET temp_directory = '{tempfile.gettempdir()}/capi-audit-spill'")
    con.execute("SET preserve_insertion_order = true")
    return con


class _Bar:
    """Maps each stage's own 0..1 onto its share of one progress bar."""

    def __init__(self, report: Progress) -> None:
        self.report = report
        self.starts: dict[str, float] = {}
        start = 0.0
        for stage, share in _SHARES:
            self.starts[stage] = start
            start += share
        self.shares = dict(_SHARES)

    def __call__(self, stage: str, fraction: float, message: str) -> None:
        self.report(self.starts[stage] + self.shares[stage] * min(fraction, 1.0), message)


def run_engine_audit(
    hars: Sequence[str | Path],
    servers: Sequence[str | Path],
    *,
    options: EngineOptions | None = None,
    db_path: str | Path | None = None,
    on_progress: Progress | None = None,
    cancel: Cancel = None,
) -> AuditReport:
    """Audit HARs against server logs with DuckDB. Raises HarError, ServerLogError, OSError or
    Cancelled. With `db_path`, the database is kept there and reused while the inputs are the
    same (size, mtime, hash of the first MiB) — a second run only reads the stored result."""
    options = options or EngineOptions()
    har_paths = [Path(p) for p in hars]
    server_paths = [Path(p) for p in servers]
    should_cancel = as_check(cancel)
    bar = _Bar(on_progress or (lambda _f, _m: None))
    key = inputs_key(har_paths, server_paths, options.key())
    path = Path(db_path) if db_path else None
    duckdb = _duckdb()
    try:
        con = _connect(path)
    except duckdb.Error as exc:
        raise OSError(0, f"cannot open the audit database: {exc}", str(path)) from None
    try:
        cached = cached_report(con, key)
        if cached is not None:
            bar("fields", 1.0, "opened the kept audit database")
            return (
                dataclasses.replace(
                    cached, notes=(*cached.notes, f"Opened from {path.name} (inputs unchanged).")
                )
                if path
                else cached
            )
        return _build(con, har_paths, server_paths, options, key, bar, should_cancel)
    except duckdb.InterruptException:
        raise Cancelled from None
    except duckdb.OutOfMemoryException:
        raise ServerLogError(
            f"the audit needed more than its {MEMORY_LIMIT} memory budget; free some disk space"
            f" in {tempfile.gettempdir()} (DuckDB spills there) or split the inputs"
        ) from None
    except duckdb.Error as exc:
        raise ServerLogError(f"the audit database could not read the input: {exc}") from None
    finally:
        con.close()


class _LoadBar:
    """One bar for the two loads running at once (server logs in DuckDB, HARs in Python)."""

    def __init__(self, bar: _Bar) -> None:
        self.bar = bar
        self.lock = threading.Lock()
        self.done = dict.fromkeys(_LOAD_SHARES, 0.0)

    def __call__(self, stage: str, fraction: float, message: str) -> None:
        with self.lock:
            self.done[stage] = min(fraction, 1.0)
            total = sum(self.done[k] * share for k, share in _LOAD_SHARES.items())
            self.bar("load", total, message)


def _load_inputs(
    con: Any,
    hars: list[Path],
    servers: list[Path],
    options: EngineOptions,
    bar: _Bar,
    should_cancel: Any,
) -> tuple[int, int]:
    """Load the server logs while a thread reads the HARs (both in DuckDB, which lets go of the
    GIL; odd inputs go through Python's readers): the two take about as long each, and
    overlapped they keep both cores busy. Returns (hits, technical hits ignored)."""
    stop = threading.Event()

    def cancelled() -> bool:
        return stop.is_set() or bool(should_cancel())

    load_bar, rate = _LoadBar(bar), Rate()
    found: dict[str, tuple[int, int]] = {}
    failed: list[BaseException] = []

    def on_hits(count: int, done: int, total: int) -> None:
        fraction = done / max(total, 1)
        load_bar("har", fraction, rate.describe("reading HARs", count, fraction, of_bytes=total))

    def read_hars() -> None:
        cursor = con.cursor()
        try:
            found["hits"] = load_hars(cursor, hars, cancel=cancelled, on_progress=on_hits)
        except BaseException as exc:  # raised again in the caller's thread
            failed.append(exc)
        finally:
            cursor.close()

    thread = threading.Thread(target=read_hars, name="audit-har-reader", daemon=True)
    thread.start()
    try:
        for index, server in enumerate(servers):
            read = [0.0]  # DuckDB's progress of each statement in turn: keep the furthest

            def on_fraction(
                fraction: float,
                index: int = index,
                name: str = server.name,
                read: list[float] = read,
            ) -> None:
                read[0] = max(read[0], fraction)
                load_bar("server", (index + read[0]) / len(servers), f"reading {name}")

            with watch_query(con, cancelled, on_fraction) as stopped:
                load_server_file(
                    con, server, default_pixel=options.pixel_id, mapping=options.mapping
                )
            if stopped.is_set() or cancelled():
                raise Cancelled
    except BaseException:
        stop.set()
        raise
    finally:
        thread.join()
    if failed:
        raise failed[0]
    return found["hits"]


def _notes(collected: Collected) -> list[str]:
    report = collected.report
    notes = [
        f"{collected.pairs - collected.compared:,} of {collected.pairs:,} pairs were judged in"
        " SQL (dedup keys, and every other field compare checks read and found equal);"
        f" {collected.compared:,} went through the full field comparison."
    ]
    if collected.disagreed:
        notes.append(
            f"{collected.disagreed:,} listed rows got another verdict from the full comparison"
            " than from SQL; the full comparison's verdict is counted (please report this)."
        )
    if len(report.rows) < report.totals.total:
        notes.append(
            f"The report lists {len(report.rows):,} of {report.totals.total:,} rows (problems"
            " first, then a sample of clean pairs); the counts cover every row."
        )
    return notes


def _build(
    con: Any,
    hars: list[Path],
    servers: list[Path],
    options: EngineOptions,
    key: str,
    bar: _Bar,
    should_cancel: Any,
) -> AuditReport:
    con.execute("DROP TABLE IF EXISTS audit_result")
    con.execute(f"CREATE OR REPLACE TABLE server ({SERVER_COLUMNS})")
    con.execute(f"CREATE OR REPLACE TABLE browser ({BROWSER_COLUMNS})")
    reset_sources(con)
    hits, ignored = _load_inputs(con, hars, servers, options, bar, should_cancel)
    with watch_query(con, should_cancel, lambda f: bar("pair", f, "pairing in SQL")) as stopped:
        build_outcome(con, fallback=options.fallback)
    if stopped.is_set():
        raise Cancelled
    pair_rate = Rate()

    def on_pairs(done: int, total: int) -> None:
        fraction = done / max(total, 1)
        bar("fields", fraction, pair_rate.describe("comparing fields", done, fraction))

    collected = collect_report(
        con,
        default_pixel=options.pixel_id,
        fields=options.fields,
        should_cancel=should_cancel,
        on_pairs=on_pairs,
    )
    report = collected.report
    notes = list(report.notes) + _notes(collected)
    if options.pixel_id is None:
        missing = con.execute("SELECT COUNT(*) FROM server WHERE pixel_id IS NULL").fetchone()[0]
        if missing:
            notes.append(
                "Some server events do not say which pixel they went to; they were paired with"
                " browser hits of any pixel."
            )
    report = dataclasses.replace(
        report,
        ignored_hits=ignored,
        sources={
            "har": ", ".join(p.name for p in hars),
            "server": ", ".join(p.name for p in servers),
        },
        notes=tuple(notes),
    )
    del hits
    save_report(con, key, report)
    bar("fields", 1.0, "done")
    return report
