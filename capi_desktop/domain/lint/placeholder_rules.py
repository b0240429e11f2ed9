"""Lint rule: unresolved template placeholders ({{GTM var}}, ${x}, %%X%%, undefined …) in values."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from capi_desktop.domain.lint.findings import Collector
from capi_desktop.domain.placeholders import find_placeholders
from capi_desktop.domain.request.json_locate import PathPart, split_path

RULE = "values.placeholder"  # registered in findings.RULES
_WHY = {
    "event_id": "every event then shares this ID: Meta drops real conversions as duplicates,"
    " or nothing matches the browser's real ID",
    "user_data": "Meta matches people on this constant text (or hash of it), not on the"
    " customer's data",
    "custom_data": "reports and optimisation get this text instead of the real value",
}


def check_placeholders(event: Mapping[str, Any], base: list[PathPart], out: Collector) -> None:
    """One finding per placeholder, on the value's own path (data[0].user_data.em[0])."""
    for item in find_placeholders(event, base):
        section = item.path.split(".", 1)[1].split(".", 1)[0].split("[", 1)[0]
        # A warning, not an error: Meta accepts the request with the placeholder in it (an
        # error here means "Meta rejects the request"); the harm is to dedup and matching.
        out.add(
            RULE,
            split_path(item.path) or [*base, section],
            f"{item.value[:80]!r} is {item.kind}: Meta accepts it, but {_WHY[section]}.",
            "Fix the tag-manager variable, template or code that fills this field so it sends"
            " the real value; send nothing rather than a placeholder.",
        )
