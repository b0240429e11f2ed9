"""The quality section of an audit report (Markdown/HTML), rendered from stored snapshots."""

from __future__ import annotations

import html
import time
from collections.abc import Sequence

from capi_desktop.domain.quality.links import diagnostic_link
from capi_desktop.domain.quality.snapshot import QualitySnapshot

NOTE = (
    "Scores are Meta's (Dataset Quality API), read at the time shown; the local estimate elsewhere "
    "in this report is ours and is not Meta's Event Match Quality."
)


def _when(at: float) -> str:
    return time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime(at))


def _num(value: float | None, suffix: str = "") -> str:
    return "—" if value is None else f"{value:g}{suffix}"


def quality_rows(snapshot: QualitySnapshot) -> list[list[str]]:
    """One row per event: name, EMQ, coverage vs goal, freshness, ACR, diagnostics (→ field)."""
    rows = []
    for event in snapshot.quality.events:
        diagnostics = []
        for diagnostic in event.diagnostics:
            link = diagnostic_link(diagnostic)
            where = f" → {link.field_label} ({link.rule_id})" if link else ""
            diagnostics.append(f"{diagnostic.name}{where}")
        rows.append(
            [
                event.event_name,
                _num(event.composite_score, "/10"),
                f"{_num(event.coverage_pct, ' %')} (goal {_num(event.coverage_goal_pct, ' %')})",
                event.upload_frequency or "—",
                _num(event.acr_pct, " %"),
                "; ".join(diagnostics) or "none",
            ]
        )
    return rows


HEADERS = ["Event", "Meta EMQ", "Event coverage", "Freshness", "ACR", "Meta's diagnostics"]


def render_markdown(snapshots: Sequence[QualitySnapshot]) -> str:
    lines = ["## Meta's quality view", "", NOTE, ""]
    if not snapshots:
        return "\n".join(
            [*lines, "No quality snapshot stored yet (run `capi-desktop quality`).", ""]
        )
    for snapshot in snapshots:
        lines += [
            f"### {snapshot.profile_name} — dataset {snapshot.pixel_id}",
            "",
            f"Read {_when(snapshot.fetched_at)} with Graph {snapshot.graph_version}: "
            f"**{snapshot.outcome.title}**. {snapshot.outcome.detail}",
            "",
        ]
        rows = quality_rows(snapshot)
        if rows:
            lines.append("| " + " | ".join(HEADERS) + " |")
            lines.append("|" + "---|" * len(HEADERS))
            for row in rows:
                lines.append("| " + " | ".join(c.replace("|", "\\|") for c in row) + " |")
            lines.append("")
    return "\n".join(lines)


def render_html(snapshots: Sequence[QualitySnapshot]) -> str:
    parts = ["<section class='quality'><h2>Meta's quality view</h2>", f"<p>{html.escape(NOTE)}</p>"]
    if not snapshots:
        parts.append("<p>No quality snapshot stored yet.</p>")
    for snapshot in snapshots:
        parts.append(
            f"<h3>{html.escape(snapshot.profile_name)} — dataset {html.escape(snapshot.pixel_id)}</h3>"
            f"<p>Read {_when(snapshot.fetched_at)} with Graph {html.escape(snapshot.graph_version)}: "
            f"<b>{html.escape(snapshot.outcome.title)}</b>. {html.escape(snapshot.outcome.detail)}</p>"
        )
        rows = quality_rows(snapshot)
        if rows:
            head = "".join(f"<th>{html.escape(h)}</th>" for h in HEADERS)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(c)}</td>" for c in row) + "</tr>"
                for row in rows
            )
            parts.append(f"<table><tr>{head}</tr>{body}</table>")
    parts.append("</section>")
    return "".join(parts)
