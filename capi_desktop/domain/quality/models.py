"""Typed, lenient views of Meta's quality responses; fields we do not model are kept in `extra`."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from capi_desktop.domain.values import lenient_number


def _int(value: Any) -> int | None:
    number = lenient_number(value)
    return int(number) if number is not None else None


def _obj(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    if isinstance(value, Mapping) and isinstance(value.get("data"), list):
        return list(value["data"])  # a Graph edge wrapped as {"data": [...]}
    return list(value) if isinstance(value, list) else []


def _extra(data: Mapping[str, Any], known: tuple[str, ...]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k not in known}


def _pct(block: Any) -> float | None:
    """Meta sends {percentage, description}; a bare number is accepted too."""
    if isinstance(block, Mapping):
        return lenient_number(block.get("percentage"))
    return lenient_number(block)


def _desc(block: Any) -> str:
    return str(_obj(block).get("description") or "")


@dataclass(frozen=True)
class MatchKeyFeedback:
    identifier: str
    coverage_pct: float | None
    potential_acr_pct: float | None = None  # potential_aly_acr_increase
    potential_acr_text: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @classmethod
    def from_json(cls, data: Any) -> MatchKeyFeedback:
        item = _obj(data)
        potential = item.get("potential_aly_acr_increase")
        return cls(
            identifier=str(item.get("identifier") or ""),
            coverage_pct=_pct(item.get("coverage")),
            potential_acr_pct=_pct(potential),
            potential_acr_text=_desc(potential),
            extra=_extra(item, ("identifier", "coverage", "potential_aly_acr_increase")),
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
        item = _obj(data)
        return cls(
            name=str(item.get("name") or ""),
            description=str(item.get("description") or ""),
            solution=str(item.get("solution") or ""),
            percentage=lenient_number(item.get("percentage")),
            affected_event_count=_int(item.get("affected_event_count")),
            total_event_count=_int(item.get("total_event_count")),
            extra=_extra(item, cls._KNOWN),
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
        item = _obj(data)
        return cls(
            dedupe_key=str(item.get("dedupe_key") or ""),
            browser_pct=_pct(item.get("browser_events_with_dedupe_key")),
            server_pct=_pct(item.get("server_events_with_dedupe_key")),
            browser_coverage_pct=_pct(item.get("overall_browser_coverage_from_dedupe_key")),
            extra=_extra(item, cls._KNOWN),
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
        item = _obj(data)
        emq = _obj(item.get("event_match_quality"))
        coverage = _obj(item.get("event_coverage"))
        freshness = _obj(item.get("data_freshness"))
        extra = _extra(item, cls._KNOWN)
        emq_extra = _extra(emq, ("composite_score", "match_key_feedback", "diagnostics"))
        if emq_extra:
            extra["event_match_quality"] = emq_extra
        return cls(
            event_name=str(item.get("event_name") or ""),
            composite_score=lenient_number(emq.get("composite_score")),
            match_keys=tuple(
                MatchKeyFeedback.from_json(m) for m in _list(emq.get("match_key_feedback"))
            ),
            diagnostics=tuple(Diagnostic.from_json(d) for d in _list(emq.get("diagnostics"))),
            coverage_pct=lenient_number(coverage.get("percentage")),
            coverage_goal_pct=lenient_number(coverage.get("goal_percentage")),
            dedupe=tuple(
                DedupeKeyFeedback.from_json(d) for d in _list(item.get("dedupe_key_feedback"))
            ),
            upload_frequency=str(freshness.get("upload_frequency") or ""),
            acr_pct=_pct(item.get("acr")),
            acr_text=_desc(item.get("acr")),
            potential_acr_pct=_pct(item.get("event_potential_aly_acr_increase")),
            potential_acr_text=_desc(item.get("event_potential_aly_acr_increase")),
            coverage_potential_acr_pct=_pct(coverage.get("potential_aly_acr_increase")),
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
    body = _obj(data)
    return DatasetQuality(
        events=tuple(EventQuality.from_json(e) for e in _list(body.get("web"))),
        answered_empty=isinstance(data, Mapping) and not data,
        extra=_extra(body, ("web",)),
    )


@dataclass(frozen=True)
class StatsBucket:
    start_time: str
    aggregation: str
    counts: tuple[tuple[str, int], ...]  # (value, count)
    extra: dict[str, Any] = field(default_factory=dict)


def parse_stats(data: Any) -> tuple[StatsBucket, ...]:
    buckets = []
    for item in _list(data):
        entry = _obj(item)
        counts = tuple(
            (str(_obj(c).get("value", "")), _int(_obj(c).get("count")) or 0)
            for c in _list(entry.get("data"))
        )
        buckets.append(
            StatsBucket(
                start_time=str(entry.get("start_time") or ""),
                aggregation=str(entry.get("aggregation") or ""),
                counts=counts,
                extra=_extra(entry, ("start_time", "aggregation", "data")),
            )
        )
    return tuple(buckets)


def stats_totals(buckets: tuple[StatsBucket, ...]) -> dict[str, int]:
    """Counts summed over the hourly buckets, per value (event name, match key, ...)."""
    totals: dict[str, int] = {}
    for bucket in buckets:
        for value, count in bucket.counts:
            totals[value] = totals.get(value, 0) + count
    return dict(sorted(totals.items(), key=lambda kv: (-kv[1], kv[0])))


@dataclass(frozen=True)
class DaCheck:
    key: str
    title: str
    description: str
    result: str
    user_message: str
    action_uri: str
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def failed(self) -> bool:
        return self.result.lower() == "failed"


def parse_da_checks(data: Any) -> tuple[DaCheck, ...]:
    known = ("key", "title", "description", "result", "user_message", "action_uri")
    checks = []
    for item in _list(data):
        entry = _obj(item)
        values = {k: str(entry.get(k) or "") for k in known}
        checks.append(
            DaCheck(
                key=values["key"],
                title=values["title"],
                description=values["description"],
                result=values["result"],
                user_message=values["user_message"],
                action_uri=values["action_uri"],
                extra=_extra(entry, known),
            )
        )
    return tuple(checks)


@dataclass(frozen=True)
class PixelQualityInfo:
    pixel_id: str
    name: str
    last_fired_time: str
    is_unavailable: bool | None
    data_use_setting: str
    automatic_matching_fields: tuple[str, ...]
    first_party_cookie_status: str
    enable_automatic_matching: bool | None
    extra: dict[str, Any] = field(default_factory=dict)


def parse_pixel(data: Any) -> PixelQualityInfo:
    item = _obj(data)

    def flag(name: str) -> bool | None:
        value = item.get(name)
        return value if isinstance(value, bool) else None

    return PixelQualityInfo(
        pixel_id=str(item.get("id") or ""),
        name=str(item.get("name") or ""),
        last_fired_time=str(item.get("last_fired_time") or ""),
        is_unavailable=flag("is_unavailable"),
        data_use_setting=str(item.get("data_use_setting") or ""),
        automatic_matching_fields=tuple(
            str(f) for f in _list(item.get("automatic_matching_fields"))
        ),
        first_party_cookie_status=str(item.get("first_party_cookie_status") or ""),
        enable_automatic_matching=flag("enable_automatic_matching"),
        extra=_extra(
            item,
            (
                "id",
                "name",
                "last_fired_time",
                "is_unavailable",
                "data_use_setting",
                "automatic_matching_fields",
                "first_party_cookie_status",
                "enable_automatic_matching",
            ),
        ),
    )
