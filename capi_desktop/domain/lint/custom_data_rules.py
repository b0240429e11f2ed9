"""Lint rules for custom_data: Purchase value/currency, ISO 4217 currencies, contents, content_ids."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from capi_desktop.domain.json_locate import PathPart
from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.lint.values import as_number


@cache
def currency_codes() -> frozenset[str]:
    """ISO 4217 alpha-3 codes (upper-case), loaded once on first use."""
    import pycountry  # ~20 ms to load its database: keep it off the import path

    return frozenset(c.alpha_3 for c in pycountry.currencies)


def check_custom_data(event: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    path = [*base, "custom_data"]
    custom = event.get("custom_data")
    if custom is not None and not isinstance(custom, dict):
        out.add(
            "custom_data.not_object",
            path,
            "custom_data must be a JSON object.",
            'Use {"value": 12.5, "currency": "USD", ...}.',
        )
        return
    custom = custom or {}
    if event.get("event_name") == "Purchase":
        where = path if "custom_data" in event else base
        if custom.get("value") is None:
            out.add(
                "custom_data.purchase_missing_value",
                where,
                "Purchase events need custom_data.value (the order value as a number).",
                'Add "value": 129.95 to custom_data.',
            )
        if custom.get("currency") in (None, ""):
            out.add(
                "custom_data.purchase_missing_currency",
                where,
                "Purchase events need custom_data.currency (ISO 4217, e.g. USD).",
                'Add "currency": "USD" (or your currency) to custom_data.',
            )
    if "value" in custom and custom["value"] is not None:
        _check_value(custom["value"], [*path, "value"], out)
    currency = custom.get("currency")
    if currency not in (None, ""):
        _check_currency(currency, [*path, "currency"], out)
    if "contents" in custom:
        _check_contents(custom["contents"], [*path, "contents"], out)
    if "content_ids" in custom:
        _check_content_ids(custom["content_ids"], [*path, "content_ids"], out)


def _check_value(value: Any, path: list[PathPart], out: Collector) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        return
    if isinstance(value, str) and as_number(value) is not None:
        out.add(
            "custom_data.value_string",
            path,
            f"value is the string {value!r}; Meta documents a number.",
            f"Send it without quotes: {value.strip()}.",
        )
        return
    out.add(
        "custom_data.value_not_number",
        path,
        f"value must be a number, got {value!r}.",
        "Send the monetary value as a JSON number, e.g. 129.95 (no currency sign).",
    )


def _check_currency(currency: Any, path: list[PathPart], out: Collector) -> None:
    if isinstance(currency, str) and currency.strip().upper() in currency_codes():
        if currency != currency.strip():
            out.add(
                "custom_data.currency_invalid",
                path,
                f"currency {currency!r} has surrounding whitespace.",
                f"Send {currency.strip()!r}.",
            )
        return
    out.add(
        "custom_data.currency_invalid",
        path,
        f"currency {currency!r} is not an ISO 4217 currency code.",
        "Use the three-letter code, e.g. USD, EUR, GBP.",
    )


def _check_contents(contents: Any, path: list[PathPart], out: Collector) -> None:
    if not isinstance(contents, list):
        out.add(
            "custom_data.contents_invalid",
            path,
            "contents must be a list of objects.",
            'Use [{"id": "SKU-1", "quantity": 1, "item_price": 9.99}].',
        )
        return
    for index, item in enumerate(contents):
        if not isinstance(item, dict):
            problem = "is not an object"
        elif item.get("id") in (None, ""):
            problem = "has no id"
        elif "quantity" not in item:
            problem = "has no quantity"
        elif not (
            isinstance(item["quantity"], int | float) and not isinstance(item["quantity"], bool)
        ):
            problem = "has a quantity that is not a number"
        else:
            continue
        out.add(
            "custom_data.contents_invalid",
            [*path, index],
            f"contents[{index}] {problem}; each item needs an id and a numeric quantity.",
            'Use {"id": "SKU-1", "quantity": 1}.',
        )


def _check_content_ids(content_ids: Any, path: list[PathPart], out: Collector) -> None:
    if not isinstance(content_ids, list):
        out.add(
            "custom_data.content_ids_not_strings",
            path,
            "content_ids must be a list of strings.",
            f"Wrap it in a list: [{content_ids!r}]."
            if isinstance(content_ids, str)
            else 'Use ["SKU-1", "SKU-2"].',
        )
        return
    for index, item in enumerate(content_ids):
        if not isinstance(item, str):
            out.add(
                "custom_data.content_ids_not_strings",
                [*path, index],
                f"content_ids[{index}] is {type(item).__name__}, not a string.",
                "Send product IDs as strings so they match your catalog IDs exactly.",
            )
