"""Does a send repeat an event_id Meta already accepted? (It may be discarded as a duplicate.)"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.request.event_ids import new_event_id

# Meta discards a later event with the same event_name + event_id on the same pixel within 48 h
# of the first one (shared/reference/capi.md §5.6 rule 1, Meta's "Handling duplicate Pixel and
# Conversions API events"): a re-test with an old event_id may silently count for nothing.
DEDUP_WINDOW_S = 48 * 3600


@dataclass(frozen=True)
class EarlierSend:
    """What history says about one earlier send (only accepted ones can deduplicate)."""

    created_at: float
    pixel_id: str
    request: Any
    accepted: bool


@dataclass(frozen=True)
class Repeat:
    event_name: str
    event_id: str
    hours_ago: float

    def describe(self) -> str:
        when = f"{self.hours_ago:.0f} h" if self.hours_ago >= 1 else "less than an hour"
        return f"{self.event_name} with event_id “{self.event_id}” (accepted {when} ago)"


def _keys(request: Any) -> set[tuple[str, str]]:
    data = request.get("data") if isinstance(request, dict) else None
    found = set()
    for event in data if isinstance(data, list) else ():
        if isinstance(event, dict):
            name, event_id = event.get("event_name"), event.get("event_id")
            if isinstance(name, str) and isinstance(event_id, str | int) and str(event_id):
                found.add((name, str(event_id)))
    return found


def repeated_event_ids(
    body: Any, pixel_id: str, earlier: Iterable[EarlierSend], now: float
) -> list[Repeat]:
    """Events of `body` whose event_name + event_id an accepted send to the same pixel already
    carried within Meta's 48-hour window, newest first; [] when nothing repeats."""
    wanted = _keys(body)
    repeats: dict[tuple[str, str], Repeat] = {}
    for send in earlier:
        age = now - send.created_at
        if not send.accepted or send.pixel_id != pixel_id or not 0 <= age <= DEDUP_WINDOW_S:
            continue
        for key in _keys(send.request) & wanted:
            if key not in repeats or repeats[key].hours_ago > age / 3600:
                repeats[key] = Repeat(key[0], key[1], age / 3600)
    return sorted(repeats.values(), key=lambda r: (r.hours_ago, r.event_name, r.event_id))


def with_new_event_ids(body: dict[str, Any], repeats: Iterable[Repeat]) -> dict[str, Any]:
    """A copy of `body` where each repeated event gets a fresh random event_id (UUID4)."""
    stale = {(r.event_name, r.event_id) for r in repeats}
    events = []
    for event in body.get("data", []):
        if (
            isinstance(event, dict)
            and (event.get("event_name"), str(event.get("event_id"))) in stale
        ):
            event = {**event, "event_id": new_event_id()}
        events.append(event)
    return {**body, "data": events}
