"""Generated from resources/field_contract.json: every row's valid and invalid values through
`capi-desktop lint --json` and the emulator's validator, which must agree with lint."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.emulator.validate import validate_events
from capi_desktop.cli import main
from capi_desktop.domain.lint.rule_examples import EXAMPLE_NOW, clean_request
from capi_desktop.domain.request.field_contract import ANY_INDEX, FieldRow, field_contract

ROWS = field_contract().rows
EXTINFO = ["a2", "com.example.app", "771", "7.7.1", "14", "Pixel 8", "en_US", "CET", "Carrier",
           "1080", "2400", "2.75", "8", "128", "64", "Europe/Paris"]  # fmt: skip


def _container(parent_key: Any) -> Any:
    if parent_key == "contents":
        return {"id": "SKU-1", "quantity": 1}
    return {}


def request_with(row: FieldRow, value: Any) -> dict[str, Any]:
    """The clean Purchase with `value` at the row's path (first item for `[]`), in its event kind."""
    body = clean_request()
    event = body["data"][0]
    if row.applies_to:
        event["action_source"] = row.applies_to[0]
    if "app_data" in row.parts or event["action_source"] == "app":
        event["action_source"] = "app"
        event["app_data"] = {
            "advertiser_tracking_enabled": 1,
            "application_tracking_enabled": 1,
            "extinfo": list(EXTINFO),
        }
    if event["action_source"] == "business_messaging":
        event["messaging_channel"] = "whatsapp"
        # WhatsApp's own identifiers, which Meta requires for the channel (issue 15)
        event["user_data"]["whatsapp_business_account_id"] = "102290129340398"
        event["user_data"]["ctwa_clid"] = "ARAkLkA8rmlFeiCktEJQ-QTwRiyYHAFDLMNDB"
    node: Any = body
    parts = list(row.parts)
    for position, part in enumerate(parts[:-1]):
        following = parts[position + 1]
        key: Any = 0 if part == ANY_INDEX else part
        if isinstance(node, list):
            while len(node) <= key:
                node.append(_container(parts[position - 1]))
        elif key not in node or not isinstance(node[key], dict | list):
            node[key] = [] if following == ANY_INDEX or isinstance(following, int) else {}
        node = node[key]
    last: Any = 0 if parts[-1] == ANY_INDEX else parts[-1]
    if isinstance(node, list):
        while len(node) <= last:
            node.append(_container(parts[-2]))
    node[last] = copy.deepcopy(value)
    return body


def concrete(row: FieldRow) -> str:
    text = row.path.replace("[]", "[0]")
    return text


def lint_json(tmp_path: Path, body: dict[str, Any], capsys: pytest.CaptureFixture[str]) -> Any:
    path = tmp_path / "request.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    main(["lint", str(path), "--json", "--now", str(EXAMPLE_NOW)])
    return json.loads(capsys.readouterr().out)


def at(findings: list[dict[str, Any]], path: str) -> list[dict[str, Any]]:
    return [
        f for f in findings if f["path"] == path or f["path"].startswith((path + ".", path + "["))
    ]


def _agrees(body: dict[str, Any], findings: list[dict[str, Any]]) -> dict[str, Any] | None:
    answer = validate_events(body["data"], now=EXAMPLE_NOW)
    errors = [f for f in findings if f["severity"] == "error"]
    assert (answer is not None) == bool(errors), (answer, errors)
    if answer is not None:
        predicted = errors[0]["predicted_error"]
        assert answer["error"]["code"] == predicted["code"]
        assert answer["error"].get("error_subcode") == predicted.get("subcode")
    return answer


def _counts(finding: dict[str, Any]) -> bool:
    """A finding against a valid value (info from a named rule, like "test code present", is not)."""
    return finding["severity"] != "info" or finding["rule"].startswith("field.")


VALID = [r for r in ROWS if r.valid is not None]
INVALID = [(r, v) for r in ROWS for v in r.invalid]


@pytest.mark.parametrize("row", VALID, ids=[r.path for r in VALID])
def test_valid_value_has_no_finding_and_meta_accepts(
    row: FieldRow, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = request_with(row, row.valid)
    report = lint_json(tmp_path, body, capsys)
    assert [f for f in at(report["findings"], concrete(row)) if _counts(f)] == []
    assert _agrees(body, report["findings"]) is None


@pytest.mark.parametrize(
    ("row", "value"), INVALID, ids=[f"{r.path}={v!r}"[:80] for r, v in INVALID]
)
def test_invalid_value_is_a_finding_at_its_path_and_the_emulator_agrees(
    row: FieldRow, value: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = request_with(row, value)
    report = lint_json(tmp_path, body, capsys)
    found = at(report["findings"], concrete(row))
    assert found, f"no finding at {concrete(row)} for {value!r}: {report['findings']}"
    if row.checked_by is None and row.invalid_meta == "rejects":
        assert found[0]["severity"] == "error" and found[0]["predicted_error"] == row.code
    _agrees(body, report["findings"])


def test_rows_without_a_valid_example_are_valid_in_the_clean_request(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    report = lint_json(tmp_path, clean_request(), capsys)
    for row in ROWS:
        if row.valid is None:
            assert at(report["findings"], concrete(row)) == [], row.path


def test_every_row_names_its_source_doc_and_an_invalid_example_unless_a_rule_owns_it() -> None:
    for row in ROWS:
        assert row.source and row.doc.startswith("https://"), row.path
        assert row.invalid or row.checked_by, row.path
        for requirement in row.required:
            assert requirement.meta in ("rejects", "drops", "diagnostics", "hurts_matching")


def test_contract_paths_are_unique() -> None:
    paths = [r.path for r in ROWS]
    assert len(paths) == len(set(paths))


def test_every_rule_has_a_documented_example_that_triggers_it() -> None:
    from capi_desktop.domain.lint import RULES
    from capi_desktop.domain.lint.rules_doc import example_finding

    missing = [rule for rule in RULES if example_finding(rule) is None]
    assert missing == []


def test_error_findings_say_meta_rejects_and_warnings_never_do() -> None:
    from capi_desktop.domain.lint import RULES
    from capi_desktop.domain.lint.rules_doc import example_finding

    for rule in RULES:
        found = example_finding(rule)
        assert found is not None
        if found.severity == "error":
            assert "Meta rejects" in found.message and found.predicted_error, rule
        else:
            assert "Meta rejects the request" not in found.message, rule
