"""Per-event series over stored snapshots (EMQ 0-10 and event coverage %) plus send markers."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from capi_desktop.domain.quality.snapshot import QualitySnapshot


@dataclass(frozen=True)
class TrendPoint:
    at: float
    emq: float | None
    coverage_pct: float | None


@dataclass(frozen=True)
class Trend:
    event_name: str
    points: tuple[TrendPoint, ...]
    sends: tuple[float, ...]  # times of the user's sends of this event in range

    @property
    def span(self) -> tuple[float, float] | None:
        times = [p.at for p in self.points] + list(self.sends)
        return (min(times), max(times)) if times else None


def event_names(snapshots: Iterable[QualitySnapshot]) -> list[str]:
    seen: dict[str, None] = {}
    for snapshot in snapshots:
        for event in snapshot.quality.events:
            if event.event_name:
                seen.setdefault(event.event_name)
    return list(seen)


def trend_for(
    event_name: str, snapshots: Iterable[QualitySnapshot], sends: Iterable[tuple[float, str]] = ()
) -> Trend:
    """`sends`: (time, event name) of the user's own sends (from history)."""
    points = []
    for snapshot in sorted(snapshots, key=lambda s: s.fetched_at):
        if snapshot.outcome.state != "data":
            continue
        event = snapshot.quality.event(event_name)
        if event is None:
            continue
        points.append(TrendPoint(snapshot.fetched_at, event.composite_score, event.coverage_pct))
    start = points[0].at if points else None
    marks = tuple(
        sorted(
            t
            for t, name in sends
            if name == event_name and (start is None or t >= start - 7 * 86400)
        )
    )
    return Trend(event_name, tuple(points), marks)
