"""Loads the packaged field catalogue and standard-event templates once per process."""

from __future__ import annotations

from functools import cache

from capi_desktop.domain.field_catalog import (
    FieldCatalog,
    StandardEvents,
    parse_field_catalog,
    parse_standard_events,
)
from capi_desktop.resources import load_json


@cache
def field_catalog() -> FieldCatalog:
    return parse_field_catalog(load_json("field_catalog.json"))


@cache
def standard_events() -> StandardEvents:
    return parse_standard_events(load_json("standard_events.json"))
