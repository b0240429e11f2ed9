"""`capi-desktop decode FILE|-`: explain a Graph API response offline (text or --json)."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capi_desktop.domain.error_catalog import DecodedError

NAME = "decode"
HELP = "explain a Graph API error response (JSON body, log line or error page)"

# Bigger inputs are cut: decode() scans a bounded prefix anyway.
_MAX_READ = 32 * 1024 * 1024
# The contract: 0 a Graph error was decoded, 1 readable but not a Graph error (a
# success body, an HTML page, other JSON), 2 unreadable. Scripts can test "did it fail?".
_EXIT = {"graph_error": 0, "success": 1, "not_graph": 1, "unreadable": 2}


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.epilog = (
        "exit status: 0 a Graph API error was decoded, 1 readable but not a Graph error "
        "(success body, HTML page, other JSON), 2 unreadable or missing input"
    )
    parser.add_argument("source", metavar="FILE", help="file with the response, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def _read(source: str) -> bytes:
    if source == "-":
        return sys.stdin.buffer.read(_MAX_READ)
    with Path(source).open("rb") as handle:
        return handle.read(_MAX_READ)


def as_dict(decoded: DecodedError) -> dict[str, Any]:
    """The --json shape (also handy for other front ends)."""
    entry = decoded.entry
    return {
        "status": decoded.status,
        "code": decoded.code,
        "subcode": decoded.subcode,
        "key": entry.key if entry else None,
        "title": entry.title if entry else (decoded.user_title or None),
        "meaning": entry.meaning if entry else None,
        "causes": list(entry.causes) if entry else [],
        "fix": list(entry.fix) if entry else [],
        "transient": decoded.transient,
        "retry": entry.retry if entry else None,
        "fbtrace_id": decoded.fbtrace_id or None,
        "fields": list(decoded.fields),
        "type": decoded.type or None,
        "message": decoded.message or None,
        "error_user_title": decoded.user_title or None,
        "error_user_msg": decoded.user_msg or None,
        "blame_fields": list(decoded.blame_fields),
        "nested": [
            {
                "event_index": n.event_index,
                "code": n.code,
                "subcode": n.subcode,
                "key": n.entry.key if n.entry else None,
                "title": n.entry.title if n.entry else None,
            }
            for n in decoded.nested
        ],
        "events_received": decoded.events_received,
        "messages": list(decoded.messages),
        "http_hint": decoded.http_hint or None,
        "note": decoded.note or None,
        "doc_url": entry.doc_url if entry else None,
        "source": entry.source if entry else None,
        "confidence": entry.confidence if entry else None,
    }


def as_text(decoded: DecodedError) -> str:
    from capi_desktop.domain.error_catalog.labels import code_text, confidence_label, event_label

    entry = decoded.entry
    lines: list[str] = []
    if decoded.status == "graph_error":
        lines.append(
            f"Graph API error {code_text(decoded.code, decoded.subcode)}"
            + (f" ({decoded.type})" if decoded.type else "")
        )
    elif decoded.status == "success":
        from capi_desktop.domain.wording import plural

        lines.append(f"Success: Meta accepted {plural(decoded.events_received or 0, 'event')}")
    if entry is not None:
        where = f"code {entry.key} · " if entry.kind == "graph" else ""
        lines.append(f"{entry.title}  [{where}{confidence_label(entry.confidence).lower()}]")
        lines.append("")
        lines.append(entry.meaning)
    if decoded.user_title or decoded.user_msg:
        lines += ["", f"Meta says: {decoded.user_title}".rstrip(), decoded.user_msg]
    elif decoded.message:
        lines += ["", f"Meta says: {decoded.message}"]
    if entry is not None:
        lines += ["", "Likely causes:", *(f"  - {c}" for c in entry.causes)]
        lines += ["", "Fix:", *(f"  {i}. {step}" for i, step in enumerate(entry.fix, 1))]
        lines += ["", f"Transient: {'yes' if decoded.transient else 'no'}. {entry.retry}"]
    if decoded.fields:
        lines += ["", "Fields: " + ", ".join(decoded.fields)]
    for nested in decoded.nested:
        title = nested.entry.title if nested.entry else "not in catalogue"
        lines.append(
            f"  {event_label(nested.event_index)}: code {code_text(nested.code, nested.subcode)}: {title}"
        )
    for message in decoded.messages:
        lines.append(f"  message: {message}")
    if decoded.note:
        lines += ["", decoded.note]
    if decoded.fbtrace_id:
        lines.append(f"fbtrace_id: {decoded.fbtrace_id}")
    if entry is not None:
        lines.append(f"Docs: {entry.doc_url}")
        lines.append(f"Source: {entry.source}")
    return "\n".join(lines).strip() + "\n"


def run(args: argparse.Namespace) -> int:
    from capi_desktop.backend.error_catalog_store import default_catalog
    from capi_desktop.domain.error_catalog import decode
    from capi_desktop.domain.redact import redact

    try:
        raw = _read(args.source)
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        print(f"capi-desktop decode: cannot read {args.source}: {reason}", file=sys.stderr)
        return 2
    decoded = decode(raw, default_catalog())
    if args.json:
        out = json.dumps(as_dict(decoded), ensure_ascii=False, indent=2)
    else:
        out = as_text(decoded)
    # Pasted logs can carry a token next to the response.
    sys.stdout.write(redact(out).rstrip("\n") + "\n")
    if decoded.status == "unreadable":
        print(f"capi-desktop decode: {decoded.note}", file=sys.stderr)
    return _EXIT.get(decoded.status, 2)
