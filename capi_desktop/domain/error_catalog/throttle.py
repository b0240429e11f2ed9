"""Is a Graph failure a throttle, and how long does Meta ask us to wait? One rule for every caller.

Meta throttles with HTTP 400 and a JSON body as often as with HTTP 429 (Graph API rate
limiting and Marketing API rate limiting docs): codes 4, 17, 32, 613, 80000-80014 (Business Use
Case limits, e.g. 80004 for ads_management) and their subcodes (1504022, 1504039, 2446079,
1487742). The wait comes from the usage headers: `x-business-use-case-usage` and
`x-ad-account-usage` / `x-app-usage` carry `estimated_time_to_regain_access` in minutes.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.wording import plural

THROTTLE_CODES = frozenset({4, 17, 32, 341, 613, *range(80000, 80015)})
THROTTLE_SUBCODES = frozenset({1504022, 1504039, 2446079, 1487742})
USAGE_HEADERS = ("x-business-use-case-usage", "x-app-usage", "x-ad-account-usage")
_MAX_HEADER = 64_000


def is_throttled(
    code: int | None, subcode: int | None = None, http_status: int | None = None
) -> bool:
    """True when Meta refused the call because of a rate limit (whatever the HTTP status)."""
    if code in THROTTLE_CODES or subcode in THROTTLE_SUBCODES:
        return True
    return code is None and http_status == 429


def wait_seconds(headers: Mapping[str, str] | None) -> float | None:
    """Longest wait Meta announces in the usage headers (or Retry-After), in seconds; None if none."""
    if not headers:
        return None
    lowered = {str(k).lower(): str(v) for k, v in headers.items()}
    waits: list[float] = []
    for name in USAGE_HEADERS:
        raw = lowered.get(name)
        if raw:
            waits.extend(_regain_minutes(_loads(raw)))
    retry_after = lowered.get("retry-after", "").strip()
    if retry_after.isdecimal():
        waits.append(float(retry_after) / 60)
    positive = [w for w in waits if w > 0]
    return max(positive) * 60 if positive else None


def _loads(raw: str) -> Any:
    try:
        return json.loads(raw[:_MAX_HEADER])
    except (ValueError, RecursionError):
        return None


def _regain_minutes(data: Any, depth: int = 0) -> list[float]:
    """Every `estimated_time_to_regain_access` (minutes) in a usage header, bounded in depth."""
    if depth > 4:
        return []
    found: list[float] = []
    if isinstance(data, Mapping):
        value = data.get("estimated_time_to_regain_access")
        if isinstance(value, int | float) and not isinstance(value, bool):
            found.append(float(value))
        for child in list(data.values())[:100]:
            if isinstance(child, Mapping | list):
                found.extend(_regain_minutes(child, depth + 1))
    elif isinstance(data, list):
        for child in data[:100]:
            found.extend(_regain_minutes(child, depth + 1))
    return found


def wait_text(seconds: float | None) -> str:
    """ "Meta asks to wait about 12 minutes." for the UI; "" without a hint."""
    if seconds is None or seconds <= 0:
        return ""
    if seconds < 90:
        return f"Meta asks to wait about {plural(round(seconds), 'second')}."
    return f"Meta asks to wait about {plural(round(seconds / 60), 'minute')}."
