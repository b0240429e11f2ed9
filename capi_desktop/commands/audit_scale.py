"""`capi-desktop audit` at scale: the DuckDB engine, several inputs, --emit-sql, --import-result."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from capi_desktop.domain.audit.model import AuditReport


def add_scale_arguments(parser: argparse.ArgumentParser) -> None:
    from capi_desktop.backend.audit_engine.choice import AUTO_DUCKDB_BYTES

    parser.add_argument(
        "--engine",
        choices=("auto", "duckdb", "memory"),
        default="auto",
        help="pairing engine; auto = duckdb for several files, CSV/Parquet/gzip, --db, or"
        f" more than {AUTO_DUCKDB_BYTES >> 20} MB of input, else memory",
    )
    parser.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="FIELD=COLUMN",
        help="CSV/Parquet column holding a CAPI field, e.g. event_id=order_event_id or"
        " user_data.fbp=fbp_cookie (repeatable; same-named columns are found by themselves)",
    )
    parser.add_argument(
        "--db",
        metavar="PATH",
        help="keep the audit database here and reuse it while the inputs are unchanged"
        " (default with --out: beside the report)",
    )
    parser.add_argument(
        "--fields",
        choices=("auto", "all", "sample"),
        default="auto",
        help="duckdb engine: auto = SQL decides each pair whose fields it can read and finds"
        " equal, the full comparison the rest (same counts, fast); all = the full comparison for"
        " every pair (slow, for checking); sample = auto (kept for old scripts)",
    )
    parser.add_argument(
        "--emit-sql",
        choices=("bigquery", "duckdb"),
        help="print the pairing query for your warehouse and exit (see docs/warehouse-audit.md)",
    )
    parser.add_argument("--browser-table", default="browser", metavar="TABLE")
    parser.add_argument("--server-table", default="server", metavar="TABLE")
    parser.add_argument(
        "--import-result",
        metavar="FILE",
        help="report on the aggregated result of the --emit-sql query (CSV or JSON)",
    )


def _error(message: str) -> int:
    print(f"capi-desktop audit: {message}", file=sys.stderr)
    return 2


def _mapping(pairs: list[str]) -> dict[str, str] | str:
    from capi_desktop.backend.audit_engine.server_source import MAPPABLE_FIELDS

    mapping: dict[str, str] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not column.strip():
            return f"--column wants FIELD=COLUMN, got {pair!r}"
        if field.strip() not in MAPPABLE_FIELDS:
            return f"--column: unknown field {field!r} (one of: {', '.join(MAPPABLE_FIELDS)})"
        mapping[field.strip()] = column.strip()
    return mapping


def _use_duckdb(args: argparse.Namespace) -> bool:
    from capi_desktop.backend.audit_engine.choice import wants_duckdb

    if args.engine != "auto":
        return bool(args.engine == "duckdb")
    return bool(args.db or args.column) or wants_duckdb(args.har, args.server)


class _Progress:
    """One status line on stderr, at most ten updates a second."""

    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, fraction: float, message: str) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and fraction < 1:
            return
        self.last = now
        print(f"\r{fraction:6.1%} {message[:70]:<70}", end="", file=sys.stderr, flush=True)


def _emit(args: argparse.Namespace) -> int:
    from capi_desktop.domain.audit.sql import aggregate_sql

    try:
        print(aggregate_sql(args.browser_table, args.server_table, dialect=args.emit_sql), end="")
    except ValueError as exc:
        return _error(str(exc))
    return 0


def _import(args: argparse.Namespace) -> AuditReport | int:
    from capi_desktop.backend.audit_engine.result_file import read_result
    from capi_desktop.domain.audit.warehouse_result import ResultError

    try:
        return read_result(Path(args.import_result))
    except ResultError as exc:
        return _error(f"{args.import_result}: {exc}")
    except OSError as exc:
        return _error(f"cannot read {args.import_result}: {exc.strerror}")


def _engine(args: argparse.Namespace) -> AuditReport | int:
    from capi_desktop.backend.audit_engine.runner import EngineOptions, run_engine_audit
    from capi_desktop.backend.har_reader import HarError
    from capi_desktop.backend.server_log_reader import ServerLogError

    mapping = _mapping(args.column)
    if isinstance(mapping, str):
        return _error(mapping)
    db = args.db or (str(Path(args.out).with_suffix(".audit.duckdb")) if args.out else None)
    show = sys.stderr.isatty() and not args.json
    try:
        return run_engine_audit(
            args.har,
            args.server,
            options=EngineOptions(pixel_id=args.pixel, mapping=mapping, fields=args.fields),
            db_path=db,
            on_progress=_Progress() if show else None,
        )
    except (HarError, ServerLogError) as exc:
        return _error(str(exc))
    except OSError as exc:
        return _error(f"cannot read {exc.filename}: {exc.strerror}")
    finally:
        if show:
            print(file=sys.stderr)


def run_scaled(args: argparse.Namespace) -> int | None:
    """Handle the run here, or None to let the in-memory path (one HAR, one log) run it."""
    from capi_desktop.commands.audit import _SUFFIXES

    if args.emit_sql:
        return _emit(args)
    if args.out and Path(args.out).suffix.lower() not in _SUFFIXES:
        return _error("--out must end in .html, .md or .csv")
    if args.import_result:
        outcome = _import(args)
    else:
        args.har, args.server = args.har or [], args.server or []
        if not args.har or not args.server:
            return _error("give --har and --server (or --emit-sql / --import-result)")
        if not _use_duckdb(args):
            if len(args.har) > 1 or len(args.server) > 1:
                return _error("--engine memory reads one --har and one --server")
            return None
        outcome = _engine(args)
    if isinstance(outcome, int):
        return outcome
    return _finish(args, outcome)


def _finish(args: argparse.Namespace, report: AuditReport) -> int:
    from capi_desktop.commands.audit import _SUFFIXES, finish

    fmt = _SUFFIXES.get(Path(args.out).suffix.lower()) if args.out else None
    return finish(args, report, fmt)
