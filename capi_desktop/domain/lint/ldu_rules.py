"""Lint rules for Limited Data Use: data_processing_options and its country/state (capi.md §2.5)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.request import capi_fields as f
from capi_desktop.domain.request.json_locate import PathPart


def check_ldu(event: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    options = event.get("data_processing_options")
    has_country = event.get("data_processing_options_country") is not None
    has_state = event.get("data_processing_options_state") is not None
    if options is None and not (has_country or has_state):
        return
    ldu = False
    if options is not None:
        if not isinstance(options, list) or any(o != "LDU" for o in options):
            out.add(
                "ldu.invalid_options",
                [*base, "data_processing_options"],
                f'data_processing_options must be [] or ["LDU"], got {options!r}.',
                'Send ["LDU"] to enable Limited Data Use, [] (or nothing) otherwise.',
            )
            return
        ldu = bool(options)
    if not ldu:
        if has_country or has_state:
            out.add(
                "ldu.location_without_ldu",
                base,
                "data_processing_options_country/state are set but LDU is not enabled.",
                'Add "data_processing_options": ["LDU"] or remove the country/state.',
            )
        return
    _check_ldu_location(event, base, has_country, has_state, out)


def _check_ldu_location(
    event: Mapping[str, Any],
    base: list[PathPart],
    has_country: bool,
    has_state: bool,
    out: Collector,
) -> None:
    if not has_country and not has_state:
        out.add(
            "ldu.missing_location",
            base,
            "LDU is enabled without data_processing_options_country/state.",
            "Send country 0 and state 0 to let Meta geolocate, or 1 and 1000 for California.",
        )
        return
    if has_country != has_state:
        out.add(
            "ldu.incomplete_location",
            base,
            "Only one of data_processing_options_country / _state is set; Meta needs both.",
            "Send both: 0/0 (geolocate) or 1/1000 (California).",
        )
    for key, allowed in (
        ("data_processing_options_country", f.LDU_COUNTRY_CODES),
        ("data_processing_options_state", f.LDU_STATE_CODES),
    ):
        value = event.get(key)
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, int) or value not in allowed
        ):
            out.add(
                "ldu.invalid_location",
                [*base, key],
                f"{key} is {value!r}; documented values are "
                + " or ".join(str(v) for v in sorted(allowed))
                + ".",
                "Use 0 to let Meta geolocate the event.",
            )
