"""Every lint rule: a payload that triggers it and a near-miss payload that does not."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from capi_desktop.domain.lint import RULES, lint
from capi_desktop.domain.lint.value_verdicts import FORM_VALUE_RULES
from capi_desktop.domain.request.event_model import CapiRequest
from tests.unit.domain.lint_payloads import (
    DROP,
    NOW,
    clean_event,
    request,
    rules,
    sha,
    with_custom_data,
    with_user_data,
)

Build = Callable[[], CapiRequest]
DAY = 86400
FBC_MS = (NOW - 3600) * 1000

TRIGGERS: list[tuple[str, Build]] = [
    ("values.placeholder", lambda: request(clean_event(event_id="{{DL - Event ID}}"))),
    ("request.no_data", lambda: CapiRequest({"test_event_code": "T1"})),
    ("request.no_data", lambda: CapiRequest({"data": {"event_name": "Purchase"}})),
    ("request.empty_data", lambda: CapiRequest({"data": []})),
    (
        "request.too_many_events",
        lambda: request(*[clean_event(event_id=f"e{i}") for i in range(1001)]),
    ),
    ("request.event_not_object", lambda: request(clean_event(), "Purchase")),  # type: ignore[arg-type]
    ("request.duplicate_event_id", lambda: request(clean_event(), clean_event())),
    ("request.test_event_code_present", lambda: request(test_event_code="TEST123")),
    ("request.test_event_code_absent", lambda: request()),
    ("request.access_token_in_body", lambda: request(access_token="test-token-123")),
    ("request.unknown_key", lambda: request(test_event_cod="TEST123")),
    ("event.unknown_key", lambda: request(clean_event(event_nmae="Purchase"))),
    ("event_time.missing", lambda: request(clean_event(event_time=None))),
    ("event_time.not_integer", lambda: request(clean_event(event_time="yesterday"))),
    ("event_time.not_integer", lambda: request(clean_event(event_time=str(NOW)))),
    ("event_time.milliseconds", lambda: request(clean_event(event_time=NOW * 1000))),
    ("event_time.future", lambda: request(clean_event(event_time=NOW + 3600))),
    ("event_time.too_old", lambda: request(clean_event(event_time=NOW - 8 * DAY))),
    (
        "event_time.too_old",
        lambda: request(clean_event(event_time=NOW - 63 * DAY, action_source="physical_store")),
    ),
    ("event_time.stale", lambda: request(clean_event(event_time=NOW - 2 * 3600))),
    ("event_name.missing", lambda: request(clean_event(event_name=""))),
    ("event_name.wrong_case", lambda: request(clean_event(event_name="purchase"))),
    ("event_name.wrong_case", lambda: request(clean_event(event_name="add_to_cart"))),
    ("event_name.possible_typo", lambda: request(clean_event(event_name="Purchse"))),
    ("event_name.possible_typo", lambda: request(clean_event(event_name="AddToChart"))),
    ("action_source.missing", lambda: request(clean_event(action_source=None))),
    ("action_source.invalid", lambda: request(clean_event(action_source="Website"))),
    ("action_source.invalid", lambda: request(clean_event(action_source="web"))),
    ("action_source.website_without_url", lambda: request(clean_event(event_source_url=""))),
    (
        "action_source.website_without_user_agent",
        lambda: request(with_user_data(client_user_agent=DROP)),
    ),
    ("event_id.missing", lambda: request(clean_event(event_id=None))),
    ("event_id.whitespace", lambda: request(clean_event(event_id=" order-1 "))),
    ("event_id.not_string", lambda: request(clean_event(event_id=10042))),
    ("event_id.too_long", lambda: request(clean_event(event_id="x" * 300))),
    ("user_data.missing", lambda: request(clean_event(user_data={}))),
    ("user_data.missing", lambda: request(clean_event(user_data=None))),
    ("user_data.not_object", lambda: request(clean_event(user_data=["em"]))),
    ("user_data.bad_value_type", lambda: request(with_user_data(zp=94025))),
    ("user_data.empty_value", lambda: request(with_user_data(ln=""))),
    ("user_data.unhashed_pii", lambda: request(with_user_data(em=["test@example.com"]))),
    ("user_data.unhashed_pii", lambda: request(with_user_data(ph="+1 650 555 0100"))),
    ("user_data.unhashed_pii", lambda: request(with_user_data(ct="menlopark"))),
    ("user_data.unhashed_pii", lambda: request(with_user_data(ph="16505550100"))),
    ("user_data.unhashed_pii", lambda: request(with_user_data(ge="f", db="19900101"))),
    ("user_data.not_sha256", lambda: request(with_user_data(em=sha("x")[:40]))),
    ("user_data.uppercase_hash", lambda: request(with_user_data(em=sha("x").upper()))),
    ("user_data.md5_hash", lambda: request(with_user_data(em="d41d8cd98f00b204e9800998ecf8427e"))),
    ("user_data.hashed_never_hashed_key", lambda: request(with_user_data(fbp=sha("fbp")))),
    (
        "user_data.hashed_never_hashed_key",
        lambda: request(with_user_data(client_ip_address=sha("ip"))),
    ),
    ("user_data.bad_fbp", lambda: request(with_user_data(fbp="fb.1.1790000000.123"))),
    ("user_data.bad_fbc", lambda: request(with_user_data(fbc="IwAR0exampleClickId"))),
    ("user_data.invalid_ip", lambda: request(with_user_data(client_ip_address="203.0.113.999"))),
    ("user_data.invalid_ip", lambda: request(with_user_data(client_ip_address="192.168.1.20"))),
    ("user_data.alias_key", lambda: request(with_user_data(email=sha("test@example.com")))),
    ("user_data.unknown_key", lambda: request(with_user_data(favourite_colour="blue"))),
    (
        "user_data.broad_combination",
        lambda: request(clean_event(user_data={"fn": sha("alex"), "ge": sha("f")})),
    ),
    (
        "user_data.broad_combination",
        lambda: request(
            clean_event(
                user_data={"ct": sha("menlopark"), "zp": sha("94025"), "client_user_agent": "UA/1"}
            )
        ),
    ),
    (
        "user_data.no_strong_key",
        lambda: request(clean_event(user_data={"fn": sha("alex"), "ln": sha("example")})),
    ),
    ("custom_data.not_object", lambda: request(clean_event(custom_data="49.99 USD"))),
    ("custom_data.purchase_missing_value", lambda: request(with_custom_data(value=DROP))),
    ("custom_data.purchase_missing_value", lambda: request(clean_event(custom_data=None))),
    ("custom_data.purchase_missing_currency", lambda: request(with_custom_data(currency=DROP))),
    ("field.wrong_type", lambda: request(with_custom_data(value="49.99"))),
    ("field.wrong_type", lambda: request(with_custom_data(value="$49.99"))),
    ("field.wrong_type", lambda: request(with_custom_data(value=True))),
    ("custom_data.currency_invalid", lambda: request(with_custom_data(currency="US$"))),
    ("custom_data.currency_invalid", lambda: request(with_custom_data(currency="XYZ"))),
    ("field.wrong_type", lambda: request(with_custom_data(contents={"id": "SKU-1"}))),
    ("field.missing", lambda: request(with_custom_data(contents=[{"id": "SKU-1"}]))),
    ("field.missing", lambda: request(with_custom_data(contents=[{"quantity": 1}]))),
    ("field.wrong_type", lambda: request(with_custom_data(content_ids=[1001]))),
    ("field.wrong_type", lambda: request(with_custom_data(content_ids="SKU-1"))),
    ("field.not_allowed_value", lambda: request(with_custom_data(content_type="products"))),
    ("request.data_as_json_strings", lambda: CapiRequest({"data": ['{"event_name": "Lead"}']})),
    ("field.bad_format", lambda: request(clean_event(event_source_url="example.com/x"))),
    ("field.empty", lambda: request(with_custom_data(order_id=""))),
    ("field.out_of_range", lambda: request(clean_event(attribution_data={"attribution_share": 2}))),
    ("field.pii_in_identifier", lambda: request(with_custom_data(order_id="jane@example.com"))),
    ("field.not_for_action_source", lambda: request(with_user_data(madid="38400000-8cf0-11bd"))),
    ("ldu.invalid_options", lambda: request(clean_event(data_processing_options=["ldu"]))),
    ("ldu.missing_location", lambda: request(clean_event(data_processing_options=["LDU"]))),
    (
        "ldu.incomplete_location",
        lambda: request(
            clean_event(data_processing_options=["LDU"], data_processing_options_country=1)
        ),
    ),
    (
        "ldu.invalid_location",
        lambda: request(
            clean_event(
                data_processing_options=["LDU"],
                data_processing_options_country=1,
                data_processing_options_state=6,
            )
        ),
    ),
    (
        "ldu.location_without_ldu",
        lambda: request(
            clean_event(
                data_processing_options=[],
                data_processing_options_country=1,
                data_processing_options_state=1000,
            )
        ),
    ),
]

# Near misses: the closest payload that must NOT trigger the rule.
NEAR_MISSES: list[tuple[str, Build]] = [
    ("values.placeholder", lambda: request(clean_event(event_id="order-{1001}"))),
    ("request.no_data", lambda: request()),
    ("request.empty_data", lambda: request()),
    (
        "request.too_many_events",
        lambda: request(*[clean_event(event_id=f"e{i}") for i in range(1000)]),
    ),
    ("request.event_not_object", lambda: request(clean_event(), clean_event(event_id="o2"))),
    ("request.duplicate_event_id", lambda: request(clean_event(), clean_event(event_id="o2"))),
    ("request.test_event_code_present", lambda: request()),
    ("request.test_event_code_absent", lambda: request(test_event_code="TEST123")),
    ("request.access_token_in_body", lambda: request(partner_agent="datapartner")),
    ("request.unknown_key", lambda: request(test_event_code="TEST123", partner_agent="x")),
    (
        "event.unknown_key",
        lambda: request(clean_event(opt_out=False, referrer_url="https://e.example")),
    ),
    ("event_time.missing", lambda: request()),
    ("event_time.not_integer", lambda: request(clean_event(event_time=NOW - 5))),
    ("event_time.milliseconds", lambda: request(clean_event(event_time=99_999_999_999 - 1))),
    ("event_time.future", lambda: request(clean_event(event_time=NOW + 30))),
    ("event_time.too_old", lambda: request(clean_event(event_time=NOW - 7 * DAY + 60))),
    (
        "event_time.too_old",
        lambda: request(clean_event(event_time=NOW - 30 * DAY, action_source="physical_store")),
    ),
    ("event_time.stale", lambda: request(clean_event(event_time=NOW - 3000))),
    ("event_name.missing", lambda: request(clean_event(event_name="MyCustomEvent"))),
    ("event_name.wrong_case", lambda: request(clean_event(event_name="Purchase"))),
    ("event_name.possible_typo", lambda: request(clean_event(event_name="NewsletterSignup"))),
    ("event_name.possible_typo", lambda: request(clean_event(event_name="PageView"))),
    ("action_source.missing", lambda: request()),
    ("action_source.invalid", lambda: request(clean_event(action_source="physical_store"))),
    (
        "action_source.website_without_url",
        lambda: request(clean_event(action_source="email", event_source_url=None)),
    ),
    (
        "action_source.website_without_user_agent",
        lambda: request(
            clean_event(action_source="app", user_data={"em": sha("test@example.com")})
        ),
    ),
    ("event_id.missing", lambda: request()),
    ("event_id.whitespace", lambda: request(clean_event(event_id="order-1"))),
    ("event_id.not_string", lambda: request(clean_event(event_id="10042"))),
    ("event_id.too_long", lambda: request(clean_event(event_id="x" * 255))),
    ("user_data.missing", lambda: request(clean_event(user_data={"fbp": f"fb.1.{FBC_MS}.123456"}))),
    ("user_data.not_object", lambda: request()),
    (
        "user_data.bad_value_type",
        lambda: request(with_user_data(zp=sha("94025"), fb_login_id=1234)),
    ),
    ("user_data.empty_value", lambda: request()),
    ("user_data.unhashed_pii", lambda: request(with_user_data(external_id="customer-0001"))),
    (
        "user_data.unhashed_pii",
        lambda: request(with_user_data(em=[sha("a@example.com") + ".AbCdEfGh"])),
    ),
    ("user_data.not_sha256", lambda: request(with_user_data(ph="16505550100", ge="f"))),
    ("user_data.uppercase_hash", lambda: request()),
    ("user_data.md5_hash", lambda: request()),
    ("user_data.hashed_never_hashed_key", lambda: request()),
    (
        "user_data.bad_fbp",
        lambda: request(with_user_data(fbp=f"fb.1.{FBC_MS}.1234567890.AbCdEfGh")),
    ),
    ("user_data.bad_fbc", lambda: request()),
    ("user_data.invalid_ip", lambda: request(with_user_data(client_ip_address="2001:db8::1"))),
    ("user_data.alias_key", lambda: request()),
    ("user_data.unknown_key", lambda: request(with_user_data(ig_sid="1234"))),
    (
        "user_data.broad_combination",
        lambda: request(clean_event(user_data={"fn": sha("alex"), "ge": sha("f"), "em": sha("x")})),
    ),
    (
        "user_data.no_strong_key",
        lambda: request(
            clean_event(
                user_data={"client_ip_address": "203.0.113.10", "client_user_agent": "UA/1"}
            )
        ),
    ),
    ("custom_data.not_object", lambda: request()),
    (
        "custom_data.purchase_missing_value",
        lambda: request(clean_event(event_name="ViewContent", custom_data=None)),
    ),
    ("custom_data.purchase_missing_value", lambda: request(with_custom_data(value=0))),
    ("custom_data.purchase_missing_currency", lambda: request(with_custom_data(currency="eur"))),
    ("field.wrong_type", lambda: request(with_custom_data(value=12))),
    ("custom_data.currency_invalid", lambda: request(with_custom_data(currency="usd"))),
    ("field.missing", lambda: request(with_custom_data(contents=[{"id": "7", "quantity": 2}]))),
    ("field.not_allowed_value", lambda: request(with_custom_data(content_type="product_group"))),
    ("request.data_as_json_strings", lambda: CapiRequest({"data": ["not json"]})),
    ("field.bad_format", lambda: request(clean_event(event_source_url="http://localhost:8000/x"))),
    ("field.empty", lambda: request(with_custom_data(order_id="ORDER-1"))),
    ("field.out_of_range", lambda: request(clean_event(attribution_data={"attribution_share": 1}))),
    ("field.pii_in_identifier", lambda: request(with_custom_data(order_id="ORDER@1"))),
    (
        "field.not_for_action_source",
        lambda: request(clean_event(action_source="app", user_data={"madid": "38400000-8cf0"})),
    ),
    ("ldu.invalid_options", lambda: request(clean_event(data_processing_options=[]))),
    (
        "ldu.missing_location",
        lambda: request(
            clean_event(
                data_processing_options=["LDU"],
                data_processing_options_country=0,
                data_processing_options_state=0,
            )
        ),
    ),
    (
        "ldu.incomplete_location",
        lambda: request(
            clean_event(
                data_processing_options=["LDU"],
                data_processing_options_country=1,
                data_processing_options_state=1000,
            )
        ),
    ),
    (
        "ldu.invalid_location",
        lambda: request(
            clean_event(
                data_processing_options=["LDU"],
                data_processing_options_country=1,
                data_processing_options_state=1000,
            )
        ),
    ),
    ("ldu.location_without_ldu", lambda: request(clean_event(data_processing_options=[]))),
]


@pytest.mark.parametrize(
    ("rule", "build"), TRIGGERS, ids=[f"{r}-{i}" for i, (r, _) in enumerate(TRIGGERS)]
)
def test_rule_triggers(rule: str, build: Build) -> None:
    assert rule in rules(build())


@pytest.mark.parametrize(
    ("rule", "build"), NEAR_MISSES, ids=[f"{r}-{i}" for i, (r, _) in enumerate(NEAR_MISSES)]
)
def test_rule_does_not_trigger(rule: str, build: Build) -> None:
    assert rule not in rules(build())


def test_every_rule_has_a_trigger_and_a_near_miss() -> None:
    request_rules = set(RULES) - FORM_VALUE_RULES  # those come from the Composer's typed values
    assert {r for r, _ in TRIGGERS} == request_rules
    assert {r for r, _ in NEAR_MISSES} == request_rules


def test_clean_purchase_has_no_error_and_no_warning() -> None:
    findings = lint(request(test_event_code="TEST123"), now=NOW)
    assert [f.rule for f in findings] == ["request.test_event_code_present"]


def test_every_rule_spec_has_a_doc_link_and_title() -> None:
    for rule, spec in RULES.items():
        assert spec.doc_url.startswith("https://developers.facebook.com/"), rule
        assert spec.title and spec.severity in ("error", "warning", "info")
