"""Plain-text support summary of what the user sees: identifiers only, no token, no payload."""

from __future__ import annotations

from datetime import UTC, datetime

from capi_desktop.domain.error_catalog.catalog import ErrorEntry
from capi_desktop.domain.error_catalog.decoding import DecodedError
from capi_desktop.domain.error_catalog.labels import (
    code_text,
    confidence_label,
    event_label,
    status_label,
)
from capi_desktop.domain.redact import redact
from capi_desktop.domain.wording import plural

_HEADER = "Meta Graph API response — support summary"


def _when(decoded_at: datetime) -> str:
    if decoded_at.tzinfo is None:
        decoded_at = decoded_at.replace(tzinfo=UTC)
    return decoded_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def _entry_lines(entry: ErrorEntry) -> list[str]:
    where = f" (code {entry.key})" if entry.kind == "graph" else ""
    return [f"Title: {entry.title}{where}", f"Certainty: {confidence_label(entry.confidence)}"]


def support_summary(decoded: DecodedError, decoded_at: datetime) -> str:
    """Text to paste into a support ticket.

    Only identifiers go in (code, subcode, titles, fbtrace_id, time): Meta's message texts
    can echo payload values, so they are left out.
    """
    entry = decoded.entry
    lines = [_HEADER]
    if decoded.status == "success":
        lines.append(
            f"Result: success, Meta accepted {plural(decoded.events_received or 0, 'event')}"
        )
    elif decoded.status == "graph_error":
        lines.append(f"Code: {decoded.code if decoded.code is not None else 'unknown'}")
        lines.append(f"Subcode: {decoded.subcode if decoded.subcode is not None else 'none'}")
        if decoded.type:
            lines.append(f"Type: {decoded.type}")
    else:
        label = status_label(decoded.status)
        lines.append(f"Result: {label[0].lower()}{label[1:]}")
        if decoded.http_hint:
            lines.append(f"Detected: {decoded.http_hint}")
    if entry is not None:
        lines += _entry_lines(entry)
        lines.append(f"Transient: {'yes' if decoded.transient else 'no'}")
    elif decoded.status == "graph_error":
        lines.append("Title: not in the catalogue")
    if decoded.user_title:
        lines.append(f"Meta's title: {decoded.user_title}")
    if decoded.blame_fields:
        lines.append(f"Blamed fields: {', '.join(decoded.blame_fields)}")
    for nested in decoded.nested[:20]:
        title = nested.entry.title if nested.entry is not None else "not in the catalogue"
        lines.append(
            f"{event_label(nested.event_index).capitalize()}: code {code_text(nested.code, nested.subcode)} ({title})"
        )
    if len(decoded.nested) > 20:
        lines.append(f"... and {plural(len(decoded.nested) - 20, 'more per-event error')}")
    lines.append(f"fbtrace_id: {decoded.fbtrace_id or 'none'}")
    lines.append(f"Decoded at: {_when(decoded_at)}")
    return redact("\n".join(lines)) + "\n"


def entry_summary(entry: ErrorEntry, shown_at: datetime) -> str:
    """The summary of a catalogue entry looked up by hand (no response: no trace id)."""
    lines = [f"{_HEADER} (catalogue look-up, no response pasted)"]
    if entry.code is not None:
        lines.append(f"Code: {entry.code}")
        lines.append(f"Subcode: {entry.subcode if entry.subcode is not None else 'none'}")
    lines += _entry_lines(entry)
    lines.append(f"Transient: {'yes' if entry.transient else 'no'}")
    lines.append("fbtrace_id: none (no response pasted)")
    lines.append(f"Looked up at: {_when(shown_at)}")
    return "\n".join(lines) + "\n"
