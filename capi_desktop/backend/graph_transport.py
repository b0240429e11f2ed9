"""The Graph API transport under GraphClient: one call with its token, timeout, read cap and retries."""

from __future__ import annotations

import asyncio
import logging
import random
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from capi_desktop import config
from capi_desktop.backend import http
from capi_desktop.backend.graph_errors import GraphError, network_error, parse_response
from capi_desktop.backend.graph_replies import Reply, delivery_of, too_large_error
from capi_desktop.backend.retry import VERIFY_RETRY, Delivery, RetryDecision, RetryPolicy
from capi_desktop.domain.redact import redact
from capi_desktop.domain.secret import Secret

log = logging.getLogger("capi_desktop.backend.graph_client")  # one logger name for the client

MAX_EVENTS_PER_REQUEST = 1000  # capi.md §7
Sleep = Callable[[float], Awaitable[Any]]
# Decides whether a failed call is repeated: (error, delivery) -> decision. None = a read.
RepeatRule = Callable[[GraphError, Delivery], RetryDecision]


class GraphTransport:
    """Owns the httpx client (made on first use) and the retry loop every Graph call goes through."""

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
    ) -> Reply:
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
                    data, error = None, too_large_error(status, text, reply.size, secret)
                delivery = delivery_of(error, status)
            except (TimeoutError, http.TimeoutException) as exc:
                error = network_error(exc, secret, timeout=True)
                timed_out = True
                delivery = "not_sent" if http.nothing_was_sent(exc) else "unknown"
            except http.HTTPError as exc:
                error = network_error(exc, secret)
                delivery = "not_sent" if http.nothing_was_sent(exc) else "unknown"
            if error is None:
                return Reply(status, redact(text, secret), data, None, attempt)
            if repeat_rule is None:  # a read: repeating is harmless
                decision = RetryDecision(error.retryable, "")
                if timed_out and not retry.retry_timeouts:
                    decision = RetryDecision(False, "")
            else:
                decision = repeat_rule(error, delivery)
            if not decision.retry or attempt >= retry.max_attempts:
                log.info("%s %s failed: %s", method, log_path, redact(error.summary(), secret))
                reason = "" if decision.retry else decision.reason
                return Reply(status, redact(text, secret), data, error, attempt, delivery, reason)
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
