"""Async reads of Meta's quality view (dataset_quality, pixel stats, DA checks, pixel fields), retried and paced."""

from __future__ import annotations

import asyncio
import json
import logging
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Any

from capi_desktop import config
from capi_desktop.backend import http
from capi_desktop.backend.graph_errors import GraphError, network_error, parse_response
from capi_desktop.backend.retry import RetryPolicy, server_wait_s
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.quality.fields import (
    DATASET_QUALITY_FIELDS,
    PIXEL_QUALITY_FIELDS,
    STATS_AGGREGATIONS,
)
from capi_desktop.domain.quality.models import parse_dataset_quality
from capi_desktop.domain.quality.outcome import classify
from capi_desktop.domain.quality.snapshot import QualitySnapshot
from capi_desktop.domain.redact import redact
from capi_desktop.domain.secret import Secret, as_secret

log = logging.getLogger(__name__)
Sleep = Callable[[float], Awaitable[Any]]
WaitCallback = Callable[[float, str], Any]  # (seconds, why)
# Quality reads are not urgent: a patient policy, but capped so a sweep never stalls for long.
QUALITY_RETRY = RetryPolicy(
    max_attempts=3, base_delay_s=1.0, max_delay_s=10.0, max_server_wait_s=30.0
)
PACE_FROM_PCT = 75.0  # start spacing calls when a usage header passes this share
PACE_MAX_S = 30.0


def usage_pct(headers: Mapping[str, str]) -> float | None:
    """Highest call_count / total_cputime / total_time share in X-App-Usage / X-Business-Use-Case-Usage."""
    lowered = {k.lower(): v for k, v in headers.items()}
    found: list[float] = []
    for name in ("x-app-usage", "x-business-use-case-usage", "x-ad-account-usage"):
        try:
            data = json.loads(lowered.get(name, "") or "null")
        except ValueError:
            continue
        entries: list[Any] = []
        if isinstance(data, dict) and any(isinstance(v, list) for v in data.values()):
            for value in data.values():
                entries.extend(value if isinstance(value, list) else [value])
        else:
            entries.append(data)
        for entry in entries:
            if isinstance(entry, dict):
                for key in ("call_count", "total_cputime", "total_time", "acc_id_util_pct"):
                    value = entry.get(key)
                    if isinstance(value, int | float) and not isinstance(value, bool):
                        found.append(float(value))
    return max(found) if found else None


def pace_delay_s(pct: float | None) -> float:
    """Pause before the next call: none below PACE_FROM_PCT, growing to PACE_MAX_S at 100 %."""
    if pct is None or pct < PACE_FROM_PCT:
        return 0.0
    share = min(1.0, (pct - PACE_FROM_PCT) / (100.0 - PACE_FROM_PCT))
    return round(1.0 + share * (PACE_MAX_S - 1.0), 2)


@dataclass(frozen=True)
class Read:
    data: Any
    error: GraphError | None
    headers: dict[str, str]
    attempts: int


