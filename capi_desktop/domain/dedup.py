"""Browser-vs-server dedup check: field rows, a verdict per Meta's rules (capi.md §5.6), a summary."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from capi_desktop.domain.dedup_content import (
    content_ids_row,
    contents_row,
    currency_row,
    ldu_row,
    referrer_row,
    url_row,
    value_row,
)
from capi_desktop.domain.dedup_fields import cookie_row, user_data_rows
from capi_desktop.domain.dedup_keys import (
    event_id_row,
    event_name_row,
    pixel_row,
    server_event_time,
    time_row,
)
from capi_desktop.domain.dedup_model import (
    CompareRow,
    Comparison,
    Verdict,
    worst,
)
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.pixel_hit import PixelHit

__all__ = ["CompareRow", "Comparison", "Verdict", "best_match", "compare"]

_FALLBACK_LIMIT = 2000


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _action_source_row(server_event: Mapping[str, Any]) -> CompareRow | None:
    source = server_event.get("action_source")
    if source in (None, "website"):
        return None
    return CompareRow(
        "action_source",
        "website",
        str(source),
        "risk",
        "The server event is not a website event: only website events are deduplicated"
        " against the Pixel.",
        "at_risk",
    )


def _summary(verdict: Verdict, rows: Sequence[CompareRow]) -> str:
    if verdict == "deduplicated":
        return (
            "Meta should deduplicate this pair: same pixel, same event name and event ID,"
            " inside the time window, and nothing else disagrees."
        )
    if verdict == "double_counted":
        first = next(r for r in rows if r.impact == "double_counted")
        return f"Meta will count both events. {first.field}: {first.reason}"
    fields = ", ".join(r.field for r in rows if r.impact == "at_risk")
    return (
        "The keys match, so Meta should deduplicate, but these fields disagree and can make Meta"
        f" keep the wrong copy or flag a warning: {fields}."
    )


def compare(
    browser: PixelHit,
    server_event: Mapping[str, Any],
    *,
    server_pixel_id: str | None,
    context: NormalizeContext | None = None,
) -> Comparison:
    """Compare a Pixel hit with one server event (`data[i]` of a CAPI request)."""
    context = context or NormalizeContext()
    user = _mapping(server_event.get("user_data"))
    custom = _mapping(server_event.get("custom_data"))
    rows: list[CompareRow] = [
        pixel_row(browser.pixel_id, server_pixel_id),
        event_name_row(browser.event_name, server_event.get("event_name")),
        event_id_row(browser.event_id, server_event.get("event_id")),
        time_row(browser.event_time, server_event.get("event_time")),
        cookie_row("fbp", browser.fbp, user.get("fbp")),
        cookie_row("fbc", browser.fbc, user.get("fbc")),
        *user_data_rows(
            browser.user_data,
            user,
            browser_is_script=browser.source_kind == "fbq",
            context=context,
        ),
    ]
    if browser.source_kind != "fbq":  # an fbq call carries no page URL
        rows.append(url_row(browser.event_source_url, server_event.get("event_source_url")))
        referrer = referrer_row(browser.referrer_url, server_event.get("referrer_url"))
        if referrer:
            rows.append(referrer)
    rows += [
        value_row(browser.custom_data.get("value"), custom.get("value")),
        currency_row(browser.custom_data.get("currency"), custom.get("currency")),
        content_ids_row(browser.custom_data.get("content_ids"), custom.get("content_ids")),
        contents_row(browser.custom_data.get("contents"), custom.get("contents")),
        ldu_row(
            (
                browser.data_processing_options,
                browser.data_processing_options_country,
                browser.data_processing_options_state,
            ),
            server_event,
        ),
    ]
    action = _action_source_row(server_event)
    if action:
        rows.append(action)
    verdict = worst([r.impact for r in rows])
    return Comparison(verdict, tuple(rows), _summary(verdict, rows))


def _loose(value: Any) -> str:
    return str(value).strip().casefold() if value is not None else ""


def _score(hit: PixelHit, event: Mapping[str, Any]) -> tuple[int, float]:
    """Higher is better: exact keys, then loose keys, then same name; then the smaller time gap."""
    name, eid = event.get("event_name"), event.get("event_id")
    if hit.event_name == name and hit.event_id is not None and hit.event_id == eid:
        rank = 3
    elif (
        hit.event_id
        and _loose(hit.event_id) == _loose(eid)
        and _loose(hit.event_name) == _loose(name)
    ):
        rank = 2
    elif _loose(hit.event_name) == _loose(name):
        rank = 1
    else:
        rank = 0
    server_s, _ = server_event_time(event.get("event_time"))
    gap = abs(server_s - hit.event_time) if server_s is not None and hit.event_time else 0.0
    return rank, -gap


def best_match(
    hits: Iterable[PixelHit], events: Sequence[Mapping[str, Any]]
) -> tuple[PixelHit, Mapping[str, Any]] | None:
    """The (hit, server event) pair most likely meant to be the same event; None if a side is empty."""
    by_id: dict[str, list[Mapping[str, Any]]] = {}
    for event in events:
        by_id.setdefault(_loose(event.get("event_id")), []).append(event)
    best: tuple[tuple[int, float], PixelHit, Mapping[str, Any]] | None = None
    fallback: list[PixelHit] = []
    for hit in hits:
        candidates = by_id.get(_loose(hit.event_id), []) if hit.event_id else []
        if not candidates and len(fallback) < _FALLBACK_LIMIT:
            fallback.append(hit)
        for event in candidates:
            score = _score(hit, event)
            if best is None or score > best[0]:
                best = (score, hit, event)
    if best is None or best[0][0] < 2:
        # No shared event ID anywhere: pair by name and time (bounded, this is O(n*m)).
        for hit in fallback:
            for event in events[:_FALLBACK_LIMIT]:
                score = _score(hit, event)
                if best is None or score > best[0]:
                    best = (score, hit, event)
    return None if best is None else (best[1], best[2])
