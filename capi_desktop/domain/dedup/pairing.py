"""Which browser hit goes with which server event: one engine for Compare and the HAR audit.

Stages, in Meta's order (capi.md §5.6): the same event_name + event_id (pixel compatible);
the same key written differently (case, spaces; another pixel) — paired so the comparison can
say why Meta counts both; then the fbp / external_id + event_name fallback for events without
a shared ID. Whatever is left is browser-only or server-only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from capi_desktop.domain.dedup.keys import server_event_time
from capi_desktop.domain.normalize import split_appendix
from capi_desktop.domain.pixel.hit import PixelHit
from capi_desktop.domain.placeholders import placeholder_kind

Stage = Literal["event_id", "loose_event_id", "fallback"]
_CHECK_EVERY = 512


@dataclass(frozen=True)
class Pairing:
    """(browser index, server index, stage) pairs plus the indexes nothing paired."""

    pairs: tuple[tuple[int, int, Stage], ...]
    browser_only: tuple[int, ...]
    server_only: tuple[int, ...]


@dataclass
class _Work:
    """What the pairing stages share: both sides, the hits still free, the pairs so far."""

    hits: Sequence[PixelHit]
    events: Sequence[Mapping[str, Any]]
    free_b: set[int]
    pairs: list[tuple[int, int, Stage]]


def _loose(value: Any) -> str:
    return "" if value is None else str(value).strip().casefold()


def _fbp_head(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip() or placeholder_kind(value):
        return None
    return split_appendix(value.strip())[0]


def _external_ids(value: Any) -> set[str]:
    items = value if isinstance(value, list | tuple) else [value]
    return {
        str(v).strip()
        for v in items
        if isinstance(v, str | int) and str(v).strip() and not placeholder_kind(v)
    }


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def shared_fallback(hit: PixelHit, event: Mapping[str, Any]) -> tuple[str, ...]:
    """Meta's fallback keys both sides share: ("fbp",), ("external_id",), both or none."""
    user = _mapping(event.get("user_data"))
    keys: list[str] = []
    head = _fbp_head(hit.fbp)
    if head is not None and head == _fbp_head(user.get("fbp")):
        keys.append("fbp")
    if _external_ids(hit.user_data.get("external_id")) & _external_ids(user.get("external_id")):
        keys.append("external_id")
    return tuple(keys)


def _has_id(value: Any) -> bool:
    return value not in (None, "")


def _gap(hit: PixelHit, event: Mapping[str, Any]) -> float:
    server_s, _ = server_event_time(event.get("event_time"))
    if server_s is None or hit.event_time is None:
        return 0.0
    return abs(server_s - hit.event_time)


def pair_events(
    hits: Sequence[PixelHit],
    events: Sequence[Mapping[str, Any]],
    pixels: Sequence[str | None],
    *,
    check: Callable[[int], None] = lambda _done: None,
) -> Pairing:
    """Pair hits with events (`pixels[i]` is the pixel server event i went to, if known).

    `check(done)` is called every few hundred events (progress, cancellation)."""
    pairs: list[tuple[int, int, Stage]] = []
    free_b = set(range(len(hits)))
    free_s: list[int] = []
    exact: dict[tuple[str, str], list[int]] = defaultdict(list)
    for b, hit in enumerate(hits):
        if hit.event_name is not None and _has_id(hit.event_id):
            exact[(hit.event_name, str(hit.event_id))].append(b)
    for s, event in enumerate(events):
        if s % _CHECK_EVERY == 0:
            check(s)
        name, eid = event.get("event_name"), event.get("event_id")
        chosen = None
        if isinstance(name, str) and _has_id(eid):
            for b in exact.get((name, str(eid)), ()):
                pixel = hits[b].pixel_id
                same_pixel = pixels[s] is None or pixel is None or pixel == pixels[s]
                if b in free_b and same_pixel:
                    chosen = b
                    break
        if chosen is None:
            free_s.append(s)
        else:
            free_b.discard(chosen)
            pairs.append((chosen, s, "event_id"))
    work = _Work(hits, events, free_b, pairs)
    free_s = _fallback_pairs(work, _loose_pairs(work, free_s))
    pairs.sort(key=lambda p: p[1])
    return Pairing(tuple(pairs), tuple(sorted(free_b)), tuple(free_s))


def _loose_pairs(work: _Work, free_s: list[int]) -> list[int]:
    """The same name and ID up to case/spaces (or sent to another pixel): Meta counts both."""
    hits, events, free_b, pairs = work.hits, work.events, work.free_b, work.pairs
    loose: dict[tuple[str, str], list[int]] = defaultdict(list)
    for b in sorted(free_b):
        if _has_id(hits[b].event_id):
            loose[(_loose(hits[b].event_name), _loose(hits[b].event_id))].append(b)
    left: list[int] = []
    for s in free_s:
        event = events[s]
        found = None
        if _has_id(event.get("event_id")):
            found = loose.get((_loose(event.get("event_name")), _loose(event.get("event_id"))))
        if found:
            b = found.pop(0)
            free_b.discard(b)
            pairs.append((b, s, "loose_event_id"))
        else:
            left.append(s)
    return left


def _fallback_pairs(work: _Work, free_s: list[int]) -> list[int]:
    """Same event name and a shared fbp or external_id; the nearest in time wins."""
    hits, events, free_b, pairs = work.hits, work.events, work.free_b, work.pairs
    by_key: dict[tuple[str, str, str], list[int]] = defaultdict(list)
    for b in sorted(free_b):
        hit = hits[b]
        name = _loose(hit.event_name)
        head = _fbp_head(hit.fbp)
        if head:
            by_key[(name, "fbp", head)].append(b)
        for value in _external_ids(hit.user_data.get("external_id")):
            by_key[(name, "external_id", value)].append(b)
    left: list[int] = []
    for s in free_s:
        event = events[s]
        user = _mapping(event.get("user_data"))
        name = _loose(event.get("event_name"))
        keys = [("fbp", _fbp_head(user.get("fbp")))]
        keys += [("external_id", v) for v in _external_ids(user.get("external_id"))]
        candidates = {
            b for kind, value in keys if value for b in by_key.get((name, kind, value), ())
        }
        candidates &= free_b
        if not candidates:
            left.append(s)
            continue
        b = min(candidates, key=lambda i: (_gap(hits[i], event), i))
        free_b.discard(b)
        pairs.append((b, s, "fallback"))
    return left
