"""Async Graph API client: send events (chunked, concurrent, retried) and check credentials."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Callable, Mapping
from typing import Any

from capi_desktop.backend import http
from capi_desktop.backend.graph_errors import GraphError
from capi_desktop.backend.graph_models import (
    ChunkResult,
    CredentialCheck,
    SendProgress,
    SendResult,
    TokenInfo,
)
from capi_desktop.backend.graph_replies import (
    chunk_result,
    redacted_result,
)
from capi_desktop.backend.graph_transport import GraphTransport
from capi_desktop.backend.retry import (
    Delivery,
    RetryDecision,
    RetryNotice,
    send_retry_decision,
)
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.redact import redact
from capi_desktop.domain.request.delivery import events_without_id
from capi_desktop.domain.request.graph_versions import version_status
from capi_desktop.domain.secret import Secret, as_secret

log = logging.getLogger(__name__)

PIXEL_FIELDS = "id,name,creation_time,last_fired_time,owner_business"

ProgressCallback = Callable[[SendProgress], Any]

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


RetryCallback = Callable[[RetryNotice], Any]


class GraphClient(GraphTransport):
    """One per app. Creates its httpx client on first use (cheap to construct)."""

    def __repr__(self) -> str:
        return f"GraphClient(retry={self.retry!r})"

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
                result = chunk_result(index, len(chunk), reply, body, time.perf_counter() - t0)
                result = redacted_result(result, secret.reveal(), extra_secret)
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
