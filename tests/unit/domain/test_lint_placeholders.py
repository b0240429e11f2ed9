"""Issue 12 item 4: unresolved template placeholders are lint findings on the value's own path."""

from __future__ import annotations

from typing import Any

import pytest

from capi_desktop.domain.lint.engine import lint
from capi_desktop.domain.placeholders import placeholder_kind
from capi_desktop.domain.request.event_model import from_value

NOW = 1_764_000_000


def _findings(event: dict[str, Any]) -> dict[str, Any]:
    body = {"data": [{"event_name": "Purchase", "event_time": NOW, "action_source": "website",
                      "user_data": {"client_user_agent": "Mozilla/5.0"}, **event}]}  # fmt: skip
    parsed = from_value(body)
    assert parsed.request is not None
    return {f.path: f for f in lint(parsed.request, now=NOW) if f.rule == "values.placeholder"}


@pytest.mark.parametrize(
    "value",
    ["{{DL - Event ID}}", "{{Event ID}}", "${event_id}", "%%ORDER_ID%%", "<EVENT_ID>",
     "$CLIENT_USER_AGENT", "[order_id]", "undefined", "null", "NaN", "[object Object]",
     "ord-{{Order ID}}", "EVENT_ID"],
)  # fmt: skip
def test_each_issue_placeholder_is_a_finding_with_the_field_path(value: str) -> None:
    found = _findings(
        {"event_id": value, "user_data": {"em": [value], "client_user_agent": value},
         "custom_data": {"order_id": value}}
    )  # fmt: skip
    assert set(found) >= {
        "data[0].event_id",
        "data[0].user_data.em[0]",
        "data[0].user_data.client_user_agent",
        "data[0].custom_data.order_id",
    }
    # Meta accepts the request (an error means it rejects it): the harm is to dedup/matching.
    assert {f.severity for f in found.values() if f.rule == "values.placeholder"} == {"warning"}
    assert "Meta accepts it" in found["data[0].event_id"].message
    assert value[:20] in found["data[0].event_id"].message


@pytest.mark.parametrize(
    "value", ["ord-1001", "Blue shirt [XL]", "50% off", "USD", "jane@example.com", "<br>", "NaNa"]
)
def test_ordinary_values_are_not_placeholders(value: str) -> None:
    assert placeholder_kind(value) is None
    assert _findings({"event_id": value, "custom_data": {"content_name": value}}) == {}


def test_hash_of_undefined_or_empty_is_recognised() -> None:
    import hashlib

    assert "undefined" in (placeholder_kind(hashlib.sha256(b"undefined").hexdigest()) or "")
    assert "empty" in (placeholder_kind(hashlib.sha256(b"").hexdigest()) or "")