class QualityClient:
    """One per app; owns its httpx client unless handed one."""

    def __init__(
        self,
        http_client: http.AsyncClient | None = None,
        *,
        retry: RetryPolicy = QUALITY_RETRY,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
        total_timeout_s: float = config.TOTAL_TIMEOUT_S,
    ) -> None:
        self._http = http_client
        self._owns_http = http_client is None
        self.retry = retry
        self._sleep = sleep
        self._rng = rng or random.Random()
        self._total_timeout_s = total_timeout_s
        self.last_usage_pct: float | None = None

    def _client(self) -> http.AsyncClient:
        if self._http is None:
            self._http = http.make_client(max_connections=2)
        return self._http

    async def aclose(self) -> None:
        if self._owns_http and self._http is not None:
            client, self._http = self._http, None
            await client.aclose()

    async def _get(
        self, url: str, secret: str, params: Mapping[str, str], on_wait: WaitCallback | None
    ) -> Read:
        http.check_url_allowed(url)
        headers = {"Authorization": f"Bearer {secret}"}
        attempt = 0
        while True:
            attempt += 1
            seen: dict[str, str] = {}
            try:
                async with asyncio.timeout(self._total_timeout_s):
                    response = await self._client().get(url, params=params, headers=headers)
                seen = dict(response.headers)
                data, error = parse_response(response.status_code, response.text, secret)
            except (TimeoutError, http.TimeoutException) as exc:
                data, error = None, network_error(exc, secret, timeout=True)
            except http.HTTPError as exc:
                data, error = None, network_error(exc, secret)
            pct = usage_pct(seen)
            if pct is not None:
                self.last_usage_pct = pct
            if error is None or not error.retryable or attempt >= self.retry.max_attempts:
                return Read(data, error, seen, attempt)
            delay = self.retry.delay_s(attempt, seen, self._rng)
            log.info(
                "quality read: %s, retry %d in %.1f s",
                redact(error.summary(), secret),
                attempt,
                delay,
            )
            if on_wait is not None:
                on_wait(delay, error.summary())
            await self._sleep(delay)

    async def _pace(self, on_wait: WaitCallback | None) -> None:
        delay = pace_delay_s(self.last_usage_pct)
        if delay > 0:
            if on_wait is not None:
                on_wait(delay, f"usage at {self.last_usage_pct:.0f} % of Meta's limit")
            await self._sleep(delay)

    async def fetch(
        self,
        profile: Profile,
        token: str | Secret,
        *,
        scopes: tuple[str, ...] | None = None,
        on_wait: WaitCallback | None = None,
        agent_name: str | None = None,
    ) -> QualitySnapshot:
        """Every quality read for one profile, one after another, paced by Meta's usage headers.

        Never raises for a Graph failure (it becomes the snapshot's outcome); cancel the task to stop.
        `agent_name` is left out unless given: Meta then counts only events sent with that
        (normalized) partner_agent, which for most advertisers would be none at all.
        """
        secret = as_secret(token).reveal()
        http.check_url_allowed(profile.graph_url)
        base = f"{profile.graph_url.rstrip('/')}/{profile.api_version}"
        params = {"dataset_id": profile.pixel_id, "fields": DATASET_QUALITY_FIELDS}
        if agent_name:
            params["agent_name"] = agent_name
        dq = await self._get(f"{base}/dataset_quality", secret, params, on_wait)
        quality = parse_dataset_quality(dq.data if dq.error is None else None)
        outcome = classify(
            code=dq.error.code if dq.error else None,
            message=(dq.error.message or dq.error.title) if dq.error else "",
            answered_empty=dq.error is None and quality.answered_empty,
            event_count=len(quality.events),
            scopes=scopes,
            retry_after_s=server_wait_s(dq.headers) if dq.error else None,
        )
        if outcome.state == "permission" and scopes is None and dq.error is not None:
            # Name the exact scope missing: ask /debug_token what this token has.
            scopes = await self._token_scopes(base, secret)
            if scopes is not None:
                outcome = classify(
                    code=dq.error.code,
                    message=dq.error.message or dq.error.title,
                    answered_empty=False,
                    event_count=0,
                    scopes=scopes,
                )
        snapshot_parts: dict[str, Any] = {"stats": {}, "read_errors": {}}
        if dq.error is not None:
            snapshot_parts["read_errors"]["dataset_quality"] = dq.error.summary()
        if outcome.state != "throttled":
            await self._other_reads(base, profile.pixel_id, secret, snapshot_parts, on_wait)
        return QualitySnapshot.for_profile(
            profile,
            outcome,
            time.time(),
            dataset_quality=dq.data if dq.error is None else None,
            stats=snapshot_parts["stats"],
            da_checks=snapshot_parts.get("da_checks"),
            pixel=snapshot_parts.get("pixel"),
            read_errors=snapshot_parts["read_errors"],
        )

    async def _token_scopes(self, base: str, secret: str) -> tuple[str, ...] | None:
        read = await self._get(f"{base}/debug_token", secret, {"input_token": secret}, None)
        payload = read.data.get("data") if isinstance(read.data, dict) else None
        scopes = payload.get("scopes") if isinstance(payload, dict) else None
        if read.error is not None or not isinstance(scopes, list):
            return None
        return tuple(str(s) for s in scopes)

    async def _other_reads(
        self,
        base: str,
        pixel_id: str,
        secret: str,
        parts: dict[str, Any],
        on_wait: WaitCallback | None,
    ) -> None:
        reads: list[tuple[str, str, dict[str, str]]] = [
            ("pixel", f"{base}/{pixel_id}", {"fields": PIXEL_QUALITY_FIELDS}),
            ("da_checks", f"{base}/{pixel_id}/da_checks", {"connection_method": "SERVER"}),
        ]
        reads += [
            (f"stats:{agg}", f"{base}/{pixel_id}/stats", {"aggregation": agg})
            for agg in STATS_AGGREGATIONS
        ]
        for key, url, params in reads:
            await self._pace(on_wait)
            read = await self._get(url, secret, params, on_wait)
            if read.error is not None:
                parts["read_errors"][key] = read.error.summary()
                if read.error.category == "throttle":
                    return  # do not push on against a limit
                continue
            if key.startswith("stats:"):
                parts["stats"][key.split(":", 1)[1]] = read.data
            else:
                parts[key] = read.data
