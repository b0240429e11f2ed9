"""Async Graph API client: send events (chunked, concurrent, retried) and check credentials."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from capi_desktop import config
from capi_desktop.backend import http
from capi_desktop.backend.graph_errors import GraphError, network_error, parse_response
from capi_desktop.backend.graph_models import (
    ChunkResult,
    CredentialCheck,
    SendProgress,
    SendResult,
    TokenInfo,
)
from capi_desktop.backend.retry import (
    VERIFY_RETRY,
    Delivery,
    RetryDecision,
    RetryNotice,
    RetryPolicy,
    send_retry_decision,
)
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request.delivery import events_without_id
from capi_desktop.domain.request.graph_versions import version_status
from capi_desktop.domain.secret import Secret, as_secret

log = logging.getLogger(__name__)

MAX_EVENTS_PER_REQUEST = 1000  # capi.md §7
PIXEL_FIELDS = "id,name,creation_time,last_fired_time,owner_business"

ProgressCallback = Callable[[SendProgress], Any]
Sleep = Callable[[float], Awaitable[Any]]

__all__ = [
    "ChunkResult",
    "CredentialCheck",
    "GraphClient",
    "GraphError",
    "Profile",
    "Secret",
    "SendProgress",
    "SendResult",
    "TokenInfo",
]


@dataclass(frozen=True)
class _Reply:
    status: int | None
    text: str
    data: Any
    error: GraphError | None
    attempts: int
    delivery: Delivery = "answered"
    stop_reason: str = ""  # why a failed send was not repeated automatically


# Decides whether a failed call is repeated: (error, delivery) -> decision. None = a read.
RepeatRule = Callable[[GraphError, Delivery], RetryDecision]
RetryCallback = Callable[[RetryNotice], Any]


def _delivery_of(error: GraphError | None, status: int | None) -> Delivery:
    """After an answer: Meta's own JSON (or a 429) answered; a broken/proxy reply is unknown."""
    if error is None or error.code is not None or status == 429:
        return "answered"
    return "unknown"


