"""Loads the packaged field catalogue and standard-event templates once per process."""

from __future__ import annotations

from functools import cache

from capi_desktop.domain.request.field_catalog import (
    FieldCatalog,
    StandardEvents,
    catalog_from_contract,
    parse_standard_events,
)
from capi_desktop.domain.request.field_contract import field_contract
from capi_desktop.resources import load_json


@cache
def field_catalog() -> FieldCatalog:
    return catalog_from_contract(field_contract())  # one table: resources/field_contract.json


@cache
def standard_events() -> StandardEvents:
    return parse_standard_events(load_json("standard_events.json"))
