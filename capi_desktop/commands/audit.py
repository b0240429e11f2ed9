"""`capi-desktop audit`: pair every Pixel hit in a HAR with server events and report dedup health."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capi_desktop.domain.audit.report import ReportFormat

NAME = "audit"
HELP = "audit a HAR against a server-side event log; optional HTML/Markdown/CSV report"

_SUFFIXES: dict[str, ReportFormat] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".csv": "csv",
}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--har", action="append", metavar="FILE", help="HAR exported from DevTools (repeatable)"
    )
    parser.add_argument(
        "--server",
        action="append",
        metavar="FILE",
        help="server events: JSON Lines, JSON array, request bodies, CSV or Parquet; .gz too"
        " (repeatable)",
    )
    parser.add_argument(
        "--out", metavar="FILE", help="write a report: .html, .md or .csv (rows), PII-redacted"
    )
    parser.add_argument("--pixel", metavar="ID", help="pixel for server events that do not say")
    parser.add_argument("--json", action="store_true", help="print summary counts as JSON")
    parser.add_argument(
        "--quality",
        action="store_true",
        help="add Meta's quality view for the audited datasets to the .html/.md report (the "
        "snapshots `capi-desktop quality` stored; no network)",
    )
    from capi_desktop.commands.audit_scale import add_scale_arguments

    add_scale_arguments(parser)


def _print_summary(summary: dict[str, object]) -> None:
    from capi_desktop.domain.audit.model import CATEGORIES, CATEGORY_LABELS

    print(f"Pixel hits: {summary['browser_hits']}   server events: {summary['server_events']}")
    for category in CATEGORIES:
        print(f"  {CATEGORY_LABELS[category]:<16} {summary[category]}")
    print(f"  {'Duplicate IDs':<16} {summary['duplicate_ids']}")
    rate = summary["dedup_rate"]
    print(f"Dedup rate: {'n/a' if rate is None else f'{float(rate):.1%}'}")  # type: ignore[arg-type]
    for note in summary["notes"]:  # type: ignore[attr-defined]
        print(f"note: {note}")
    print("What to fix:")
    for item in summary["fixes"]:  # type: ignore[attr-defined]
        print(f"  - {item['title']} ({item['count']}): {item['fix']}")
    if not summary["fixes"]:
        print(f"  {summary['nothing_to_fix']}")


def _stored_quality(report: Any) -> list[Any]:
    """The newest stored quality snapshot per profile for the report's datasets ([] if none)."""
    import sqlite3

    from capi_desktop import paths
    from capi_desktop.backend.quality_store import QualityStore

    store = QualityStore(paths.data_dir() / "quality.sqlite3")
    try:
        return store.latest_for_pixels(report.pixel_ids())
    except (sqlite3.Error, OSError) as exc:
        print(f"capi-desktop audit: quality snapshots unreadable ({exc}); section left empty",
              file=sys.stderr)  # fmt: skip
        return []
    finally:
        store.close()


def run(args: argparse.Namespace) -> int:
    from pathlib import Path

    from capi_desktop.commands.audit_scale import run_scaled

    fmt = None
    if args.out:
        fmt = _SUFFIXES.get(Path(args.out).suffix.lower())
        if fmt is None:
            print("capi-desktop audit: --out must end in .html, .md or .csv", file=sys.stderr)
            return 2
    if args.quality and fmt not in ("html", "md"):
        print("capi-desktop audit: --quality needs --out ending in .html or .md", file=sys.stderr)
        return 2
    handled = run_scaled(args)
    if handled is not None:
        return handled
    # The in-memory engine's modules only now: a DuckDB audit does not need them (~0.25 s).
    from capi_desktop.backend.audit_runner import run_audit
    from capi_desktop.backend.har_reader import HarError
    from capi_desktop.backend.server_log_reader import ServerLogError

    def progress(fraction: float, message: str) -> None:
        print(f"\r{fraction:6.1%} {message:<24}", end="", file=sys.stderr, flush=True)

    show_progress = sys.stderr.isatty() and not args.json
    try:
        report = run_audit(
            args.har[0], args.server[0], progress if show_progress else None, pixel_id=args.pixel
        )
    except (HarError, ServerLogError) as exc:
        print(f"capi-desktop audit: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"capi-desktop audit: cannot read {exc.filename}: {exc.strerror}", file=sys.stderr)
        return 2
    finally:
        if show_progress:
            print(file=sys.stderr)
    return finish(args, report, fmt)


def finish(args: argparse.Namespace, report: Any, fmt: ReportFormat | None) -> int:
    """Write the report (with the quality section when asked), print the summary, exit code:
    one ending for both engines (in memory here, DuckDB in audit_scale)."""
    import json
    from pathlib import Path

    summary = report.summary_json()
    if args.out and fmt:
        from capi_desktop.backend.audit_runner import export_report

        try:
            quality = _stored_quality(report) if args.quality else None
            export_report(report, Path(args.out), fmt, quality=quality)
        except OSError as exc:
            print(f"capi-desktop audit: cannot write {args.out}: {exc.strerror}", file=sys.stderr)
            return 2
        summary["report"] = args.out
    if args.json:
        print(json.dumps(summary, indent=2, ensure_ascii=False))
    else:
        _print_summary(summary)
        if args.out:
            print(f"Report: {args.out}")
    problems = report.totals.at_risk + report.totals.double_counted
    return 1 if problems else (3 if report.totals.unknown else 0)
