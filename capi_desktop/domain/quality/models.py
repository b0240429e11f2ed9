"""Typed, lenient views of Meta's quality responses; fields we do not model are kept in `extra`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from capi_desktop.domain.quality.lenient import (
    as_int,
    as_list,
    as_obj,
    description_of,
    extra_keys,
    percentage,
)
from capi_desktop.domain.values import lenient_number


@dataclass(frozen=True)
class MatchKeyFeedback:
    identifier: str
    coverage_pct: float | None
    potential_acr_pct: float | None = None  # potential_aly_acr_increase
    potential_acr_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> MatchKeyFeedback:
        item = as_obj(data)
        potential = item.get("potential_aly_acr_increase")
        return cls(
            identifier=str(item.get("identifier") or ""),
            coverage_pct=percentage(item.get("coverage")),
            potential_acr_pct=percentage(potential),
            potential_acr_text=description_of(potential),
            extra=extra_keys(item, ("identifier", "coverage", "potential_aly_acr_increase")),
        )


@dataclass(frozen=True)
class Diagnostic:
    name: str
    description: str
    solution: str
    percentage: float | None
    affected_event_count: int | None
    total_event_count: int | None
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = (
        "name",
        "description",
        "solution",
        "percentage",
        "affected_event_count",
        "total_event_count",
    )

    @classmethod
    def from_json(cls, data: Any) -> Diagnostic:
        item = as_obj(data)
        return cls(
            name=str(item.get("name") or ""),
            description=str(item.get("description") or ""),
            solution=str(item.get("solution") or ""),
            percentage=lenient_number(item.get("percentage")),
            affected_event_count=as_int(item.get("affected_event_count")),
            total_event_count=as_int(item.get("total_event_count")),
            extra=extra_keys(item, cls._KNOWN),
        )


@dataclass(frozen=True)
class DedupeKeyFeedback:
    """Meta's percentages (not counts): events carrying the key, and browser events deduped by it."""

    dedupe_key: str
    browser_pct: float | None
    server_pct: float | None
    browser_coverage_pct: float | None  # incremental per key, per Meta's description
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = (
        "dedupe_key",
        "browser_events_with_dedupe_key",
        "server_events_with_dedupe_key",
        "overall_browser_coverage_from_dedupe_key",
    )

    @classmethod
    def from_json(cls, data: Any) -> DedupeKeyFeedback:
        item = as_obj(data)
        return cls(
            dedupe_key=str(item.get("dedupe_key") or ""),
            browser_pct=percentage(item.get("browser_events_with_dedupe_key")),
            server_pct=percentage(item.get("server_events_with_dedupe_key")),
            browser_coverage_pct=percentage(item.get("overall_browser_coverage_from_dedupe_key")),
            extra=extra_keys(item, cls._KNOWN),
        )


@dataclass(frozen=True)
class EventQuality:
    """One `web[]` entry: Meta's view of one event name."""

    event_name: str
    composite_score: float | None
    match_keys: tuple[MatchKeyFeedback, ...]
    diagnostics: tuple[Diagnostic, ...]
    coverage_pct: float | None
    coverage_goal_pct: float | None
    dedupe: tuple[DedupeKeyFeedback, ...]
    upload_frequency: str
    acr_pct: float | None
    acr_text: str = ""
    potential_acr_pct: float | None = None  # event_potential_aly_acr_increase
    potential_acr_text: str = ""
    coverage_potential_acr_pct: float | None = None  # event_coverage.potential_aly_acr_increase
    coverage_text: str = ""
    freshness_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    _KNOWN = (
        "event_name",
        "event_match_quality",
        "event_coverage",
        "dedupe_key_feedback",
        "data_freshness",
        "acr",
        "event_potential_aly_acr_increase",
    )

    @classmethod
    def from_json(cls, data: Any) -> EventQuality:
        item = as_obj(data)
        emq = as_obj(item.get("event_match_quality"))
        coverage = as_obj(item.get("event_coverage"))
        freshness = as_obj(item.get("data_freshness"))
        extra = extra_keys(item, cls._KNOWN)
        emq_extra = extra_keys(emq, ("composite_score", "match_key_feedback", "diagnostics"))
        if emq_extra:
            extra["event_match_quality"] = emq_extra
        return cls(
            event_name=str(item.get("event_name") or ""),
            composite_score=lenient_number(emq.get("composite_score")),
            match_keys=tuple(
                MatchKeyFeedback.from_json(m) for m in as_list(emq.get("match_key_feedback"))
            ),
            diagnostics=tuple(Diagnostic.from_json(d) for d in as_list(emq.get("diagnostics"))),
            coverage_pct=lenient_number(coverage.get("percentage")),
            coverage_goal_pct=lenient_number(coverage.get("goal_percentage")),
            dedupe=tuple(
                DedupeKeyFeedback.from_json(d) for d in as_list(item.get("dedupe_key_feedback"))
            ),
            upload_frequency=str(freshness.get("upload_frequency") or ""),
            acr_pct=percentage(item.get("acr")),
            acr_text=description_of(item.get("acr")),
            potential_acr_pct=percentage(item.get("event_potential_aly_acr_increase")),
            potential_acr_text=description_of(item.get("event_potential_aly_acr_increase")),
            coverage_potential_acr_pct=percentage(coverage.get("potential_aly_acr_increase")),
            coverage_text=str(coverage.get("description") or ""),
            freshness_text=str(freshness.get("description") or ""),
            extra=extra,
        )


@dataclass(frozen=True)
class DatasetQuality:
    events: tuple[EventQuality, ...]
    answered_empty: bool  # Meta said `{}`: typical of a token made in Events Manager
    extra: dict[str, Any] = field(default_factory=dict)

    def event(self, name: str) -> EventQuality | None:
        return next((e for e in self.events if e.event_name == name), None)


def parse_dataset_quality(data: Any) -> DatasetQuality:
    body = as_obj(data)
    return DatasetQuality(
        events=tuple(EventQuality.from_json(e) for e in as_list(body.get("web"))),
        answered_empty=isinstance(data, Mapping) and not data,
        extra=extra_keys(body, ("web",)),
    )
