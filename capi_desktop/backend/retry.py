"""Backoff for transient Graph failures: exponential with jitter, capped, honouring server hints."""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Literal

from capi_desktop.backend.graph_errors import NEVER_RETRY_CODES, TRANSIENT_CODES, GraphError


@dataclass(frozen=True)
class RetryPolicy:
    max_attempts: int = 4  # first try included
    base_delay_s: float = 0.5
    max_delay_s: float = 20.0  # cap on our own backoff
    max_server_wait_s: float = 60.0  # cap on Retry-After / estimated_time_to_regain_access
    retry_timeouts: bool = True  # a timed-out try already cost the user the whole timeout

    def backoff_s(self, attempt: int, rng: random.Random) -> float:
        """Delay after failed attempt number `attempt` (1-based): "equal jitter"."""
        ceiling = min(self.max_delay_s, self.base_delay_s * 2.0 ** (attempt - 1))
        return ceiling / 2 + rng.uniform(0, ceiling / 2)

    def delay_s(self, attempt: int, headers: Mapping[str, str], rng: random.Random) -> float:
        hint = server_wait_s(headers)
        own = self.backoff_s(attempt, rng)
        if hint is None:
            return own
        return max(own, min(hint, self.max_server_wait_s))


# A credential check is interactive: the user waits on it, so one short retry at most and
# no long server-requested waits (sends keep the patient RetryPolicy defaults).
VERIFY_RETRY = RetryPolicy(
    max_attempts=2, base_delay_s=0.2, max_delay_s=0.5, max_server_wait_s=2.0, retry_timeouts=False
)


def _retry_after(value: str) -> float | None:
    value = value.strip()
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _buc_wait(value: str) -> float | None:
    """X-Business-Use-Case-Usage: {id: [{..., "estimated_time_to_regain_access": minutes}]}."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    waits = []
    if isinstance(data, dict):
        for entries in data.values():
            for entry in entries if isinstance(entries, list) else [entries]:
                if isinstance(entry, dict):
                    minutes = entry.get("estimated_time_to_regain_access")
                    if isinstance(minutes, int | float) and minutes > 0:
                        waits.append(float(minutes) * 60)
    return max(waits) if waits else None


def _ad_account_wait(value: str) -> float | None:
    """X-Ad-Account-Usage: {"acc_id_util_pct": ..., "reset_time_duration": seconds}."""
    try:
        data = json.loads(value)
    except ValueError:
        return None
    seconds = data.get("reset_time_duration") if isinstance(data, dict) else None
    return float(seconds) if isinstance(seconds, int | float) and seconds > 0 else None


def server_wait_s(headers: Mapping[str, str]) -> float | None:
    """The longest wait any server hint asks for, in seconds, or None without a hint."""
    lowered = {k.lower(): v for k, v in headers.items()}
    candidates = [
        _retry_after(lowered.get("retry-after", "")),
        _buc_wait(lowered.get("x-business-use-case-usage", "")),
        _ad_account_wait(lowered.get("x-ad-account-usage", "")),
    ]
    found = [c for c in candidates if c is not None]
    return max(found) if found else None


# ----- when a send may be repeated automatically (issue 18 item 3) ------------------------------
#
# Resending a batch Meta may already have processed double-counts every event Meta cannot
# deduplicate. Meta deduplicates identical events by event_id + event_name: "We determine if
# events are identical based on their ID and name ... we keep the first one" within 48 hours
# (developers.facebook.com/docs/marketing-api/conversions-api/deduplicate-pixel-and-server-events
# and parameters/server-event; capi.md §5.6 rule 1). The fbp/external_id fallback "never
# dedups two browser or two server events against each other" (capi.md §5.6 rule 2), so an event
# without event_id sent twice from the server counts twice. Hence: repeat automatically only when
# nothing can have been received, or when Meta itself said "throttled / try again" and every
# event carries an event_id.

Delivery = Literal["answered", "not_sent", "unknown"]


@dataclass(frozen=True)
class RetryDecision:
    """Whether to repeat a send now, and the sentence saying why (or why not)."""

    retry: bool
    reason: str


def meta_asked_to_retry(error: GraphError) -> bool:
    """Meta's own answer says throttled or transient (not a proxy page, not a broken reply)."""
    if error.code in NEVER_RETRY_CODES:
        return False
    if error.category == "throttle" or error.http_status == 429:
        return True
    return error.code is not None and (error.code in TRANSIENT_CODES or error.is_transient)


def send_retry_decision(
    error: GraphError, delivery: Delivery, *, all_have_event_id: bool
) -> RetryDecision:
    """The one rule for repeating a POST /events automatically."""
    if delivery == "not_sent":
        return RetryDecision(True, "the request never left this machine (nothing was received)")
    if delivery == "answered" and meta_asked_to_retry(error):
        if all_have_event_id:
            return RetryDecision(
                True,
                "Meta asked to retry later; every event has an event_id, so Meta "
                "deduplicates a copy it already has",
            )
        return RetryDecision(
            False,
            "Meta asked to retry later, but not every event has an event_id: a repeat "
            "could not be deduplicated, so it is left to you",
        )
    if delivery == "unknown":
        return RetryDecision(False, "it is unknown whether Meta received the request")
    return RetryDecision(False, "Meta answered; repeating cannot change that answer")


@dataclass(frozen=True)
class RetryNotice:
    """Told to the UI before each automatic retry: shown live with the remaining wait."""

    chunk_index: int
    attempt: int  # the attempt that failed (1-based)
    max_attempts: int
    wait_s: float
    reason: str
    error_summary: str
