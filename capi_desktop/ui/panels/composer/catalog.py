"""What the Composer reads from the packaged field and standard-event catalogues."""

from __future__ import annotations

import html

from capi_desktop.backend.catalog_store import field_catalog, standard_events
from capi_desktop.domain.request.capi_fields import ACTION_SOURCES, STANDARD_EVENT_NAMES

__all__ = [
    "ACTION_SOURCES",
    "STANDARD_EVENT_NAMES",
    "field_doc_url",
    "field_tooltip",
    "recommended_fields",
]


def recommended_fields(event_name: str) -> tuple[str, ...]:
    """custom_data keys a standard event needs or should carry ('' for custom events)."""
    event = standard_events().get(event_name)
    if event is None:
        return ()
    return (*event.required_custom_data, *event.recommended_custom_data)


def required_fields(event_name: str) -> tuple[str, ...]:
    event = standard_events().get(event_name)
    return event.required_custom_data if event is not None else ()


def field_doc_url(section: str, key: str) -> str:
    info = field_catalog().get(section, key)
    return info.doc_url if info is not None else ""


def field_tooltip(section: str, key: str) -> str:
    """The catalogue's description and doc link for a field, as a rich-text tooltip."""
    info = field_catalog().get(section, key)
    if info is None:
        return ""
    return (
        f"<b>{html.escape(key)}</b> — {html.escape(info.description)}"
        f"<br><small>Meta docs: {html.escape(info.doc_url)}</small>"
    )
