"""What the Composer reads from the field and standard-event catalogues (with safe fallbacks)."""

from __future__ import annotations

import logging
from functools import cache
from typing import Any

from capi_desktop.domain.capi_fields import ACTION_SOURCES, STANDARD_EVENT_NAMES

log = logging.getLogger(__name__)

__all__ = [
    "ACTION_SOURCES",
    "STANDARD_EVENT_NAMES",
    "field_info",
    "recommended_fields",
]


@cache
def _standard_events() -> dict[str, Any] | None:
    try:
        from capi_desktop.backend import catalog_store
    except ImportError:
        return None
    try:
        loader = getattr(catalog_store, "standard_events", None) or getattr(
            catalog_store, "load_standard_events", None
        )
        data = loader() if loader is not None else None
    except Exception:  # a broken catalogue must not break the form
        log.exception("standard events catalogue unavailable")
        return None
    if isinstance(data, dict):
        return data
    return None


def recommended_fields(event_name: str) -> tuple[str, ...] | None:
    """Fields the catalogue recommends for `event_name`; None when the catalogue is missing."""
    events = _standard_events()
    if events is None:
        return None
    entry = events.get(event_name)
    if entry is None:
        return ()
    fields = getattr(entry, "recommended", None)
    if fields is None and isinstance(entry, dict):
        fields = entry.get("recommended") or entry.get("recommended_fields")
    return tuple(str(f) for f in fields or ())


@cache
def _fields() -> dict[tuple[str, str], dict[str, Any]]:
    try:
        from capi_desktop.resources import load_json

        data = load_json("field_catalog.json")
    except (OSError, ValueError):
        return {}
    return {
        (str(f.get("section")), str(f.get("key"))): f
        for f in data.get("fields", [])
        if isinstance(f, dict)
    }


def field_info(section: str, key: str) -> str:
    """A tooltip for a field: the catalogue's description (empty when unknown)."""
    entry = _fields().get((section, key))
    if not entry:
        return ""
    return str(entry.get("description") or "")
