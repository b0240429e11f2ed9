"""Our own match-key coverage estimate per event name (from sent payloads), beside Meta's EMQ."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.match_score import DISCLAIMER, score_event


@dataclass(frozen=True)
class LocalEstimate:
    event_name: str
    average: int  # 0-100, match_score's scale
    events: int
    disclaimer: str = DISCLAIMER


def local_estimates(events: Iterable[Any]) -> dict[str, LocalEstimate]:
    """Average match_score estimate per event_name over the given server events."""
    sums: dict[str, list[int]] = {}
    for event in events:
        if not isinstance(event, Mapping):
            continue
        name = str(event.get("event_name") or "")
        if name:
            sums.setdefault(name, []).append(score_event(event).score)
    return {
        name: LocalEstimate(name, round(sum(scores) / len(scores)), len(scores))
        for name, scores in sums.items()
    }
