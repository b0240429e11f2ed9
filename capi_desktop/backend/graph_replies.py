"""One Graph reply turned into the client's results: delivery state, chunk result, redaction."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from capi_desktop.backend.graph_errors import GraphError, network_error, parse_response
from capi_desktop.backend.graph_models import ChunkResult
from capi_desktop.backend.retry import Delivery
from capi_desktop.domain.redact import redact


@dataclass(frozen=True)
class Reply:
    status: int | None
    text: str
    data: Any
    error: GraphError | None
    attempts: int
    delivery: Delivery = "answered"
    stop_reason: str = ""  # why a failed send was not repeated automatically


def delivery_of(error: GraphError | None, status: int | None) -> Delivery:
    """After an answer: Meta's own JSON (or a 429) answered; a broken/proxy reply is unknown."""
    if error is None or error.code is not None or status == 429:
        return "answered"
    return "unknown"


def chunk_result(index: int, events: int, reply: Reply, body: str, duration: float) -> ChunkResult:
    data = reply.data if isinstance(reply.data, dict) else {}
    error = reply.error
    received = data.get("events_received") if error is None else 0
    raw_messages = data.get("messages")
    messages = raw_messages if isinstance(raw_messages, list) else []
    trace = data.get("fbtrace_id") or (error.fbtrace_id if error else "")
    return ChunkResult(
        index=index,
        events=events,
        ok=error is None,
        http_status=reply.status,
        events_received=received if isinstance(received, int) else 0,
        messages=tuple(str(m) for m in messages),
        fbtrace_id=str(trace or ""),
        error=error,
        attempts=reply.attempts,
        duration_s=duration,
        request_body_redacted=body,
        response_text=reply.text,
        delivery=reply.delivery,
        stop_reason=reply.stop_reason,
    )


def too_large_error(status: int, text: str, size: int, *secrets: str) -> GraphError:
    """A body past the read cap is never Graph JSON (a few KB): an error page or a broken proxy."""
    from capi_desktop.domain.text_clip import size_label

    _, error = parse_response(status, text, *secrets)  # clipped text never parses: an error
    message = (
        f"The server sent {size_label(size)} instead of a Graph API reply (HTTP {status}); "
        "only its start and end were kept"
    )
    if error is None:  # unreachable by construction; keep the type honest
        error = network_error(ValueError(message), *secrets)
    return replace(error, message=message, http_status=status)


def redacted_result(result: ChunkResult, *secrets: str) -> ChunkResult:
    body = result.request_body_redacted
    for secret in secrets:
        if secret and len(secret) >= 4:
            body = body.replace(secret, "[REDACTED]")
    if "EAA" in body or "access_token" in body.lower():
        body = redact(body)  # the slow regex pass only when something token-like is present
    if body is result.request_body_redacted:
        return result
    return replace(result, request_body_redacted=body)
