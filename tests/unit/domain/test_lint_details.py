"""Lint details: paths, severities, predicted Graph errors, fix texts and the normalization hook."""

from __future__ import annotations

from capi_desktop.domain.lint import by_severity, counts, has_errors, lint
from capi_desktop.domain.normalize import NormalizeContext
from capi_desktop.domain.request.event_model import parse_request
from capi_desktop.domain.request.json_locate import locate
from tests.unit.domain.lint_payloads import (
    NOW,
    clean_event,
    findings_for,
    request,
    sha,
    with_custom_data,
    with_user_data,
)


def test_path_points_at_the_list_item() -> None:
    req = request(clean_event(), with_user_data(em=[sha("a@example.com"), "b@example.com"]))
    [finding] = findings_for(req, "user_data.unhashed_pii")
    assert finding.path == "data[1].user_data.em[1]"
    assert finding.event_index == 1
    assert finding.severity == "warning"  # Meta accepts the request; the value cannot match


def test_too_old_predicts_2804003() -> None:
    [finding] = findings_for(request(clean_event(event_time=NOW - 8 * 86400)), "event_time.too_old")
    assert finding.predicted_error == {"code": 100, "subcode": 2804003}
    assert "8 days" in finding.message


def test_broad_combination_predicts_2804050() -> None:
    req = request(clean_event(user_data={"ln": sha("example"), "ge": sha("m")}))
    [finding] = findings_for(req, "user_data.broad_combination")
    assert finding.predicted_error == {"code": 100, "subcode": 2804050}
    assert finding.path == "data[0].user_data"


def test_warnings_carry_no_predicted_error() -> None:
    findings = lint(request(clean_event(event_id=None)), now=NOW)
    assert all(f.predicted_error is None for f in findings if f.severity != "error")


def test_wrong_case_fix_names_the_standard_event() -> None:
    [finding] = findings_for(
        request(clean_event(event_name="initiate_checkout")), "event_name.wrong_case"
    )
    assert "'InitiateCheckout'" in finding.fix


def test_typo_names_the_closest_standard_event() -> None:
    [finding] = findings_for(
        request(clean_event(event_name="CompleteRegistraton")), "event_name.possible_typo"
    )
    assert "'CompleteRegistration'" in finding.message
    assert finding.severity == "warning"


def test_unknown_event_key_suggests_spelling() -> None:
    [finding] = findings_for(
        request(clean_event(event_sourceurl="https://x.example")), "event.unknown_key"
    )
    assert "'event_source_url'" in finding.fix


def test_unhashed_fix_gives_the_hash_of_the_normalized_value() -> None:
    req = request(with_user_data(em="  Test@Example.COM "))
    [finding] = findings_for(req, "user_data.unhashed_pii")
    assert sha("test@example.com") in finding.fix
    assert "Test@Example.COM" not in finding.message  # clear-text PII is not echoed


def test_default_country_reaches_the_phone_normalizer() -> None:
    req = request(with_user_data(ph="(650) 555-0100"))
    context = NormalizeContext(default_country="US")
    [finding] = [
        f for f in lint(req, now=NOW, context=context) if f.rule == "user_data.unhashed_pii"
    ]
    assert sha("16505550100") in finding.fix


def test_numeric_string_event_time_is_only_a_warning() -> None:
    [finding] = findings_for(request(clean_event(event_time=str(NOW))), "event_time.not_integer")
    assert finding.severity == "warning"
    [hard] = findings_for(request(clean_event(event_time=1.5e9 + 0.5)), "event_time.not_integer")
    assert hard.severity == "error"


def test_milliseconds_skips_age_rules() -> None:
    rules = {f.rule for f in lint(request(clean_event(event_time=NOW * 1000)), now=NOW)}
    assert "event_time.milliseconds" in rules
    assert not rules & {"event_time.future", "event_time.too_old", "event_time.stale"}


def test_alias_key_does_not_count_as_customer_information() -> None:
    req = request(clean_event(user_data={"email": sha("test@example.com")}))
    rules = {f.rule for f in lint(req, now=NOW)}
    assert {"user_data.alias_key", "user_data.missing"} <= rules
    [alias] = findings_for(req, "user_data.alias_key")
    assert "'em'" in alias.fix


def test_soft_fbc_problem_is_info() -> None:
    req = request(with_user_data(fbc=f"fb.1.{(NOW - 3600) * 1000}.iwar0exampleclickid"))
    [finding] = findings_for(req, "user_data.bad_fbc")
    assert finding.severity == "info"


def test_duplicate_event_id_with_same_name_says_one_is_dropped() -> None:
    [finding] = findings_for(request(clean_event(), clean_event()), "request.duplicate_event_id")
    assert finding.path == "data[1].event_id"
    assert "data[0]" in finding.message and "keeps only one" in finding.message


def test_purchase_value_zero_is_a_value() -> None:
    assert not findings_for(
        request(with_custom_data(value=0)), "custom_data.purchase_missing_value"
    )


def test_helpers_order_and_count() -> None:
    findings = lint(request(clean_event(event_time="soon", event_id=None)), now=NOW)
    assert has_errors(findings)
    ordered = by_severity(findings)
    assert [f.severity for f in ordered] == sorted(
        (f.severity for f in findings), key=["error", "warning", "info"].index
    )
    assert counts(findings) == {"error": 1, "warning": 1, "info": 1}


def test_finding_paths_locate_in_the_source_text() -> None:
    text = '[\n  {"event_name": "purchase",\n   "event_time": 1}\n]'
    parsed = parse_request(text)
    assert parsed.request is not None
    findings = lint(parsed.request, now=NOW)
    [finding] = [f for f in findings if f.rule == "event_name.wrong_case"]
    assert locate(text, finding.path) == (2, 18)


def test_to_dict_is_json_ready() -> None:
    [finding] = findings_for(request(clean_event(event_time=NOW - 8 * 86400)), "event_time.too_old")
    data = finding.to_dict()
    assert data["rule"] == "event_time.too_old"
    assert data["predicted_error"] == {"code": 100, "subcode": 2804003}
    assert set(data) == {"rule", "severity", "path", "message", "fix", "doc_url", "predicted_error"}


def test_predicted_error_key_matches_the_error_catalogue() -> None:
    from capi_desktop.backend.error_catalog_store import default_catalog

    [finding] = findings_for(request(clean_event(event_time=NOW - 8 * 86400)), "event_time.too_old")
    assert finding.predicted_error_key == "100/2804003"
    entry = default_catalog().lookup(100, 2804003)
    assert entry is not None
    [missing] = findings_for(request(clean_event(event_name=None)), "event_name.missing")
    assert missing.predicted_error_key == "100"


def test_rules_doc_is_up_to_date() -> None:
    from pathlib import Path

    from capi_desktop.domain.lint.rules_doc import rules_markdown

    doc = Path(__file__).resolve().parents[3] / "docs" / "lint-rules.md"
    assert doc.read_text(encoding="utf-8") == rules_markdown(), "regenerate docs/lint-rules.md"
