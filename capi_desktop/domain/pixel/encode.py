"""Build the Pixel request URL a browser would send for a server event (demos, journey tests)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from capi_desktop.domain.normalize import HASHED_KEYS, NormalizeContext, hash_part, normalize

PIXEL_ENDPOINT = "https://www.facebook.com/tr/"


def _hashed(key: str, value: Any, context: NormalizeContext) -> str | None:
    first = value[0] if isinstance(value, list | tuple) and value else value
    if first in (None, "", [], ()):
        return None
    digest = hash_part(str(first))
    if digest is not None:
        return digest
    return normalize(key, str(first), context=context).sha256  # the pixel hashes raw values itself


def pixel_url_for_event(
    event: Mapping[str, Any],
    pixel_id: str,
    *,
    endpoint: str = PIXEL_ENDPOINT,
    context: NormalizeContext | None = None,
) -> str:
    """A GET Pixel URL carrying the same keys as `event` (`data[i]` of a CAPI request)."""
    context = context or NormalizeContext()
    params: list[tuple[str, str]] = [("id", pixel_id), ("ev", str(event.get("event_name", "")))]
    if event.get("event_id") not in (None, ""):
        params.append(("eid", str(event["event_id"])))
    if isinstance(event.get("event_time"), int | float):
        params.append(("ts", str(int(event["event_time"] * 1000))))
    for source, name in (("event_source_url", "dl"), ("referrer_url", "rl")):
        if isinstance(event.get(source), str):
            params.append((name, event[source]))
    user = event.get("user_data") if isinstance(event.get("user_data"), Mapping) else {}
    assert isinstance(user, Mapping)
    for cookie in ("fbp", "fbc"):
        if isinstance(user.get(cookie), str):
            params.append((cookie, user[cookie]))
    for key in sorted(HASHED_KEYS & set(user)):
        digest = _hashed(key, user[key], context)
        if digest is not None:
            params.append((f"ud[{key}]", digest))
    custom = event.get("custom_data") if isinstance(event.get("custom_data"), Mapping) else {}
    assert isinstance(custom, Mapping)
    for key, value in custom.items():
        text = json.dumps(value, separators=(",", ":")) if isinstance(value, list | dict) else value
        params.append((f"cd[{key}]", str(text)))
    options = event.get("data_processing_options")
    if isinstance(options, list) and options:
        params.append(("dpo", ",".join(str(o) for o in options)))
        for source, name in (
            ("data_processing_options_country", "dpoco"),
            ("data_processing_options_state", "dpost"),
        ):
            if event.get(source) is not None:
                params.append((name, str(event[source])))
    return endpoint + "?" + urlencode(params)
