"""Make a CAPI request body safe to keep: no token, and only hashes in the hashed user_data keys."""

from __future__ import annotations

import copy
import hashlib
import importlib
import re
from collections.abc import Callable
from typing import Any

# Keys Meta wants SHA-256 hashed (capi.md §3.1); external_id is "recommended", and we
# still never keep a raw one.
HASHED_KEYS = frozenset(
    {"em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country", "external_id"}
)
RAW_MARKER = "[raw value not stored]"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")
# Parameter-builder hashes carry an appendix (capi.md §3.5); they are hashes already.
_PB_HASH = re.compile(r"^[0-9a-fA-F]{64}\.([A-Za-z0-9_-]{8}|AQ|Ag|Aw|BA|BQ|Bg)$")
SECRET_KEYS = frozenset({"access_token", "appsecret_proof"})

# (key, raw value) -> normalized value, or None when it cannot be normalized.
Normalizer = Callable[[str, str], "str | None"]


def is_hashed(value: str) -> bool:
    return bool(_SHA256.match(value) or _PB_HASH.match(value))


def _default_normalizer() -> Normalizer | None:
    """The project's normalizer when it is installed; None keeps the marker fallback."""
    try:
        # Imported by name: the normalizer lives in another engineer's module.
        module = importlib.import_module("capi_desktop.domain.normalize")
    except ImportError:
        return None
    for name in ("normalize_field", "normalize_value", "normalize"):
        func = getattr(module, name, None)
        if callable(func):
            return _adapt(func)
    return None


def _adapt(func: Callable[..., Any]) -> Normalizer:
    def run(key: str, value: str) -> str | None:
        try:
            result = func(key, value)
        except Exception:  # an unnormalizable value is simply not kept
            return None
        # Normalizers may return a plain string or a result object carrying `.value`.
        if isinstance(result, str):
            return result or None
        inner = (
            getattr(result, "sha256", None)
            or getattr(result, "normalized", None)
            or getattr(result, "value", None)
        )
        return inner if isinstance(inner, str) and inner else None

    return run


def hash_for_storage(key: str, value: str, normalizer: Normalizer | None) -> str:
    """A hash stays; a raw value becomes SHA-256 of its normalized form (or the marker)."""
    if is_hashed(value):
        return value
    if normalizer is None:
        return RAW_MARKER
    normalized = normalizer(key, value)
    if normalized is None:
        return RAW_MARKER
    if is_hashed(normalized):
        return normalized
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def _scrub_user_data(user_data: dict[str, Any], normalizer: Normalizer | None) -> None:
    for key in list(user_data):
        if key not in HASHED_KEYS:
            continue
        value = user_data[key]
        if isinstance(value, list):
            user_data[key] = [
                hash_for_storage(key, str(v), normalizer) if v is not None else v for v in value
            ]
        elif value is not None:
            user_data[key] = hash_for_storage(key, str(value), normalizer)


def strip_secrets(body: Any) -> Any:
    """Drop token-bearing keys at any depth (a token pasted into a body must not be kept)."""
    if isinstance(body, dict):
        return {k: strip_secrets(v) for k, v in body.items() if k not in SECRET_KEYS}
    if isinstance(body, list):
        return [strip_secrets(v) for v in body]
    return body


def _events_of(body: Any) -> list[Any] | None:
    """The event list of a request body, bare event list or single event; None for anything else.

    The list returned for a request or event list is the body's own (changes show in `body`).
    """
    if isinstance(body, dict) and isinstance(body.get("data"), list):
        return body["data"]  # type: ignore[no-any-return]
    if isinstance(body, list):
        return body
    if isinstance(body, dict):
        return [body]
    return None


def scrub_request(body: Any, normalizer: Normalizer | bool | None = True) -> Any:
    """A copy of `body` with secrets removed and every hashed user_data key hashed.

    `normalizer=True` uses the project's normalizer when available; None forces the marker.
    """
    norm = _default_normalizer() if normalizer is True else (normalizer or None)
    cleaned = strip_secrets(copy.deepcopy(body))
    events = _events_of(cleaned)
    if events is None:
        return cleaned
    for event in events:
        if isinstance(event, dict) and isinstance(event.get("user_data"), dict):
            _scrub_user_data(event["user_data"], norm)
    return cleaned


def event_names(body: Any) -> tuple[str, ...]:
    """The event_name of each event in a request body, in order."""
    events = _events_of(body)
    if events is None:
        return ()
    return tuple(
        str(e.get("event_name")) for e in events if isinstance(e, dict) and e.get("event_name")
    )
