"""Issue 15: each event kind's template, valid and invalid payloads through lint, coverage and the
emulator's validation; the three misreadings from the issue."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.emulator.validate import validate_events
from capi_desktop.domain.dedup.compare import compare
from capi_desktop.domain.event_kinds import KINDS, kind_of, resolve
from capi_desktop.domain.event_kinds.starters import starter_event
from capi_desktop.domain.lint import lint
from capi_desktop.domain.match_score import score_event, summarize
from capi_desktop.domain.pixel.hit import PixelHit
from capi_desktop.domain.request.event_model import CapiRequest
from tests.unit.domain.kind_payloads import INVALID, VALID, build

NOW = int(time.time())
KINDS_DIR = Path(__file__).resolve().parents[2] / "fixtures" / "realworld" / "kinds"


def _lint(event: dict[str, Any]) -> list[Any]:
    return lint(CapiRequest({"data": [event], "test_event_code": "TEST123"}), now=NOW)


def _errors(event: dict[str, Any]) -> list[str]:
    return [f.rule for f in _lint(event) if f.severity == "error"]


def test_every_kind_has_five_valid_and_five_invalid_payloads() -> None:
    assert set(VALID) == set(KINDS) == set(INVALID)
    assert all(len(VALID[k]) >= 5 and len(INVALID[k]) >= 5 for k in KINDS)


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_is_of_its_kind_and_clean(kind: str) -> None:
    event = starter_event(kind, now=NOW)
    assert kind_of(event) is KINDS[kind]
    assert [f.rule for f in _lint(event) if f.severity != "info"] == []
    assert validate_events([event], now=NOW) is None
    assert score_event(event).score >= 60


@pytest.mark.parametrize(
    ("kind", "label"), [(k, label) for k, cases in VALID.items() for label, _ in cases]
)
def test_valid_payload(kind: str, label: str) -> None:
    edits = dict(VALID[kind])[label]
    event = build(kind, NOW, *edits)
    assert _errors(event) == [], label
    warnings = [f.rule for f in _lint(event) if f.severity == "warning"]
    assert warnings == (
        ["event_id.missing"] if kind == "website" and "event_id" not in event else []
    )
    assert validate_events([event], now=NOW) is None, label
    assert score_event(event).score > 0, label


@pytest.mark.parametrize(
    ("kind", "label"), [(k, case[0]) for k, cases in INVALID.items() for case in cases]
)
def test_invalid_payload(kind: str, label: str) -> None:
    _, edits, rule, code = next(c for c in INVALID[kind] if c[0] == label)
    event = build(kind, NOW, *edits)
    findings = _lint(event)
    assert rule in [f.rule for f in findings], (label, [f.rule for f in findings])
    body = validate_events([event], now=NOW)
    if code is None:
        assert body is None, (label, body)
    else:
        assert body is not None and body["error"]["code"] == code, (label, body)
        # lint predicts the rejection the emulator gives
        assert any(f.severity == "error" for f in findings), label


# --- the three misreadings of issue 15 -----------------------------------------------------


def test_extinfo_with_three_slots_gets_a_finding() -> None:
    event = build("app", NOW)
    event["app_data"]["extinfo"] = ["a2", "com.example.app", "1.0"]
    finding = next(f for f in _lint(event) if f.rule == "app.extinfo_slot_count")
    assert finding.severity == "error"
    assert finding.path == "data[0].app_data.extinfo"
    assert "3 slot" in finding.message and "16" in finding.message
    assert finding.predicted_error == {"code": 100}
    assert "app-data" in finding.doc_url


def test_app_event_with_madid_and_anon_id_does_not_score_zero() -> None:
    event = {
        "event_name": "Purchase",
        "event_time": NOW,
        "action_source": "app",
        "user_data": {"madid": "38400000-8cf0-11bd-b23e-10b96e40000d", "anon_id": "XZ1"},
        "app_data": {"advertiser_tracking_enabled": 1, "extinfo": ["a2"]},
    }
    score = score_event(event)
    assert score.score == 50  # madid 30 + anon_id 20 of 100; extinfo incomplete
    by_key = {k.key: k for k in score.present}
    assert by_key["madid"].valid and by_key["anon_id"].valid and not by_key["extinfo"].valid
    assert by_key["madid"].lift_range == "no published lift"
    assert score.next_best == "extinfo"


def test_zero_idfa_is_not_credited() -> None:
    event = build("app", NOW)
    event["user_data"] = {"madid": "00000000-0000-0000-0000-000000000000"}
    assert not {k.key: k for k in score_event(event).present}["madid"].valid
    assert "app.zero_madid" in [f.rule for f in _lint(event)]


def test_crm_lead_event_is_not_told_about_the_pixel_and_scores() -> None:
    event = {
        "event_name": "Marketing Qualified Lead",
        "event_time": NOW - 3600 * 30,
        "action_source": "system_generated",
        "user_data": {"lead_id": 1234567890123456},
        "custom_data": {"event_source": "crm", "lead_event_source": "Hubspot"},
    }
    findings = _lint(event)
    messages = " ".join(f.message for f in findings)
    assert "browser pixel" not in messages.casefold()
    assert [f.rule for f in findings if f.severity != "info"] == []
    event_id = next(f for f in findings if f.rule == "event_id.missing")
    assert event_id.severity == "info" and "lead_id" in event_id.message
    assert score_event(event).score == 70
    assert summarize([score_event(event)])["keys"]["lead_id"] == 100


def test_app_event_without_event_id_names_the_app_sdk() -> None:
    event = build("app", NOW)
    del event["event_id"]
    finding = next(f for f in _lint(event) if f.rule == "event_id.missing")
    assert "app SDK" in finding.message and "pixel" not in finding.message.casefold()


def test_compare_wording_for_a_kind_not_expected_to_pair() -> None:
    hit = PixelHit(
        pixel_id="1234567890",
        event_name="Lead",
        event_id="x1",
        event_time=NOW,
        event_time_ms=None,
        event_source_url="https://shop.example.com/",
        referrer_url=None,
        fbp=None,
        fbc=None,
    )
    event = build("crm", NOW)
    event["event_id"] = "x1"
    result = compare(hit, event, server_pixel_id="1234567890")
    row = next(r for r in result.rows if r.field == "action_source")
    assert "lead_id" in row.reason and "no browser pairing is expected" in row.reason
    app = build("app", NOW)
    app["event_name"], app["event_id"] = "Lead", "x1"
    rows = compare(hit, app, server_pixel_id="1234567890").rows
    assert "app SDK" in next(r for r in rows if r.field == "action_source").reason


def test_website_scores_are_unchanged_by_kinds() -> None:
    event = build("website", NOW)
    assert [k.key for k in score_event(event).present][:2] == ["em", "ph"]
    assert score_event(event).present[0].lift_range == "+18–28 %"


def test_kind_names_resolve() -> None:
    assert resolve("offline") is KINDS["physical_store"]
    assert resolve("Conversion-Leads") is KINDS["crm"]
    assert resolve("whatsapp") is KINDS["business_messaging"]
    assert resolve("nonsense") is None
    assert kind_of({"action_source": "nonsense"}) is None


# --- public payloads (tests/fixtures/realworld/kinds/SOURCES.md) ---------------------------


@pytest.mark.parametrize(
    ("name", "errors", "code", "score"),
    [
        ("gupshup_whatsapp_purchase.json", [], None, 60),
        ("zernio_whatsapp_lead_rejected.json", [], None, 60),
        ("meta_crm_lead_stage.json", [], None, 70),
        ("meta_crm_lead_hashed_id.json", ["crm.lead_id_hashed"], 100, 0),  # a hash matches nobody
        ("sdk_app_event_extinfo3.json", ["app.extinfo_slot_count"], 100, 50),
    ],
)
def test_realworld_kind_payloads(
    name: str, errors: list[str], code: int | None, score: int
) -> None:
    body = json.loads((KINDS_DIR / name).read_text(encoding="utf-8"))
    for event in body["data"]:
        event["event_time"] = NOW - 120
    assert _errors(body["data"][0]) == errors
    problem = validate_events(body["data"], now=NOW)
    assert (problem["error"]["code"] if problem else None) == code
    assert score_event(body["data"][0]).score == score
    if name.startswith("zernio"):
        assert "messaging.event_name" in [f.rule for f in _lint(body["data"][0])]


def test_event_kinds_doc_is_up_to_date() -> None:
    from capi_desktop.domain.lint.kind_rules_doc import kinds_markdown

    doc = Path(__file__).resolve().parents[3] / "docs" / "event-kinds.md"
    assert doc.read_text(encoding="utf-8") == kinds_markdown(), "regenerate docs/event-kinds.md"
