"""Lint rule for custom_data as a whole; its fields are checked from the field contract."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.lint.contract_values import currency_codes
from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.request.json_locate import PathPart

__all__ = ["check_custom_data", "currency_codes"]


def check_custom_data(event: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    custom = event.get("custom_data")
    if custom is not None and not isinstance(custom, dict):
        out.add(
            "custom_data.not_object",
            [*base, "custom_data"],
            "custom_data must be a JSON object. Meta rejects the request.",
            'Use {"value": 12.5, "currency": "USD", ...}.',
        )
