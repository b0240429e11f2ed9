"""Plain-text support summary of a decoded response: identifiers only, no token, no payload."""

from __future__ import annotations

from datetime import UTC, datetime

from capi_desktop.domain.error_catalog.decoding import DecodedError
from capi_desktop.domain.redact import redact


def _when(decoded_at: datetime) -> str:
    if decoded_at.tzinfo is None:
        decoded_at = decoded_at.replace(tzinfo=UTC)
    return decoded_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def support_summary(decoded: DecodedError, decoded_at: datetime) -> str:
    """Text to paste into a support ticket.

    Only identifiers go in (code, subcode, titles, fbtrace_id, time): Meta's message texts
    can echo payload values, so they are left out.
    """
    entry = decoded.entry
    lines = ["Meta Graph API response — support summary"]
    if decoded.status == "success":
        lines.append(f"Result: success, events_received={decoded.events_received}")
    elif decoded.status == "graph_error":
        lines.append(f"Code: {decoded.code if decoded.code is not None else 'unknown'}")
        lines.append(f"Subcode: {decoded.subcode if decoded.subcode is not None else 'none'}")
        if decoded.type:
            lines.append(f"Type: {decoded.type}")
    else:
        lines.append(f"Result: not a Graph API error ({decoded.status})")
        if decoded.http_hint:
            lines.append(f"Detected: {decoded.http_hint}")
    if entry is not None:
        lines.append(f"Title: {entry.title} [{entry.key}]")
        lines.append(f"Transient: {'yes' if decoded.transient else 'no'}")
    if decoded.user_title:
        lines.append(f"Meta's title: {decoded.user_title}")
    if decoded.blame_fields:
        lines.append(f"Blamed fields: {', '.join(decoded.blame_fields)}")
    for nested in decoded.nested[:20]:
        key = nested.entry.key if nested.entry is not None else "not in catalogue"
        lines.append(
            f"Event {nested.event_index}: code {nested.code}, subcode {nested.subcode} ({key})"
        )
    if len(decoded.nested) > 20:
        lines.append(f"... and {len(decoded.nested) - 20} more per-event errors")
    lines.append(f"fbtrace_id: {decoded.fbtrace_id or 'none'}")
    lines.append(f"Decoded at: {_when(decoded_at)}")
    return redact("\n".join(lines)) + "\n"