class GraphClient:
    """One per app. Creates its httpx client on first use (cheap to construct)."""

    def __init__(
        self,
        http_client: http.AsyncClient | None = None,
        *,
        retry: RetryPolicy | None = None,
        verify_retry: RetryPolicy = VERIFY_RETRY,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        total_timeout_s: float = config.TOTAL_TIMEOUT_S,
        chunk_size: int = MAX_EVENTS_PER_REQUEST,
    ) -> None:
        self._http = http_client
        self._owns_http = http_client is None
        self.retry = retry or RetryPolicy()
        self.verify_retry = verify_retry
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._total_timeout_s = total_timeout_s
        self._chunk_size = max(1, min(chunk_size, MAX_EVENTS_PER_REQUEST))

    def __repr__(self) -> str:
        return f"GraphClient(retry={self.retry!r})"

    def _client(self) -> http.AsyncClient:
        if self._http is None:
            self._http = http.make_client()
        return self._http

    async def aclose(self) -> None:
        if self._owns_http and self._http is not None:
            client, self._http = self._http, None
            await client.aclose()

    async def _call(
        self,
        method: str,
        url: str,
        token: Secret,
        *,
        log_path: str,
        params: Mapping[str, str] | None = None,
        content: bytes | None = None,
        policy: RetryPolicy | None = None,
        repeat_rule: RepeatRule | None = None,
        on_retry: Callable[[int, float, str, GraphError], Any] | None = None,
    ) -> _Reply:
        http.check_url_allowed(url)
        secret = token.reveal()
        headers = {"Authorization": f"Bearer {secret}"}
        if content is not None:
            headers["Content-Type"] = "application/json"
        client = self._client()
        retry = policy or self.retry
        attempt = 0
        while True:
            attempt += 1
            status: int | None = None
            text = ""
            data: Any = None
            seen_headers: Mapping[str, str] = {}
            timed_out = False
            delivery: Delivery = "answered"
            try:
                async with asyncio.timeout(self._total_timeout_s):
                    reply = await http.request_capped(
                        client, method, url, params=params, content=content, headers=headers
                    )
                status, text, seen_headers = reply.status, reply.text, reply.headers
                if reply.complete:
                    # The headers carry Meta's usage figures: a throttle then says how long.
                    data, error = parse_response(status, text, secret, headers=seen_headers)
                else:
                    data, error = None, _too_large(status, text, reply.size, secret)
                delivery = _delivery_of(error, status)
            except (TimeoutError, http.TimeoutException) as exc:
                error = network_error(exc, secret, timeout=True)
                timed_out = True
                delivery = "not_sent" if http.nothing_was_sent(exc) else "unknown"
            except http.HTTPError as exc:
                error = network_error(exc, secret)
                delivery = "not_sent" if http.nothing_was_sent(exc) else "unknown"
            if error is None:
                return _Reply(status, redact(text, secret), data, None, attempt)
            if repeat_rule is None:  # a read: repeating is harmless
                decision = RetryDecision(error.retryable, "")
                if timed_out and not retry.retry_timeouts:
                    decision = RetryDecision(False, "")
            else:
                decision = repeat_rule(error, delivery)
            if not decision.retry or attempt >= retry.max_attempts:
                log.info("%s %s failed: %s", method, log_path, redact(error.summary(), secret))
                reason = "" if decision.retry else decision.reason
                return _Reply(status, redact(text, secret), data, error, attempt, delivery, reason)
            delay = retry.delay_s(attempt, seen_headers, self._rng)
            log.info(
                "%s %s: %s (%s), retry %d in %.1f s",
                method,
                log_path,
                decision.reason or "transient failure",
                error.code if error.code is not None else error.category,
                attempt,
                delay,
            )
            if on_retry is not None:
                try:
                    on_retry(attempt, delay, decision.reason, error)
                except Exception:
                    log.exception("retry callback failed")
            await self._sleep(delay)

    async def send_events(
        self,
        profile: Profile,
        token: str | Secret,
        request_body: Mapping[str, Any],
        *,
        test_event_code: str | None,
        on_progress: ProgressCallback | None = None,
        on_retry: RetryCallback | None = None,
        max_concurrency: int = 4,
    ) -> SendResult:
        """POST the events; > 1,000 are split into chunks sent `max_concurrency` at a time.

        `test_event_code` (if given) overrides one in the body. Raises `http.PlainHttpRefused`
        for a plain-http non-loopback URL, ValueError without a `data` list or for text that
        is not valid Unicode, TypeError for a value JSON cannot hold; every other
        failure is reported in the result. Cancel the task to stop (chunks in flight stop).

        A failed chunk is repeated automatically only by `send_retry_decision` (retry.py): when
        nothing can have been received, or Meta asked to retry and every event has an event_id.
        `on_retry` hears of each repeat before its wait (the UI shows it with a countdown).
        """
        secret = as_secret(token)
        http.check_url_allowed(profile.graph_url)
        events = request_body.get("data")
        if not isinstance(events, list):
            raise ValueError("the request body needs a 'data' list of events")
        extra_secret = str(request_body.get("access_token") or "")
        top = {k: v for k, v in request_body.items() if k not in ("data", "access_token")}
        if test_event_code:
            top["test_event_code"] = test_event_code
        size = self._chunk_size
        chunks = [events[i : i + size] for i in range(0, len(events), size)] or [[]]
        url = f"{profile.graph_url.rstrip('/')}/{profile.api_version}/{profile.pixel_id}/events"
        log_path = f"/{profile.api_version}/{profile.pixel_id}/events"
        started = time.perf_counter()
        gate = asyncio.Semaphore(max(1, max_concurrency))
        results: list[ChunkResult | None] = [None] * len(chunks)
        done = {"chunks": 0, "events": 0}

        async def send_chunk(index: int, chunk: list[Any]) -> None:
            async with gate:
                t0 = time.perf_counter()
                body = json.dumps({**top, "data": chunk}, ensure_ascii=False, separators=(",", ":"))
                with_ids = events_without_id(chunk) == 0

                def rule(error: GraphError, delivery: Delivery) -> RetryDecision:
                    return send_retry_decision(error, delivery, all_have_event_id=with_ids)

                def retrying(attempt: int, wait: float, reason: str, error: GraphError) -> None:
                    if on_retry is not None:
                        summary = redact(error.summary(), secret.reveal())
                        max_attempts = self.retry.max_attempts
                        on_retry(RetryNotice(index, attempt, max_attempts, wait, reason, summary))

                reply = await self._call(
                    "POST", url, secret, log_path=log_path, content=body.encode("utf-8"),
                    repeat_rule=rule, on_retry=retrying,
                )  # fmt: skip
                result = _chunk_result(index, len(chunk), reply, body, time.perf_counter() - t0)
                result = _redacted(result, secret.reveal(), extra_secret)
            results[index] = result
            done["chunks"] += 1
            done["events"] += result.events
            if on_progress is not None:
                progress = SendProgress(
                    done["chunks"], len(chunks), done["events"], len(events), result
                )
                try:
                    on_progress(progress)
                except Exception:
                    log.exception("progress callback failed")

        try:
            async with asyncio.TaskGroup() as group:
                for index, chunk in enumerate(chunks):
                    group.create_task(send_chunk(index, chunk))
        except* (ValueError, TypeError) as failed:
            # A body that cannot be encoded (a lone surrogate, a non-JSON value) is bad input:
            # raise it plainly, not wrapped in an ExceptionGroup.
            raise failed.exceptions[0] from None
        final = [r for r in results if r is not None]
        return SendResult(
            ok=all(r.ok for r in final),
            chunks=final,
            events_sent=sum(r.events for r in final),
            events_received=sum(r.events_received for r in final),
            duration_s=time.perf_counter() - started,
        )

    async def check_credentials(
        self, profile: Profile, token: str | Secret, *, debug_token: bool = True
    ) -> CredentialCheck:
        """Pixel, /me and (when the token allows it) /debug_token; classify the failure.

        Fails fast: retries follow `verify_retry` (one short retry), not the patient send policy.
        """
        secret = as_secret(token)
        policy = self.verify_retry
        http.check_url_allowed(profile.graph_url)
        started = time.perf_counter()
        base = f"{profile.graph_url.rstrip('/')}/{profile.api_version}"
        pixel, me = await asyncio.gather(
            self._call(
                "GET",
                f"{base}/{profile.pixel_id}",
                secret,
                log_path=f"/{profile.pixel_id}",
                params={"fields": PIXEL_FIELDS},
                policy=policy,
            ),
            self._call(
                "GET",
                f"{base}/me",
                secret,
                log_path="/me",
                params={"fields": "id,name"},
                policy=policy,
            ),
        )
        errors = [r.error for r in (me, pixel) if r.error is not None]
        info: TokenInfo | None = None
        debug_error: GraphError | None = None
        # A dead token or an unreachable host makes /debug_token pointless (and slow).
        hopeless = any(e.category in ("token", "network") for e in errors)
        if debug_token and not hopeless:
            # The token goes in as a query parameter (Graph requires it there); httpx's URL
            # logging is silenced in backend.http and every text we keep is redacted.
            debug = await self._call(
                "GET",
                f"{base}/debug_token",
                secret,
                log_path="/debug_token",
                params={"input_token": secret.reveal()},
                policy=policy,
            )
            debug_error = debug.error
            payload = debug.data.get("data") if isinstance(debug.data, dict) else None
            if isinstance(payload, dict):
                info = TokenInfo.from_json(payload)
        rank = {"token": 0, "network": 1, "version": 2, "pixel": 3, "permission": 4}
        errors.sort(key=lambda e: rank.get(e.category, 9))
        return CredentialCheck(
            ok=not errors,
            pixel=pixel.data if pixel.error is None and isinstance(pixel.data, dict) else None,
            me=me.data if me.error is None and isinstance(me.data, dict) else None,
            token_info=info,
            error=errors[0] if errors else None,
            debug_token_error=debug_error,
            version_warning=version_status(profile.api_version).message,
            duration_s=time.perf_counter() - started,
            errors=tuple(errors),
        )


def _chunk_result(
    index: int, events: int, reply: _Reply, body: str, duration: float
) -> ChunkResult:
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


def _too_large(status: int, text: str, size: int, *secrets: str) -> GraphError:
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


def _redacted(result: ChunkResult, *secrets: str) -> ChunkResult:
    body = result.request_body_redacted
    for secret in secrets:
        if secret and len(secret) >= 4:
            body = body.replace(secret, "[REDACTED]")
    if "EAA" in body or "access_token" in body.lower():
        body = redact(body)  # the slow regex pass only when something token-like is present
    if body is result.request_body_redacted:
        return result
    return replace(result, request_body_redacted=body)
