"""`capi-desktop template KIND [EVENT]` prints a starting payload; `lint` and `send` take every kind."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capi_desktop.backend.emulator import RunningEmulator
from capi_desktop.cli import main
from capi_desktop.domain.event_kinds import KINDS
from tests.test_cli_send import base_args, run_json

TOKEN = "test-token-123"


def _template(capsys: pytest.CaptureFixture[str], *argv: str) -> dict[str, object]:
    code, body = run_json(capsys, ["template", *argv])
    assert code == 0
    return body


@pytest.mark.parametrize("kind", list(KINDS))
def test_template_lint_send_every_kind(
    kind: str,
    emulator: RunningEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CAPI_TOKEN", TOKEN)
    body = _template(capsys, kind)
    path = tmp_path / f"{kind}.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    code, report = run_json(capsys, ["lint", str(path), "--json"])
    assert code == 0 and report["counts"]["error"] == 0 and report["counts"]["warning"] == 0
    assert report["match_score"]["average"] >= 60
    code, sent = run_json(capsys, base_args(emulator, path))
    assert code == 0 and sent["ok"] is True and sent["events_received"] == 1
    event = emulator.received()[-1]["data"][0]
    assert event["action_source"] == KINDS[kind].action_source


def test_template_event_name_and_aliases(capsys: pytest.CaptureFixture[str]) -> None:
    body = _template(capsys, "offline", "Purchase")
    assert body["data"][0]["action_source"] == "physical_store"  # type: ignore[index]
    body = _template(capsys, "crm", "Marketing Qualified Lead")
    event = body["data"][0]  # type: ignore[index]
    assert event["event_name"] == "Marketing Qualified Lead"
    assert event["custom_data"] == {"event_source": "crm", "lead_event_source": "Example CRM"}


def test_template_unknown_kind_lists_the_kinds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["template", "webste"]) == 2
    err = capsys.readouterr().err
    assert "unknown kind 'webste'" in err and "business_messaging" in err
    assert main(["template", "--list"]) == 0
    out = capsys.readouterr().out
    assert "62 days" in out and "app SDK" in out


@pytest.mark.usefixtures("emulator")
def test_send_rejects_app_event_with_three_extinfo_slots(
    emulator: RunningEmulator,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("CAPI_TOKEN", TOKEN)
    body = _template(capsys, "app")
    body["data"][0]["app_data"]["extinfo"] = ["a2", "com.example.app", "1.0"]  # type: ignore[index]
    path = tmp_path / "app.json"
    path.write_text(json.dumps(body), encoding="utf-8")
    code, report = run_json(capsys, ["lint", str(path), "--json"])
    assert code == 1
    assert [f["rule"] for f in report["findings"] if f["severity"] == "error"] == [
        "app.extinfo_slot_count"
    ]
    code, sent = run_json(capsys, base_args(emulator, path))
    assert code == 1 and sent["error"]["code"] == 100
