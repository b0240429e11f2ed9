"""Qt-free glue for the Send tab: parse the request, classify a result, build history entries."""

from __future__ import annotations

import inspect
import json
import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from capi_desktop.backend.history import HistoryEntry, Result
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request.send_outcome import (
    Outcome,
    chunk_errors_text,
    classify_outcome,
    failing_chunks,
    shown_chunk,
)

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class ParsedBody:
    body: dict[str, Any] | None
    problem: str = ""

    @property
    def events(self) -> list[Any]:
        data = self.body.get("data") if self.body else None
        return data if isinstance(data, list) else []


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


def result_kind(result: Any) -> Outcome:
    """The send outcome (domain.send_outcome.classify_outcome) of a Graph client result."""
    error = result.error
    return classify_outcome(
        bool(result.ok),
        category=str(getattr(error, "category", "") or ""),
        http_status=getattr(error, "http_status", None),
        throttled=bool(getattr(error, "throttled", False)),
    )


def stored_result(outcome: Outcome) -> Result:
    """History stores accepted/rejected/error; a throttle is an error (never "rejected")."""
    return "error" if outcome == "throttled" else outcome


def first_chunk(result: Any) -> Any:
    """The chunk the summary speaks for (domain.send_outcome.shown_chunk)."""
    return shown_chunk(list(getattr(result, "chunks", None) or []))


def error_text(result: Any) -> str:
    """Every failing request's error (not only the first), for history and the result view."""
    chunks = list(getattr(result, "chunks", None) or [])
    summaries = [
        (index, chunk.error.summary())
        for index, chunk in failing_chunks(chunks)
        if getattr(chunk, "error", None) is not None
    ]
    if not summaries and result.error is not None:
        return str(result.error.summary())
    return chunk_errors_text(summaries, len(chunks))


def history_entry(
    profile: Any, body: dict[str, Any], result: Any, test_event_code: str | None
) -> HistoryEntry:
    chunk = first_chunk(result)
    outcome = result_kind(result)
    errors = error_text(result)
    if outcome == "throttled":  # stored as an error: say which kind, it is not a rejection
        errors = f"Throttled by Meta (rate limit), not rejected. {errors}"
    return HistoryEntry(
        request=body,
        result=stored_result(outcome),
        profile_id=str(getattr(profile, "id", "")),
        profile_name=str(getattr(profile, "name", "")),
        pixel_id=str(getattr(profile, "pixel_id", "")),
        test_event_code=test_event_code or None,
        response_text=getattr(chunk, "response_text", "") or "",
        http_status=getattr(chunk, "http_status", None),
        events_sent=int(result.events_sent),
        events_received=int(result.events_received),
        fbtrace_id=getattr(chunk, "fbtrace_id", "") or None,
        attempts=int(getattr(result, "attempts", 1) or 1),
        duration_s=float(result.duration_s),
        error_message=errors,
        created_at=time.time(),
    )


def failure_entry(
    profile: Any, body: dict[str, Any], message: str, code: str | None
) -> HistoryEntry:
    """A send that never produced a Graph result (no token, refused URL, ...)."""
    return HistoryEntry(
        request=body,
        result="error",
        profile_id=str(getattr(profile, "id", "")),
        profile_name=str(getattr(profile, "name", "")),
        pixel_id=str(getattr(profile, "pixel_id", "")),
        test_event_code=code or None,
        error_message=redact(message),
        created_at=time.time(),
    )


def decode_response(text: str) -> Any:
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


async def list_profiles(credentials: Any) -> Sequence[Any]:
    """Profiles from the credential store, whether its method is sync or async."""
    if credentials is None:
        return []
    value = credentials.list_profiles()
    if inspect.isawaitable(value):
        value = await value
    return list(value or [])


async def get_token(credentials: Any, profile_id: str) -> Any:
    value = credentials.get_token(profile_id)
    if inspect.isawaitable(value):
        value = await value
    return value


def token_text(token: Any) -> str:
    """The secret for scrubbing only; never displayed."""
    reveal = getattr(token, "reveal", None)
    return str(reveal()) if callable(reveal) else str(token or "")


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
