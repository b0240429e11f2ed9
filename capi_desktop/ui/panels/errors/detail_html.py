"""Rendering of catalogue entries and decoded responses: Qt rich text and the one-line status."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

from capi_desktop.domain.error_catalog import DecodedError, ErrorEntry
from capi_desktop.domain.error_catalog.labels import (
    KIND_LABELS,
    code_text,
    confidence_label,
    event_label,
    status_label,
)
from capi_desktop.domain.redact import redact
from capi_desktop.ui.widgets.badge import badge_html
from capi_desktop.ui.widgets.code_label import code_words
from capi_desktop.ui.widgets.graph_error_view import (
    CATALOGUE,
    MUTED,
    ErrorParts,
    fields_html,
    graph_error_html,
)

_CONFIDENCE_STATUS = {
    "documented": "ok",
    "observed": "info",
    "vendor-guide": "warning",
    "unpublished": "warning",
}


def entry_label(entry: ErrorEntry) -> str:
    """Short left-hand label for lists: the key for Graph codes, the kind otherwise."""
    if entry.kind == "graph":
        return entry.key
    return "HTTP" if entry.kind == "http" else "Diagnostic"


def _code_line(entry: ErrorEntry) -> str:
    if entry.kind != "graph":
        return KIND_LABELS[entry.kind]  # the key ("http:timeout") is an internal name
    parts = [f"code {escape(entry.key.split('/')[0])}"]  # a range key reads "code 200-299"
    if entry.subcode is not None:
        parts.append(f"subcode {entry.subcode}")
    return " · ".join(parts)


def entry_html(entry: ErrorEntry) -> str:
    transient = (
        badge_html("Transient — retry with back-off", "ok")
        if entry.transient
        else badge_html("Not transient — fix before resending", "error")
    )
    certainty = badge_html(
        confidence_label(entry.confidence), _CONFIDENCE_STATUS.get(entry.confidence, "info")
    )
    parts = ErrorParts(
        title=entry.title,
        subtitle_html=(
            f"<p style='color:{MUTED}; margin-top:0'>{_code_line(entry)}</p>"
            f"<p>{transient}&nbsp;&nbsp;{certainty}</p>"
        ),
        meaning=entry.meaning,
        causes=entry.causes,
        fixes=entry.fix,
        retry=entry.retry,
        fields=entry.fields,
        doc_url=entry.doc_url,
        source=entry.source,
    )
    return graph_error_html(parts, CATALOGUE)


def _time(decoded_at: datetime) -> str:
    return decoded_at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")


def decoded_html(decoded: DecodedError, decoded_at: datetime) -> str:
    """What the pasted response says, followed by the catalogue entry it maps to."""
    out = ["<h3 style='margin-bottom:2px'>From the pasted response</h3>"]
    if decoded.status == "graph_error":
        kind = f" · {escape(decoded.type)}" if decoded.type else ""
        out.append(
            f"<p><b>Graph API error: {code_words(decoded.code, decoded.subcode)}</b>{kind}</p>"
        )
    elif decoded.status == "success":
        out.append(
            f"<p>{badge_html('Success', 'ok')}&nbsp; events_received = "
            f"<b>{decoded.events_received}</b></p>"
        )
    else:
        out.append(f"<p>{badge_html(status_label(decoded.status), 'warning')}</p>")
    # Meta echoes a malformed token in its message ("Malformed access token EAA..."): the
    # pane is screenshotted and shared, so response texts are redacted like the CLI output.
    if decoded.user_title or decoded.user_msg:
        out.append(
            "<p><b>Meta says</b> <span style='color:" + MUTED + "'>(error_user_title / "
            "error_user_msg, in the request's language)</span>:<br>"
            f"<i>{escape(redact(decoded.user_title))}</i><br>{escape(redact(decoded.user_msg))}</p>"
        )
    if decoded.message:
        out.append(f"<p><b>message:</b> {escape(redact(decoded.message))}</p>")
    if decoded.is_transient is not None and decoded.entry is not None:
        agrees = decoded.is_transient == decoded.entry.transient
        out.append(
            f"<p><b>is_transient:</b> {str(decoded.is_transient).lower()} "
            f"<span style='color:{MUTED}'>"
            + (
                "(Meta's flag; agrees with the catalogue)"
                if agrees
                else "(Meta's flag for this response; it overrides the catalogue's badge below)"
            )
            + "</span></p>"
        )
    if decoded.blame_fields:
        out.append(f"<p><b>Blamed fields:</b> {fields_html(decoded.blame_fields)}</p>")
    if decoded.nested:
        out.append("<p><b>Per-event errors:</b></p><ul>")
        for nested in decoded.nested[:200]:
            title = escape(nested.entry.title) if nested.entry else "not in the catalogue"
            out.append(
                f"<li>{event_label(nested.event_index)}: code "
                + (str(nested.code) if nested.code is not None else "missing")
                + (f" / {nested.subcode}" if nested.subcode is not None else "")
                + f" — {title}</li>"
            )
        out.append("</ul>")
    for message in decoded.messages[:20]:
        out.append(f"<p><b>Meta message:</b> {escape(redact(message))}</p>")
    if decoded.note:
        out.append(f"<p style='color:{MUTED}'>{escape(decoded.note)}</p>")
    trace = escape(decoded.fbtrace_id) if decoded.fbtrace_id else "none in the response"
    out.append(
        f"<p><b>fbtrace_id:</b> <code>{trace}</code> "
        f"<span style='color:{MUTED}'>decoded {_time(decoded_at)} — trace ids expire, "
        "send them to Meta support soon</span></p>"
    )
    if decoded.entry is not None:
        out.append("<hr>")
        out.append(entry_html(decoded.entry))
    return "".join(out)


EMPTY_HTML = (
    "<h2>Error lookup</h2>"
    "<p>Type in the search box (Ctrl+F):</p><ul>"
    "<li>a code or subcode — <code>190</code>, <code>2804003</code></li>"
    "<li>a pair — <code>100/2804003</code> or <code>100 2804003</code></li>"
    "<li>words from a message or Events Manager — <i>too old</i>, <i>deduplication</i>, "
    "<i>currency</i></li></ul>"
    "<p>Or paste a whole response below the list: the JSON body "
    '(<code>{"error": {...}}</code>), a log line that contains it, or an HTML error page. '
    "It is decoded as you paste, offline — nothing is sent anywhere.</p>"
)


TRACE_SHOWN = 40  # the label elides longer ids; the detail pane and summary keep them whole


def status_line(decoded: DecodedError, decoded_at: datetime) -> str:
    """One line under the editor: what was decoded, its fbtrace_id and when."""
    known = "" if decoded.entry is not None else " (not in catalogue)"
    what = {
        "graph_error": f"Error {code_text(decoded.code, decoded.subcode)}{known}",
    }.get(decoded.status, status_label(decoded.status))
    trace = decoded.fbtrace_id
    if len(trace) > TRACE_SHOWN:
        trace = trace[: TRACE_SHOWN - 1] + "…"
    trace_text = f"fbtrace_id {trace}" if trace else "no fbtrace_id"
    return f"{what} · {trace_text} · decoded {decoded_at.strftime('%H:%M:%S UTC')}"
