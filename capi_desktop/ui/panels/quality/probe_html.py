"""HTML for Credentials after Verify: which quality reads the token can do, and the scope each lacks."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from capi_desktop.domain.quality.access import probe_reads
from capi_desktop.ui.theme import SEVERITY_COLORS


def quality_reads_html(scopes: Sequence[str] | None) -> str:
    """From the scopes /debug_token reported during Verify (no extra call); None: unknown."""
    rows = []
    for read in probe_reads(None if scopes is None else tuple(scopes)):
        if read.allowed is None:
            mark, color, why = "?", "gray", "unknown: the token's scopes could not be read"
        elif read.allowed:
            mark, color, why = "✔", SEVERITY_COLORS["ok"], "can read"
        else:
            mark, color = "✖", SEVERITY_COLORS["error"]
            why = "lacks " + ", ".join(read.missing)
        rows.append(
            f'<tr><td style="color:{color}; padding-right:6px;">{mark}</td>'
            f'<td style="padding-right:14px;">{escape(read.label)}</td><td>{escape(why)}</td></tr>'
        )
    step = (
        next((r.setup_step for r in probe_reads(scopes) if r.setup_step), "")
        if scopes is not None
        else ""
    )
    fix = f'<p style="color:gray;">{escape(step)}</p>' if step else ""
    return f"<p><b>Quality reads (Quality panel)</b></p><table>{''.join(rows)}</table>{fix}"
