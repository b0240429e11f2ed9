"""Backoff for transient Graph failures: exponential with jitter, capped, honouring server hints."""

from __future__ import annotations

import email.utils
import json
import random
import time
from collections.abc import Mapping
from dataclasses import dataclass


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
