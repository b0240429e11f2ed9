"""Graph API error knowledge base: catalogue lookup/search, response decoding, support summary."""

from __future__ import annotations

from capi_desktop.domain.error_catalog.catalog import (
    CONFIDENCES,
    KINDS,
    Catalog,
    CatalogError,
    ErrorEntry,
    load_catalog,
)
from capi_desktop.domain.error_catalog.decoding import DecodedError, decode
from capi_desktop.domain.error_catalog.error_data import NestedError
from capi_desktop.domain.error_catalog.summary import entry_summary, support_summary

__all__ = [
    "CONFIDENCES",
    "KINDS",
    "Catalog",
    "CatalogError",
    "DecodedError",
    "ErrorEntry",
    "NestedError",
    "decode",
    "entry_summary",
    "load_catalog",
    "support_summary",
]
