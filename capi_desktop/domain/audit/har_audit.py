"""HAR audit: pair browser hits with server events (Compare's engine) and count the verdicts."""

from __future__ import annotations

import dataclasses
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from capi_desktop.domain.audit.model import (
    AuditReport,
    AuditRow,
    Category,
    EventStats,
    ServerEvent,
)
from capi_desktop.domain.cancel import Cancelled
from capi_desktop.domain.dedup.compare import compare
from capi_desktop.domain.dedup.keys import server_event_time
from capi_desktop.domain.dedup.pairing import pair_events
from capi_desktop.domain.event_kinds import kind_of
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.pixel.hit import TECHNICAL_EVENTS, PixelHit

__all__ = [
    "AuditReport",
    "AuditRow",
    "EventStats",
    "ServerEvent",
    "audit_events",
    "browser_only_row",
    "pair_row",
    "server_only_row",
]

_VERDICT_CATEGORY: dict[str, Category] = {
    "deduplicated": "matched",
    "at_risk": "at_risk",
    "unknown": "unknown",
    "double_counted": "double_counted",
}
Progress = Callable[[float, str], None]


def pair_row(
    hit: PixelHit, server: ServerEvent, default_pixel: str | None, context: NormalizeContext
) -> AuditRow:
    """Compare's verdict and reason for this pair, word for word (one engine, one answer)."""
    result = compare(
        hit, server.event, server_pixel_id=server.pixel_id or default_pixel, context=context
    )
    problems = tuple(r for r in result.rows if r.impact != "deduplicated")
    return AuditRow(
        _VERDICT_CATEGORY[result.verdict],
        hit.event_name,
        hit.event_id,
        hit.pixel_id,
        hit.event_time,
        server_event_time(server.event.get("event_time"))[0],
        result.reason,
        problems,
        browser_origin=hit.origin,
        server_origin=server.origin,
    )


def browser_only_row(hit: PixelHit, duplicate: bool) -> AuditRow:
    reason = (
        "No server event with this event name and fbp/external_id, and the browser event has"
        " no event ID: nothing pairs it, so if the server also sends it, both count."
        if not hit.event_id
        else "No server event with this event name and ID (nor a shared fbp/external_id)."
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


def server_only_row(server: ServerEvent, duplicate: bool, default_pixel: str | None) -> AuditRow:
    event = server.event
    event_id = event.get("event_id")
    reason = (
        "No browser hit with this event name and fbp/external_id, and the server event has no"
        " event ID: nothing pairs it (blocked pixel, never fired, or counted twice)."
        if event_id in (None, "")
        else "No browser hit with this event name and ID (blocked pixel, or never fired)."
    )
    kind = kind_of(event)
    if kind is not None and kind.dedup_partner != "browser_pixel":
        reason = f"{kind.dedup_wording} Server only is expected for this kind of event."
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
            unknown=counts["unknown"],
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


def _exact_key(name: Any, event_id: Any) -> tuple[str, str] | None:
    if not isinstance(name, str) or event_id in (None, ""):
        return None
    return (name, str(event_id))


def _duplicates(
    browser: Sequence[PixelHit], server_events: Sequence[ServerEvent], default_pixel: str | None
) -> tuple[list[bool], list[bool], Counter[str]]:
    """Which hits/events repeat an earlier (pixel, event_name, event_id) on their own side."""
    counts: Counter[str] = Counter()
    seen: set[tuple[Any, ...]] = set()
    browser_dup = []
    for hit in browser:
        dup = bool(hit.event_name and hit.event_id) and hit.key in seen
        browser_dup.append(dup)
        counts[hit.event_name or "(no name)"] += dup
        seen.add(hit.key)
    seen.clear()
    server_dup = []
    for server in server_events:
        key = _exact_key(server.event.get("event_name"), server.event.get("event_id"))
        full = (server.pixel_id or default_pixel, *key) if key else None
        dup = full is not None and full in seen
        server_dup.append(dup)
        if key and dup:
            counts[key[0]] += 1
        if full is not None:
            seen.add(full)
    return browser_dup, server_dup, counts


def audit_events(
    hits: Iterable[PixelHit],
    server_events: Sequence[ServerEvent],
    *,
    default_pixel_id: str | None = None,
    should_cancel: Callable[[], bool] = lambda: False,
    on_progress: Progress | None = None,
    context: NormalizeContext | None = None,
) -> AuditReport:
    """Pair with Compare's engine (dedup_pairing), then give every pair Compare's verdict."""
    context = context or NormalizeContext()
    browser: list[PixelHit] = []
    ignored = 0
    for hit in hits:
        if hit.event_name in TECHNICAL_EVENTS:
            ignored += 1  # pixel plumbing, never sent server-side
        else:
            browser.append(hit)
    browser_dup, server_dup, duplicates = _duplicates(browser, server_events, default_pixel_id)

    def check(done: int) -> None:
        if should_cancel():
            raise Cancelled
        if on_progress is not None and server_events:
            on_progress(done / len(server_events), "pairing events")

    pairing = pair_events(
        browser,
        [s.event for s in server_events],
        [s.pixel_id or default_pixel_id for s in server_events],
        check=check,
    )
    final: list[AuditRow] = []
    paired_server = {s: b for b, s, _stage in pairing.pairs}
    for s_index, server in enumerate(server_events):
        if s_index % 512 == 0 and should_cancel():
            raise Cancelled
        b_index = paired_server.get(s_index)
        if b_index is None:
            final.append(server_only_row(server, server_dup[s_index], default_pixel_id))
            continue
        row = pair_row(browser[b_index], server, default_pixel_id, context)
        if server_dup[s_index] or browser_dup[b_index]:
            row = dataclasses.replace(row, duplicate=True)
        final.append(row)
    for index in pairing.browser_only:
        final.append(browser_only_row(browser[index], browser_dup[index]))
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
