"""`capi-desktop lint` and `capi-desktop export`: output, exit codes 0/1/2, no tracebacks."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from capi_desktop.cli import main
from tests.unit.domain.lint_payloads import NOW, clean_event, sha


def _write(tmp_path: Path, payload: object, name: str = "payload.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(payload), encoding="utf-8")
    return path


def test_clean_event_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, clean_event())
    assert main(["lint", str(path), "--now", str(NOW)]) == 0
    out = capsys.readouterr().out
    assert "0 error(s)" in out
    assert "estimate, not Meta's Event Match Quality" in out


def test_error_finding_exits_1_and_json_has_the_shape(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, {"data": [clean_event(event_time=(NOW - 9 * 86400))]})
    assert main(["lint", str(path), "--json", "--now", str(NOW)]) == 1
    report = json.loads(capsys.readouterr().out)
    [too_old] = [f for f in report["findings"] if f["rule"] == "event_time.too_old"]
    assert too_old["severity"] == "error"
    assert too_old["path"] == "data[0].event_time"
    assert too_old["predicted_error"] == {"code": 100, "subcode": 2804003}
    assert {"rule", "severity", "path", "message", "fix", "predicted_error"} <= set(too_old)
    assert report["match_score"]["label"] == "estimate"
    assert report["match_score"]["per_event"][0]["score"] == report["match_score"]["average"]


def test_text_output_names_the_predicted_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, [clean_event(event_time=(NOW - 9 * 86400))])
    assert main(["lint", str(path), "--now", str(NOW)]) == 1
    assert "code 100, subcode 2804003" in capsys.readouterr().out


def test_country_option_reaches_normalization(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    event = clean_event()
    event["user_data"]["ph"] = "(650) 555-0100"
    path = _write(tmp_path, event)
    # A clear-text phone is a warning (Meta accepts the request; the value cannot match): exit 0.
    assert main(["lint", str(path), "--json", "--now", str(NOW), "--country", "us"]) == 0
    report = json.loads(capsys.readouterr().out)
    [finding] = [f for f in report["findings"] if f["rule"] == "user_data.unhashed_pii"]
    assert sha("16505550100") in finding["fix"]


def test_stdin_is_read(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    data = json.dumps(clean_event()).encode("utf-8")
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["lint", "-", "--now", str(NOW)]) == 0


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (None, "no such file"),
        (b'{\n  "data": [,]\n}', "invalid JSON at line 2, column 12"),
        (b"\xff\xfe garbage", "not UTF-8"),
        (b"", "the input is empty"),
    ],
)
def test_unreadable_input_exits_2_with_a_clear_message(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes | None, expected: str
) -> None:
    path = tmp_path / "in.json"
    if content is not None:
        path.write_bytes(content)
    assert main(["lint", str(path)]) == 2
    captured = capsys.readouterr()
    assert expected in captured.err
    assert "Traceback" not in captured.err + captured.out


def test_export_curl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, {"data": [clean_event()], "access_token": "canary-cli-token"})
    assert (
        main(
            [
                "export",
                str(path),
                "--format",
                "curl",
                "--pixel",
                "1234567890",
                "--api-version",
                "v25.0",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert '/v25.0/1234567890/events" \\' in out
    assert "Authorization: Bearer ${META_ACCESS_TOKEN}" in out and "access_token=" not in out
    assert "canary-cli-token" not in out


def test_export_defaults_to_the_newest_version(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, clean_event())
    assert main(["export", str(path), "--format", "python"]) == 0
    out = capsys.readouterr().out
    assert "https://graph.facebook.com/v" in out and "YOUR_PIXEL_ID" in out


def test_export_bad_pixel_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _write(tmp_path, clean_event())
    assert main(["export", str(path), "--format", "curl", "--pixel", "abc"]) == 2
    assert "pixel ID must be digits" in capsys.readouterr().err
