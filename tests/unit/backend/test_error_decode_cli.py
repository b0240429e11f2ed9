"""`capi-desktop decode`: exit codes, text and --json output, stdin, missing files."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from capi_desktop.cli import main
from tests.conftest import SHARED_FIXTURES

F1 = SHARED_FIXTURES / "graph" / "error_100_2804003_en.json"


def test_decode_file_text(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", str(F1)]) == 0
    out = capsys.readouterr().out
    assert "Event timestamp too old" in out and "A6UyEgg_HdoiRX9duxcBOjb" in out
    assert "1. " in out  # numbered fix steps


def test_decode_json_output_keys(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["decode", str(F1), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    for key in ("code", "subcode", "title", "meaning", "fix", "transient", "fbtrace_id", "fields"):
        assert key in data
    assert (data["code"], data["subcode"], data["transient"]) == (100, 2804003, False)
    assert data["fbtrace_id"] == "A6UyEgg_HdoiRX9duxcBOjb" and "data[].event_time" in data["fields"]
    assert isinstance(data["fix"], list) and data["fix"]


def test_decode_without_subcode_gives_null(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["decode", str(SHARED_FIXTURES / "graph" / "error_17_throttled.json"), "--json"]) == 0
    )
    data = json.loads(capsys.readouterr().out)
    assert data["subcode"] is None and data["transient"] is True


def test_decode_success_body_is_readable_but_not_an_error(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["decode", str(SHARED_FIXTURES / "graph" / "success.json")]) == 1
    assert "Success: Meta accepted 1 event\n" in capsys.readouterr().out


def test_decode_stdin(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    fake = io.TextIOWrapper(io.BytesIO(F1.read_bytes()))
    monkeypatch.setattr("sys.stdin", fake)
    assert main(["decode", "-", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["subcode"] == 2804003


def test_readable_but_not_graph_exits_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.html"
    page.write_text("<html><title>502 Bad Gateway</title></html>", encoding="utf-8")
    assert main(["decode", str(page), "--json"]) == 1
    data = json.loads(capsys.readouterr().out)
    assert data["status"] == "not_graph" and data["key"] == "http:5xx-html"


@pytest.mark.parametrize("content", [b"", b"   ", b'{"error":{"mess'])
def test_unreadable_input_exits_two(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: bytes
) -> None:
    path = tmp_path / "body.txt"
    path.write_bytes(content)
    assert main(["decode", str(path)]) == 2
    assert "capi-desktop decode:" in capsys.readouterr().err


def test_missing_file_exits_two_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["decode", str(tmp_path / "nope.json")]) == 2
    err = capsys.readouterr().err
    assert "cannot read" in err and "Traceback" not in err


def test_tokens_in_pasted_logs_are_redacted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    body = json.loads(F1.read_text())
    body["error"]["message"] = "bad call access_token=canary-secret-value-1"
    path = tmp_path / "log.txt"
    path.write_text(json.dumps(body), encoding="utf-8")
    assert main(["decode", str(path)]) == 0
    assert "canary-secret-value-1" not in capsys.readouterr().out


def test_text_output_never_prints_none(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "odd.json"
    path.write_text(
        '{"error":{"code":true,"error_data":"[{\\"event_index\\":1,\\"code\\":2804030}]"}}'
    )
    assert main(["decode", str(path)]) == 0
    out = capsys.readouterr().out
    assert "None" not in out
    assert "Graph API error (no code)" in out and "event 1: code 2804030:" in out
