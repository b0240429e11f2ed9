"""Consent policy: denied → suppress, LDU for US states with LDU rules, geolocation when unsure."""

from __future__ import annotations

import pytest

from capi_desktop.domain.request.consent import (
    DEFAULT_POLICY,
    ConsentPolicy,
    ConsentState,
    evaluate,
)


def granted(region: str | None = None) -> ConsentState:
    return ConsentState(
        "granted", "granted", "granted", region=region, cmp_version="2.1", captured_at=1
    )


@pytest.mark.parametrize("denied_key", ["ad_storage", "ad_user_data", "ad_personalization"])
def test_any_denied_advertising_signal_suppresses(denied_key: str) -> None:
    data = granted("US-CA").to_dict() | {denied_key: "denied"}
    decision = evaluate(ConsentState.from_mapping(data))
    assert decision.action == "suppress"
    assert denied_key in decision.reason
    assert decision.apply({"event_name": "Purchase"}) is None


def test_missing_consent_suppresses_by_default() -> None:
    assert evaluate(None).action == "suppress"
    assert evaluate(None, ConsentPolicy(missing_consent="forward")).action != "suppress"


def test_california_gets_explicit_ldu_codes() -> None:
    decision = evaluate(granted("US-CA"))
    assert (decision.action, decision.data_processing_options) == ("forward_ldu", ["LDU"])
    assert (decision.country, decision.state) == (1, 1000)
    event = decision.apply({"event_name": "Purchase"})
    assert event == {
        "event_name": "Purchase",
        "data_processing_options": ["LDU"],
        "data_processing_options_country": 1,
        "data_processing_options_state": 1000,
    }


@pytest.mark.parametrize("state", ["CO", "CT", "FL", "TX", "OR", "MT"])
def test_other_ldu_states_let_meta_geolocate(state: str) -> None:
    decision = evaluate(granted(f"us_{state.lower()}"))
    assert decision.action == "forward_ldu"
    assert (decision.country, decision.state) == (0, 0)


def test_us_state_without_ldu_rule_forwards_plainly() -> None:
    decision = evaluate(granted("US-NY"))
    assert decision.action == "forward"
    assert decision.data_processing_options == []
    assert decision.apply({"a": 1}) == {"a": 1}


def test_outside_the_us_forwards() -> None:
    assert evaluate(granted("DE")).action == "forward"


@pytest.mark.parametrize("region", [None, "US"])
def test_unknown_location_uses_geolocated_ldu(region: str | None) -> None:
    decision = evaluate(granted(region))
    assert decision.action == "forward_ldu"
    assert (decision.country, decision.state) == (0, 0)
    strict = ConsentPolicy(unknown_region_ldu=False)
    assert evaluate(granted(region), strict).action == "forward"


def test_policy_can_require_fewer_signals() -> None:
    consent = ConsentState("granted", "granted", "denied", region="DE")
    assert evaluate(consent).action == "suppress"
    relaxed = ConsentPolicy(required=("ad_storage", "ad_user_data"))
    assert evaluate(consent, relaxed).action == "forward"


def test_from_mapping_fails_closed() -> None:
    state = ConsentState.from_mapping(
        {
            "ad_storage": "GRANTED",
            "ad_user_data": True,
            "ad_personalization": "maybe",
            "region": " ",
        }
    )
    assert (state.ad_storage, state.ad_user_data, state.ad_personalization) == (
        "granted",
        "granted",
        "denied",
    )
    assert state.region is None


def test_default_policy_is_the_documented_one() -> None:
    assert DEFAULT_POLICY.missing_consent == "suppress"
    assert "CA" in DEFAULT_POLICY.ldu_states
