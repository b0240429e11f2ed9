"""Qt-free glue for the Send tab: parse the request, classify a result, build history entries."""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass
from typing import Any

from capi_desktop.backend.graph_models import ChunkResult, SendResult
from capi_desktop.backend.history import HistoryEntry
from capi_desktop.domain.error_catalog import DecodedError
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request.send_outcome import (
    Outcome,
    chunk_errors_text,
    classify_outcome,
    failing_chunks,
    history_error_text,
    shown_chunk,
    stored_result,
)
from capi_desktop.domain.secret import Secret

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedBody:
    body: dict[str, Any] | None
    problem: str = ""


def parse_body(text: str) -> ParsedBody:
    """A request body from the editor text (a request, a list of events or one event)."""
    from capi_desktop.domain.request.event_model import parse_request

    parsed = parse_request(text)
    if not parsed.ok or parsed.request is None:
        return ParsedBody(None, f"Not a usable request: {parsed.error}")
    body = dict(parsed.request.body)
    if not isinstance(body.get("data"), list) or not body["data"]:
        return ParsedBody(None, "The request has no events: put them in a 'data' list.")
    body.pop("access_token", None)  # the token travels in a header, never from the editor
    return ParsedBody(body)


def result_kind(result: SendResult) -> Outcome:
    """The send outcome (domain.send_outcome.classify_outcome) of a Graph client result."""
    error = result.error
    if error is None:
        return classify_outcome(result.ok)
    return classify_outcome(
        result.ok,
        category=error.category,
        http_status=error.http_status,
        throttled=error.throttled,
    )


def first_chunk(result: SendResult) -> ChunkResult | None:
    """The chunk the summary speaks for (domain.send_outcome.shown_chunk)."""
    return shown_chunk(result.chunks)


def error_text(result: SendResult) -> str:
    """Every failing request's error (not only the first), for history and the result view."""
    summaries = [
        (index, chunk.error.summary())
        for index, chunk in failing_chunks(result.chunks)
        if chunk.error is not None
    ]
    if not summaries and result.error is not None:
        return result.error.summary()
    return chunk_errors_text(summaries, len(result.chunks))


def history_entry(
    profile: Profile, body: dict[str, Any], result: SendResult, test_event_code: str | None
) -> HistoryEntry:
    chunk = first_chunk(result)
    outcome = result_kind(result)
    return HistoryEntry(
        request=body,
        result=stored_result(outcome),
        profile_id=profile.id,
        profile_name=profile.name,
        pixel_id=profile.pixel_id,
        test_event_code=test_event_code or None,
        response_text=chunk.response_text if chunk is not None else "",
        http_status=chunk.http_status if chunk is not None else None,
        events_sent=result.events_sent,
        events_received=result.events_received,
        fbtrace_id=(chunk.fbtrace_id or None) if chunk is not None else None,
        attempts=result.attempts or 1,
        duration_s=result.duration_s,
        error_message=history_error_text(outcome, error_text(result)),
        created_at=time.time(),
    )


def failure_entry(
    profile: Profile, body: dict[str, Any], message: str, code: str | None
) -> HistoryEntry:
    """A send that never produced a Graph result (no token, refused URL, ...)."""
    return HistoryEntry(
        request=body,
        result="error",
        profile_id=profile.id,
        profile_name=profile.name,
        pixel_id=profile.pixel_id,
        test_event_code=code or None,
        error_message=redact(message),
        created_at=time.time(),
    )


def decode_response(text: str) -> DecodedError | None:
    """The error catalogue's decoding of a response body, or None when the catalogue is missing."""
    if not text.strip():
        return None
    try:
        from capi_desktop.backend.error_catalog_store import default_catalog
        from capi_desktop.domain.error_catalog import decode
    except ImportError:
        return None
    try:
        return decode(text, default_catalog())
    except Exception:  # the catalogue is an aid; a broken entry must not hide the response
        log.exception("decoding the response failed")
        return None


def pretty_json(text: str) -> str:
    try:
        return json.dumps(json.loads(text), indent=2, ensure_ascii=False)
    except (ValueError, TypeError):
        return text


def token_text(token: str | Secret) -> str:
    """The secret for scrubbing only; never displayed."""
    return token.reveal() if isinstance(token, Secret) else token


def composer_path(path: str) -> str:
    """A blamed field ("data.0.event_time", Meta's dotted form) as the Composer's JSON path."""
    from capi_desktop.domain.request.json_locate import join_path, split_path

    if split_path(path) is not None and "[" in path:
        return path  # already "data[0].event_time"
    parts: list[str | int] = [int(p) if p.isdecimal() else p for p in path.split(".") if p]
    try:
        return join_path(parts)
    except (TypeError, ValueError):
        return path
