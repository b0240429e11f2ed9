"""Lint and the match score never crash, whatever JSON they get (property-based)."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from capi_desktop.domain.lint import RULES, lint
from capi_desktop.domain.match_score import score_request
from capi_desktop.domain.request.event_model import CapiRequest, from_value
from tests.unit.domain.lint_payloads import NOW, clean_event

scalars = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=30)
    | st.sampled_from(["", " ", "LDU", "Purchase", "website", "fb.1.2.3", "::1", "a@b.c"])
)
json_values = st.recursive(
    scalars,
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=20,
)
EVENT_KEYS = [*sorted(clean_event()), "data_processing_options", "data_processing_options_state"]
USER_KEYS = ["em", "ph", "fbp", "fbc", "client_ip_address", "client_user_agent", "email", "zz"]
CUSTOM_KEYS = ["value", "currency", "contents", "content_ids"]


def _check(request: CapiRequest) -> None:
    findings = lint(request, now=NOW)
    for finding in findings:
        assert finding.rule in RULES
        assert finding.severity in ("error", "warning", "info")
        assert isinstance(finding.path, str) and finding.message and finding.fix
    assert len(score_request(request)) == len(request.events())


@settings(max_examples=80, deadline=None)
@given(json_values)
def test_any_json_value(value: Any) -> None:
    result = from_value(value)
    if result.request is not None:
        _check(result.request)


@settings(max_examples=120, deadline=None)
@given(
    st.sampled_from(EVENT_KEYS),
    json_values,
    st.sampled_from(USER_KEYS),
    json_values,
    st.sampled_from(CUSTOM_KEYS),
    json_values,
)
def test_clean_event_with_random_fields(
    key: str, value: Any, user_key: str, user_value: Any, custom_key: str, custom_value: Any
) -> None:
    event = clean_event()
    event["user_data"][user_key] = user_value
    event["custom_data"][custom_key] = custom_value
    event[key] = value
    _check(CapiRequest({"data": [event]}))
