"""A browser Pixel hit decoded into CAPI terms (capi.md §5.2-5.3)."""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from capi_desktop.domain.placeholders import is_readable_pixel_id, placeholder_kind

SourceKind = Literal["url", "form", "curl", "fetch", "fbq", "har"]

_BRACKET = re.compile(r"^(cd|ud|udff)\[([^\]]+)\]$")
_NUMERIC_CD = {"value", "predicted_ltv", "net_revenue"}
_INT_CD = {"num_items"}
_JSON_CD = {"content_ids", "contents"}
# Hits with these event names are pixel plumbing, not conversions anybody sends via CAPI.
TECHNICAL_EVENTS = frozenset({"Microdata", "SubscribedButtonClick", "InputData"})


@dataclass(frozen=True)
class PixelHit:
    """What the browser sent, with CAPI field names. user_data values are as sent (usually hashed)."""

    pixel_id: str | None
    event_name: str | None
    event_id: str | None
    event_time: int | None
    event_time_ms: int | None
    event_source_url: str | None
    referrer_url: str | None
    fbp: str | None
    fbc: str | None
    custom_data: dict[str, Any] = field(default_factory=dict)
    user_data: dict[str, Any] = field(default_factory=dict)
    data_processing_options: tuple[str, ...] | None = None
    data_processing_options_country: int | None = None
    data_processing_options_state: int | None = None
    raw_params: dict[str, str] = field(default_factory=dict)
    source_kind: SourceKind = "url"
    method: str = "GET"
    warnings: tuple[str, ...] = ()
    origin: str | None = None  # where it was read, e.g. "HAR entry 12"
    # True when the pasted text was cut off: a missing parameter may simply not have been read.
    truncated: bool = False
    # Why `pixel_id` is None although the hit names one (a placeholder, not a number).
    pixel_problem: str | None = None

    @property
    def key(self) -> tuple[str | None, str | None, str | None]:
        """The dedup key (pixel, event_name, event_id)."""
        return (self.pixel_id, self.event_name, self.event_id)


@dataclass(frozen=True)
class ParseProblem:
    """Why the pasted text could not be read as a Pixel hit (never echoes cookies or tokens)."""

    message: str
    hint: str = ""
    position: int | None = None  # character offset in the pasted text, when known

    @property
    def text(self) -> str:
        """The message as shown to a person: the problem, where, and what to paste instead."""
        where = f" (at character {self.position + 1:,})" if self.position is not None else ""
        return f"{self.message}{where}. {self.hint}".strip()


def _int_or_none(text: str | None) -> int | None:
    if text is None or not text.strip().lstrip("-").isdecimal():
        return None
    return int(text.strip())


def _number(text: str) -> int | float | str:
    try:
        number = float(text)
    except ValueError:
        return text
    return int(number) if number.is_integer() and "." not in text else number


def _decode_cd(key: str, raw: str, warnings: list[str]) -> Any:
    if key in _NUMERIC_CD:
        value = _number(raw)
        if isinstance(value, str):
            warnings.append(f"cd[{key}] is not a number: Meta will ignore it")
        return value
    if key in _INT_CD:
        number = _int_or_none(raw)
        return raw if number is None else number
    if key in _JSON_CD or raw[:1] in "[{":
        try:
            return json.loads(raw)
        except RecursionError:
            warnings.append(f"cd[{key}] is nested too deeply to read: kept as text")
            return raw
        except ValueError:
            if key in _JSON_CD:
                warnings.append(f"cd[{key}] is not valid JSON: the pixel sends it JSON-encoded")
            return raw
    return raw


def _event_time(ts: str | None, warnings: list[str]) -> tuple[int | None, int | None]:
    number = _int_or_none(ts)
    if number is None:
        return None, None
    if number < 10**11:  # 10-digit seconds where the pixel sends 13-digit ms
        warnings.append("ts looks like seconds, not milliseconds: read as seconds")
        return number, number * 1000
    return number // 1000, number


def read_pixel_id(raw: str | None) -> tuple[str | None, str | None]:
    """(pixel id, None) when readable; (None, why not) when the hit names one that is not."""
    if raw is None or not raw.strip():
        return None, None
    text = raw.strip()
    if is_readable_pixel_id(text):
        return text, None
    kind = placeholder_kind(text) or "not a pixel id (Meta's are digits only)"
    return None, f"the pixel id {text[:40]!r} cannot be read: {kind}"


def hit_from_params(
    pairs: Iterable[tuple[str, str]],
    source_kind: SourceKind,
    *,
    method: str = "GET",
    extra_warnings: Iterable[str] = (),
) -> PixelHit:
    """Decode decoded query/form pairs (`id`, `ev`, `cd[...]`, ...) into a PixelHit."""
    raw: dict[str, str] = {}
    for key, value in pairs:
        raw[key] = value
    warnings = list(extra_warnings)
    custom: dict[str, Any] = {}
    user: dict[str, Any] = {}
    for key, value in raw.items():
        match = _BRACKET.match(key)
        if not match:
            continue
        group, name = match.groups()
        if group == "cd":
            custom[name] = _decode_cd(name, value, warnings)
        elif group == "ud" or name not in user:
            # ud[] is what the page passed explicitly; udff[] (automatic matching) only fills gaps.
            user[name] = value
    event_time, event_time_ms = _event_time(raw.get("ts"), warnings)
    dpo = raw.get("dpo")
    pixel_id, pixel_problem = read_pixel_id(raw.get("id"))
    if pixel_problem:
        warnings.append(pixel_problem)
    return PixelHit(
        pixel_id=pixel_id,
        pixel_problem=pixel_problem,
        event_name=raw.get("ev"),
        event_id=raw.get("eid"),
        event_time=event_time,
        event_time_ms=event_time_ms,
        event_source_url=raw.get("dl") or None,
        referrer_url=raw.get("rl") or None,
        fbp=raw.get("fbp") or None,
        fbc=raw.get("fbc") or None,
        custom_data=custom,
        user_data=user,
        data_processing_options=None
        if dpo is None
        else tuple(p for p in dpo.split(",") if p.strip()),
        data_processing_options_country=_int_or_none(raw.get("dpoco")),
        data_processing_options_state=_int_or_none(raw.get("dpost")),
        raw_params=raw,
        source_kind=source_kind,
        method=method,
        warnings=tuple(warnings),
    )


def hit_from_fbq(
    event_name: str,
    custom_data: Mapping[str, Any],
    options: Mapping[str, Any],
    *,
    pixel_id: str | None,
    user_data: Mapping[str, Any],
    warnings: Iterable[str] = (),
) -> PixelHit:
    """Build a hit from an `fbq('track', ...)` call: no timestamp, no cookies, raw matching data."""
    event_id = options.get("eventID", options.get("event_id"))
    read_id, pixel_problem = read_pixel_id(pixel_id)
    return PixelHit(
        pixel_id=read_id,
        pixel_problem=pixel_problem,
        event_name=event_name,
        event_id=None if event_id is None else str(event_id),
        event_time=None,
        event_time_ms=None,
        event_source_url=None,
        referrer_url=None,
        fbp=None,
        fbc=None,
        custom_data=dict(custom_data),
        user_data={k: str(v) for k, v in user_data.items() if v not in (None, "")},
        raw_params={},
        source_kind="fbq",
        method="JS",
        warnings=(*warnings, *([pixel_problem] if pixel_problem else [])),
    )
