"""Loads the packaged error catalogue (resources/error_codes.json) once per process."""

from __future__ import annotations

from functools import cache

from capi_desktop.domain.error_catalog import Catalog, load_catalog
from capi_desktop.resources import load_json


@cache
def default_catalog() -> Catalog:
    """The shipped catalogue; raises CatalogError/OSError only if the install is broken."""
    return load_catalog(load_json("error_codes.json"))
