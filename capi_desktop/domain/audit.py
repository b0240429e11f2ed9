"""HAR audit: pair browser hits with server events by (pixel, event_name, event_id) and count outcomes."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from capi_desktop.domain.audit_model import (
    AuditReport,
    AuditRow,
    Category,
    EventStats,
    ServerEvent,
)
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.domain.dedup import compare
from capi_desktop.domain.dedup_keys import server_event_time
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.pixel_hit import TECHNICAL_EVENTS, PixelHit

__all__ = ["AuditReport", "AuditRow", "EventStats", "ServerEvent", "audit_events"]

_VERDICT_CATEGORY: dict[str, Category] = {
    "deduplicated": "matched",
    "at_risk": "at_risk",
    "double_counted": "double_counted",
}
Progress = Callable[[float, str], None]


def _loose(value: Any) -> str:
    return "" if value is None else str(value).strip().casefold()


def _exact_key(name: Any, event_id: Any) -> tuple[str, str] | None:
    if not isinstance(name, str) or event_id in (None, ""):
        return None
    return (name, str(event_id))


def _pair_row(
    hit: PixelHit, server: ServerEvent, default_pixel: str | None, context: NormalizeContext
) -> AuditRow:
    result = compare(
        hit, server.event, server_pixel_id=server.pixel_id or default_pixel, context=context
    )
    problems = tuple(r for r in result.rows if r.impact != "deduplicated")
    category = _VERDICT_CATEGORY[result.verdict]
    reason = "Meta deduplicates this pair." if not problems else problems[0].reason
    if len(problems) > 1:
        reason += f" (+{len(problems) - 1} more)"
    return AuditRow(
        category,
        hit.event_name,
        hit.event_id,
        hit.pixel_id,
        hit.event_time,
        server_event_time(server.event.get("event_time"))[0],
        reason,
        problems,
        browser_origin=hit.origin,
        server_origin=server.origin,
    )


def _browser_only(hit: PixelHit, duplicate: bool) -> AuditRow:
    reason = (
        "The browser event has no event ID, so it cannot be paired."
        if not hit.event_id
        else "No server event with this event name and ID."
    )
    return AuditRow(
        "browser_only",
        hit.event_name,
        hit.event_id,
        hit.pixel_id,
        hit.event_time,
        None,
        reason,
        duplicate=duplicate,
        browser_origin=hit.origin,
    )


def _server_only(server: ServerEvent, duplicate: bool, default_pixel: str | None) -> AuditRow:
    event = server.event
    event_id = event.get("event_id")
    reason = (
        "The server event has no event ID, so it cannot be paired."
        if event_id in (None, "")
        else "No browser hit with this event name and ID (blocked pixel, or never fired)."
    )
    return AuditRow(
        "server_only",
        event.get("event_name") if isinstance(event.get("event_name"), str) else None,
        None if event_id is None else str(event_id),
        server.pixel_id or default_pixel,
        None,
        server_event_time(event.get("event_time"))[0],
        reason,
        duplicate=duplicate,
        server_origin=server.origin,
    )


def _stats(
    rows: Sequence[AuditRow], duplicates: Counter[str]
) -> tuple[EventStats, list[EventStats]]:
    per: dict[str, Counter[str]] = defaultdict(Counter)
    for row in rows:
        per[row.event_name or "(no name)"][row.category] += 1

    def build(name: str, counts: Counter[str], dups: int) -> EventStats:
        return EventStats(
            name,
            matched=counts["matched"],
            at_risk=counts["at_risk"],
            double_counted=counts["double_counted"],
            browser_only=counts["browser_only"],
            server_only=counts["server_only"],
            duplicate_ids=dups,
        )

    total: Counter[str] = Counter()
    for counts in per.values():
        total.update(counts)
    per_event = [build(name, per[name], duplicates[name]) for name in sorted(per)]
    return build("all", total, sum(duplicates.values())), per_event


def audit_events(
    hits: Iterable[PixelHit],
    server_events: Sequence[ServerEvent],
    *,
    default_pixel_id: str | None = None,
    should_cancel: Callable[[], bool] = lambda: False,
    on_progress: Progress | None = None,
    context: NormalizeContext | None = None,
) -> AuditReport:
    """Pair exactly first, then loosely (case/whitespace/pixel differences = double counted)."""
    context = context or NormalizeContext()
    browser: list[PixelHit] = []
    ignored = 0
    for hit in hits:
        if hit.event_name in TECHNICAL_EVENTS:
            ignored += 1  # pixel plumbing, never sent server-side
        else:
            browser.append(hit)
    duplicates: Counter[str] = Counter()
    browser_dup: list[bool] = []
    seen_browser: set[tuple[str | None, str | None, str | None]] = set()
    exact: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, hit in enumerate(browser):
        key = _exact_key(hit.event_name, hit.event_id)
        browser_dup.append(key is not None and hit.key in seen_browser)
        if browser_dup[-1]:
            duplicates[hit.event_name or "(no name)"] += 1
        seen_browser.add(hit.key)
        if key is not None:
            exact[key].append(index)
    paired_browser: set[int] = set()
    rows: list[AuditRow | None] = [None] * len(server_events)
    seen_server: set[tuple[str | None, str, str]] = set()
    server_dup: list[bool] = [False] * len(server_events)
    pair_of: dict[int, int] = {}  # server index -> browser index
    for s_index, server in enumerate(server_events):
        if s_index % 512 == 0:
            if should_cancel():
                raise Cancelled
            if on_progress is not None and server_events:
                on_progress(s_index / len(server_events), "pairing events")
        key = _exact_key(server.event.get("event_name"), server.event.get("event_id"))
        if key is None:
            continue
        pixel = server.pixel_id or default_pixel_id
        if (pixel, *key) in seen_server:
            duplicates[key[0]] += 1
            server_dup[s_index] = True
        seen_server.add((pixel, *key))
        for b_index in exact.get(key, ()):
            hit = browser[b_index]
            same_pixel = pixel is None or hit.pixel_id is None or hit.pixel_id == pixel
            if b_index not in paired_browser and same_pixel:
                paired_browser.add(b_index)
                rows[s_index] = _pair_row(hit, server, default_pixel_id, context)
                pair_of[s_index] = b_index
                break
    # Second pass: the same event with a broken key (case, spaces, other pixel) is double counted.
    loose: dict[tuple[str, str], list[int]] = defaultdict(list)
    for index, hit in enumerate(browser):
        if index not in paired_browser and hit.event_id:
            loose[(_loose(hit.event_name), _loose(hit.event_id))].append(index)
    for s_index, server in enumerate(server_events):
        if rows[s_index] is not None or server.event.get("event_id") in (None, ""):
            continue
        candidates = loose.get(
            (_loose(server.event.get("event_name")), _loose(server.event.get("event_id"))), []
        )
        if candidates:
            b_index = candidates.pop(0)
            paired_browser.add(b_index)
            rows[s_index] = _pair_row(browser[b_index], server, default_pixel_id, context)
            pair_of[s_index] = b_index
    final: list[AuditRow] = []
    for s_index, row in enumerate(rows):
        if row is None:
            final.append(
                _server_only(server_events[s_index], server_dup[s_index], default_pixel_id)
            )
        elif server_dup[s_index] or browser_dup[pair_of[s_index]]:
            final.append(dataclasses.replace(row, duplicate=True))
        else:
            final.append(row)
    for index, hit in enumerate(browser):
        if index not in paired_browser:
            final.append(_browser_only(hit, browser_dup[index]))
    totals, per_event = _stats(final, duplicates)
    if on_progress is not None:
        on_progress(1.0, "done")
    return AuditReport(
        totals=totals,
        per_event=tuple(per_event),
        rows=tuple(final),
        browser_hits=len(browser),
        server_events=len(server_events),
        ignored_hits=ignored,
    )
