"""Browser-vs-server dedup check: field rows, a verdict per Meta's rules (capi.md §5.6), a summary."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from capi_desktop.domain.dedup.content import (
    content_ids_row,
    contents_row,
    currency_row,
    ldu_row,
    referrer_row,
    url_row,
    value_row,
)
from capi_desktop.domain.dedup.fields import cookie_row, user_data_rows
from capi_desktop.domain.dedup.keys import (
    event_id_row,
    event_name_row,
    pixel_row,
    server_event_time,
    time_row,
)
from capi_desktop.domain.dedup.model import (
    CompareRow,
    Comparison,
    Verdict,
    worst,
)
from capi_desktop.domain.dedup.pairing import pair_events, shared_fallback
from capi_desktop.domain.event_kinds import kind_of
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.pixel.hit import PixelHit
from capi_desktop.domain.placeholders import find_placeholders

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
        " against the Pixel." + _kind_note(server_event),
        "at_risk",
    )


def _kind_note(server_event: Mapping[str, Any]) -> str:
    """What this kind of event pairs with instead (domain.event_kinds), e.g. the app SDK."""
    kind = kind_of(server_event)
    return f" {kind.dedup_wording}" if kind is not None else ""


def _placeholder_rows(browser: PixelHit, server_event: Mapping[str, Any]) -> list[CompareRow]:
    """Unresolved template variables outside event_id (that row says it itself)."""
    sides = (
        ("browser", find_placeholders({
            "user_data": {**browser.user_data, "fbp": browser.fbp, "fbc": browser.fbc},
            "custom_data": browser.custom_data,
        })),
        ("server", find_placeholders(server_event)),
    )  # fmt: skip
    rows = []
    for side, found in sides:
        for item in found:
            if item.path == "event_id":
                continue
            rows.append(
                CompareRow(
                    item.path,
                    item.value if side == "browser" else None,
                    item.value if side == "server" else None,
                    "risk",
                    f"The {side} side sends {item.value[:60]!r}: {item.kind}. Meta matches or"
                    " reports on this constant text instead of the real value.",
                    "at_risk",
                )
            )
    return rows


def _deciding(verdict: Verdict, rows: Sequence[CompareRow]) -> CompareRow | None:
    return next((r for r in rows if r.impact == verdict), None)


def _reason(verdict: Verdict, rows: Sequence[CompareRow]) -> str:
    """The deciding row's reason, plus how many other rows also need attention."""
    if verdict == "deduplicated":
        return "Meta deduplicates this pair."
    first = _deciding(verdict, rows)
    assert first is not None
    others = sum(1 for r in rows if r.impact != "deduplicated") - 1
    more = f" (+{others} more)" if others > 0 else ""
    return f"{first.field}: {first.reason}{more}"


def _summary(verdict: Verdict, rows: Sequence[CompareRow]) -> str:
    if verdict == "deduplicated":
        return (
            "Meta should deduplicate this pair: same pixel, same event name and event ID,"
            " inside the time window, and nothing else disagrees."
        )
    first = _deciding(verdict, rows)
    assert first is not None
    if verdict == "double_counted":
        return f"Meta will count both events. {first.field}: {first.reason}"
    if verdict == "unknown":
        return f"No verdict: a key Meta deduplicates on was not read. {first.field}: {first.reason}"
    fields = ", ".join(r.field for r in rows if r.impact == "at_risk")
    return (
        "Meta may deduplicate this pair, but it is not certain or the copies differ"
        f" ({fields}), so Meta can keep the wrong copy or flag a warning. {first.field}:"
        f" {first.reason}"
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
    name_row = event_name_row(browser.event_name, server_event.get("event_name"))
    rows: list[CompareRow] = [
        pixel_row(browser.pixel_id, server_pixel_id, browser.pixel_problem),
        name_row,
        event_id_row(
            browser.event_id,
            server_event.get("event_id"),
            names_match=name_row.status == "match",
            fallback=shared_fallback(browser, server_event),
            cut_off=browser.truncated,
        ),
        time_row(browser.event_time, server_event.get("event_time"), browser.source_kind),
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
    rows += _placeholder_rows(browser, server_event)
    verdict = worst([r.impact for r in rows])
    return Comparison(
        verdict, tuple(rows), _summary(verdict, rows), _reason(verdict, rows), browser.warnings
    )


def _loose(value: Any) -> str:
    return str(value).strip().casefold() if value is not None else ""


def best_match(
    hits: Sequence[PixelHit], events: Sequence[Mapping[str, Any]]
) -> tuple[PixelHit, Mapping[str, Any]] | None:
    """The (hit, server event) pair most likely meant to be the same event; None if a side is
    empty. The audit's pairing engine decides first (so both show the same pair); when it
    pairs nothing, the same event name and the nearest time pick the pair to explain."""
    if not hits or not events:
        return None
    pairing = pair_events(hits, events, [None] * len(events))
    if pairing.pairs:
        rank = {"event_id": 0, "loose_event_id": 1, "fallback": 2}
        b, s, _stage = min(pairing.pairs, key=lambda p: (rank[p[2]], p[1]))
        return hits[b], events[s]
    best: tuple[tuple[int, float], PixelHit, Mapping[str, Any]] | None = None
    for hit in hits[:_FALLBACK_LIMIT]:
        for event in events[:_FALLBACK_LIMIT]:
            server_s, _ = server_event_time(event.get("event_time"))
            gap = abs(server_s - hit.event_time) if server_s and hit.event_time else 0.0
            score = (int(_loose(hit.event_name) == _loose(event.get("event_name"))), -gap)
            if best is None or score > best[0]:
                best = (score, hit, event)
    assert best is not None
    return best[1], best[2]
