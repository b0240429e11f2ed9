"""Audit report export as self-contained HTML, Markdown or CSV rows, PII-redacted."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Literal

from capi_desktop.config import APP_NAME, VERSION
from capi_desktop.domain.audit.model import CATEGORIES, CATEGORY_LABELS, AuditReport, AuditRow
from capi_desktop.domain.audit.report_fixes import fix_list, nothing_to_fix
from capi_desktop.domain.audit.report_redact import redact_cell
from capi_desktop.domain.dedup.model import show_time
from capi_desktop.domain.quality.report_section import render_html as quality_html
from capi_desktop.domain.quality.report_section import render_markdown as quality_markdown
from capi_desktop.domain.quality.snapshot import QualitySnapshot

ReportFormat = Literal["html", "md", "csv"]
FORMATS: tuple[ReportFormat, ...] = ("html", "md", "csv")
# Pairs shown in HTML/Markdown; the CSV always has every row.
MAX_LISTED = 500
RATE_NOTE = (
    "Dedup rate = (deduplicated + at risk) / distinct events, where a browser/server pair counts"
    " once and each unpaired event once."
)
CSV_COLUMNS = (
    "category",
    "event_name",
    "event_id",
    "pixel_id",
    "browser_time",
    "server_time",
    "reason",
    "problem_fields",
    "details",
    "duplicate_id",
    "browser_origin",
    "server_origin",
)


def _fix_lines(report: AuditReport) -> list[tuple[str, str]]:
    """(title with count, fix — example) for every class of problem in the rows."""
    lines = []
    for item in fix_list(report.rows):
        example = redact_cell(item.example)
        times = f"{item.count}×" + (", for example" if item.count > 1 and example else "")
        tail = f" Seen ({times}): {example}" if example else f" ({times})"
        lines.append((f"{item.title} ({item.count})", f"{item.fix}{tail}"))
    return lines


def _rate(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def _header(report: AuditReport, generated_at: datetime) -> list[tuple[str, str]]:
    return [
        ("Generated", generated_at.strftime("%Y-%m-%d %H:%M UTC")),
        ("Tool", f"{APP_NAME} {VERSION}"),
        ("Browser file", report.sources.get("har", "")),
        ("Server file", report.sources.get("server", "")),
        ("Pixel hits read", f"{report.browser_hits} (+{report.ignored_hits} technical, ignored)"),
        ("Server events read", str(report.server_events)),
        ("Dedup rate", _rate(report.totals.dedup_rate)),
    ]


def _cells(row: AuditRow) -> list[str]:
    return [
        row.category,
        row.event_name or "",
        redact_cell(row.event_id),
        row.pixel_id or "",
        show_time(row.browser_time) or "",
        show_time(row.server_time) or "",
        redact_cell(row.reason),
        " ".join(p.field for p in row.problems),
        "; ".join(
            f"{p.field}: {redact_cell(p.browser) or '—'} vs {redact_cell(p.server) or '—'}"
            for p in row.problems
        ),
        "yes" if row.duplicate else "",
        row.browser_origin or "",
        row.server_origin or "",
    ]


_LISTED_HEAD = [
    "category",
    "event_name",
    "event_id",
    "browser_time",
    "server_time",
    "reason",
    "details",
]


def _listed_cells(row: AuditRow) -> list[str]:
    cells = dict(zip(CSV_COLUMNS, _cells(row), strict=True))
    cells["category"] = CATEGORY_LABELS[row.category]
    return [cells[c] for c in _LISTED_HEAD]


def _listed(report: AuditReport) -> tuple[list[AuditRow], int]:
    """Rows worth reading (everything but clean pairs), capped; returns (rows, hidden count)."""
    rows = [r for r in report.rows if r.category != "matched" or r.duplicate]
    return rows[:MAX_LISTED], max(0, len(rows) - MAX_LISTED)


def _csv(report: AuditReport) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in report.rows:
        writer.writerow(_cells(row))
    return out.getvalue()


def _md_escape(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(_md_escape(c) for c in r) + " |" for r in rows]
    return lines


def _count_rows(report: AuditReport) -> tuple[list[str], list[list[str]]]:
    head = ["Event", *(CATEGORY_LABELS[c] for c in CATEGORIES), "Duplicate IDs", "Dedup rate"]
    rows = [
        [
            "All events" if s is report.totals else s.event_name,
            *(str(getattr(s, c)) for c in CATEGORIES),
            str(s.duplicate_ids),
            _rate(s.dedup_rate),
        ]
        for s in (*report.per_event, report.totals)
    ]
    return head, rows


def _markdown(report: AuditReport, generated_at: datetime) -> str:
    lines = ["# Meta Pixel / Conversions API dedup audit", ""]
    lines += [f"- **{k}:** {_md_escape(v)}" for k, v in _header(report, generated_at)]
    lines += ["", f"_{RATE_NOTE}_", "", "## Counts", ""]
    lines += _md_table(*_count_rows(report))
    lines += ["", "## What to fix", ""]
    lines += [f"- **{t}**: {_md_escape(fix)}" for t, fix in _fix_lines(report)] or [
        f"- {nothing_to_fix(report.rows)}"
    ]
    listed, hidden = _listed(report)
    lines += ["", "## Events that need attention", ""]
    lines += _md_table(_LISTED_HEAD, [_listed_cells(r) for r in listed])
    if hidden:
        lines += ["", f"{hidden} more rows are in the CSV export."]
    lines += ["", *(f"> {_md_escape(n)}" for n in report.notes)]
    return "\n".join(lines).rstrip() + "\n"


_CSS = """
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:2em auto;
max-width:1100px;color:#1d2329;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em}
table{border-collapse:collapse;width:100%;margin:.5em 0}
th,td{border:1px solid #d5dbe1;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#f1f4f7}td.n{text-align:right;font-variant-numeric:tabular-nums}
.matched{color:#1a7f37}.at_risk{color:#9a6700}.double_counted{color:#cf222e}
.browser_only,.server_only{color:#57606a}.note{color:#57606a;font-size:.9em}
dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 1em}dt{font-weight:600}
"""


def _html_table(head: list[str], rows: list[list[str]], classes: list[str] | None = None) -> str:
    out = ["<table><thead><tr>", *(f"<th>{html.escape(h)}</th>" for h in head), "</tr></thead>"]
    for index, row in enumerate(rows):
        css = f' class="{classes[index]}"' if classes else ""
        cells = "".join(
            f'<td class="n">{html.escape(c)}</td>' if c.replace(".", "").replace("%", "").isdigit()
            else f"<td>{html.escape(c)}</td>"
            for c in row
        )  # fmt: skip
        out.append(f"<tr{css}>{cells}</tr>")
    return "".join(out) + "</table>"


def _html(report: AuditReport, generated_at: datetime) -> str:
    header = "".join(
        f"<dt>{html.escape(k)}</dt><dd>{html.escape(v)}</dd>"
        for k, v in _header(report, generated_at)
    )
    fixes = (
        "".join(
            f"<li><b>{html.escape(t)}</b>: {html.escape(fix)}</li>" for t, fix in _fix_lines(report)
        )
        or f"<li>{html.escape(nothing_to_fix(report.rows))}</li>"
    )
    listed, hidden = _listed(report)
    attention = _html_table(
        _LISTED_HEAD, [_listed_cells(r) for r in listed], [r.category for r in listed]
    )
    more = f'<p class="note">{hidden} more rows are in the CSV export.</p>' if hidden else ""
    notes = "".join(f'<p class="note">{html.escape(n)}</p>' for n in report.notes)
    title = "Meta Pixel / Conversions API dedup audit"
    return (
        f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>{title}</title><style>{_CSS}</style></head><body>"
        f'<h1>{title}</h1><dl>{header}</dl><p class="note">{html.escape(RATE_NOTE)}</p>'
        f"<h2>Counts</h2>{_html_table(*_count_rows(report))}"
        f"<h2>What to fix</h2><ul>{fixes}</ul>"
        f"<h2>Events that need attention</h2>{attention}{more}{notes}"
        '<p class="note">Values are redacted: hashes are shortened to 8 characters, cookie'
        " values and URL query strings are removed, no raw personal data is included.</p>"
        "</body></html>\n"
    )


def render_report(
    report: AuditReport,
    fmt: ReportFormat,
    *,
    generated_at: datetime | None = None,
    quality: Sequence[QualitySnapshot] | None = None,
) -> str:
    """The report as text in `fmt` ("html", "md" or "csv").

    `quality`: Meta's stored quality view for the report's datasets, as a closing section
    (None leaves it out; an empty list says no snapshot is stored). CSV holds rows only.
    """
    moment = generated_at or datetime.now(UTC)
    if fmt == "csv":
        return _csv(report)
    if fmt == "md":
        text = _markdown(report, moment)
        if quality is not None:
            text = text.rstrip("\n") + "\n\n" + quality_markdown(quality).rstrip("\n") + "\n"
        return text
    if fmt == "html":
        text = _html(report, moment)
        if quality is not None:
            text = text.replace("</body>", quality_html(quality) + "</body>", 1)
        return text
    raise ValueError(f"unknown report format {fmt!r}: use html, md or csv")
