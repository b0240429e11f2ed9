"""The packaged field catalogue and standard-event templates agree with the domain's own tables."""

from __future__ import annotations

from capi_desktop.backend.catalog_store import field_catalog, standard_events
from capi_desktop.domain.lint import lint
from capi_desktop.domain.normalize import HASHED_KEYS, NEVER_HASHED_KEYS, normalize
from capi_desktop.domain.request.capi_fields import STANDARD_EVENT_NAMES
from capi_desktop.domain.request.event_model import request_from_events
from tests.unit.domain.lint_payloads import NOW


def test_catalog_covers_every_user_data_key_with_its_hashing() -> None:
    catalog = field_catalog()
    user_keys = {f.key: f.hashed for f in catalog.section("user_data")}
    assert set(user_keys) >= HASHED_KEYS | NEVER_HASHED_KEYS
    assert all(user_keys[k] in ("required", "recommended") for k in HASHED_KEYS)
    assert all(user_keys[k] == "never" for k in NEVER_HASHED_KEYS)


def test_catalog_lists_the_documented_server_event_keys() -> None:
    keys = {f.key for f in field_catalog().section("server_event")}
    assert {"event_name", "event_time", "user_data", "action_source", "event_id"} <= keys


def test_every_field_is_documented() -> None:
    for info in field_catalog().fields:
        assert info.description and info.doc_url.startswith("https://"), info.key
        assert info.section in ("request", "server_event", "user_data", "custom_data")
    em = field_catalog().get("user_data", "em")
    assert em is not None and "SHA-256" in em.tooltip


def test_standard_events_match_the_reference_list() -> None:
    assert set(standard_events().names()) == set(STANDARD_EVENT_NAMES)
    purchase = standard_events().get("Purchase")
    assert purchase is not None and purchase.required_custom_data == ("value", "currency")


def test_templates_lint_clean_once_user_data_is_hashed() -> None:
    events = standard_events()
    user_data = {}
    for key, raw in events.sample_user_data.items():
        result = normalize(key, raw)
        user_data[key] = result.sha256 if result.sha256 else result.normalized
    built = [e.build(event_time=NOW - 10, user_data=user_data) for e in events.events]
    for index, event in enumerate(built):
        event["event_id"] = f"{event['event_id']}-{index}"
    findings = lint(request_from_events(built, test_event_code="TEST1"), now=NOW)
    assert [f for f in findings if f.severity != "info"] == []


def test_sample_data_is_synthetic() -> None:
    sample = standard_events().sample_user_data
    assert sample["em"].endswith("@example.com")
    assert sample["ph"].startswith("+1 650 555 01")
    assert sample["client_ip_address"].startswith("203.0.113.")
