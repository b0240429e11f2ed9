"""The dataset's other reads: /stats buckets, data-availability checks and the pixel's own fields."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from capi_desktop.domain.quality.lenient import (
    as_int,
    as_list,
    as_obj,
    extra_keys,
)


@dataclass(frozen=True)
class StatsBucket:
    start_time: str
    aggregation: str
    counts: tuple[tuple[str, int], ...]  # (value, count)
    extra: dict[str, Any] = field(default_factory=dict)


def parse_stats(data: Any) -> tuple[StatsBucket, ...]:
    buckets = []
    for item in as_list(data):
        entry = as_obj(item)
        counts = tuple(
            (str(as_obj(c).get("value", "")), as_int(as_obj(c).get("count")) or 0)
            for c in as_list(entry.get("data"))
        )
        buckets.append(
            StatsBucket(
                start_time=str(entry.get("start_time") or ""),
                aggregation=str(entry.get("aggregation") or ""),
                counts=counts,
                extra=extra_keys(entry, ("start_time", "aggregation", "data")),
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
    for item in as_list(data):
        entry = as_obj(item)
        values = {k: str(entry.get(k) or "") for k in known}
        checks.append(
            DaCheck(
                key=values["key"],
                title=values["title"],
                description=values["description"],
                result=values["result"],
                user_message=values["user_message"],
                action_uri=values["action_uri"],
                extra=extra_keys(entry, known),
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
    item = as_obj(data)

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
            str(f) for f in as_list(item.get("automatic_matching_fields"))
        ),
        first_party_cookie_status=str(item.get("first_party_cookie_status") or ""),
        enable_automatic_matching=flag("enable_automatic_matching"),
        extra=extra_keys(
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
