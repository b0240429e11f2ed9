"""`capi-desktop compare` and `capi-desktop audit`: JSON shape, human output, exit codes, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capi_desktop.cli import main
from tests.unit.backend.har_factory import (
    BASE_TS_MS,
    COOKIE_CANARY,
    PIXEL,
    har_entry,
    other_entry,
    pixel_url,
    server_event,
    write_har,
    write_jsonl,
)

URL = pixel_url("Purchase", "ord-1", BASE_TS_MS, **{"cd[value]": "10", "cd[currency]": "EUR"})


def _server_file(tmp_path: Path, event_id: str = "ord-1", **extra: object) -> Path:
    event = server_event(
        "Purchase",
        event_id,
        BASE_TS_MS // 1000 + 20,
        custom_data={"value": 10, "currency": "EUR"},
        **extra,
    )
    path = tmp_path / "server.json"
    path.write_text(json.dumps({"data": [event]}), encoding="utf-8")
    return path


def _compare_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, object]]:
    pixel = [] if "--pixel" in args else ["--pixel", PIXEL]  # never assumed (issue 12 item 2)
    code = main(["compare", *args, *pixel, "--json"])
    return code, json.loads(capsys.readouterr().out)


def test_compare_url_deduplicated(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _compare_json(
        capsys, "--browser", URL, "--server", str(_server_file(tmp_path)), "--pixel", PIXEL
    )
    assert code == 0 and out["verdict"] == "deduplicated"
    rows = out["rows"]
    assert isinstance(rows, list)
    assert set(rows[0]) == {"field", "browser", "server", "status", "reason"}
    assert {r["field"]: r["status"] for r in rows}["event_id"] == "match"


def test_compare_event_id_case_change_is_double_counted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    server = _server_file(tmp_path, event_id="ORD-1")
    code, out = _compare_json(capsys, "--browser", URL, "--server", str(server))
    assert code == 1 and out["verdict"] == "double_counted"


def test_compare_at_risk_exit_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = _server_file(tmp_path, user_data={"fbp": "fb.1.1763990000000.999"})
    code, out = _compare_json(capsys, "--browser", URL, "--server", str(server))
    assert code == 1 and out["verdict"] == "at_risk"


def test_compare_browser_file_formats(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = str(_server_file(tmp_path))
    curl = tmp_path / "hit.sh"
    curl.write_text(f"curl '{URL}' -H 'cookie: xs={COOKIE_CANARY}'", encoding="utf-8")
    code, out = _compare_json(capsys, "--browser", str(curl), "--server", server)
    assert code == 0 and out["browser_source"] == {"kind": "curl", "origin": None}
    assert COOKIE_CANARY not in json.dumps(out)


def test_compare_browser_inline_command_and_stdin(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    server = str(_server_file(tmp_path))
    inline = f"curl '{URL}' -H 'cookie: xs={COOKIE_CANARY}'"
    code, out = _compare_json(capsys, "--browser", inline, "--server", server)
    assert code == 0 and out["browser_source"] == {"kind": "curl", "origin": None}
    monkeypatch.setattr("sys.stdin", io.StringIO(inline))
    code, out = _compare_json(capsys, "--browser", "-", "--server", server)
    assert code == 0 and out["verdict"] == "deduplicated"
    assert COOKIE_CANARY not in json.dumps(out)


def test_compare_picks_best_hit_from_har(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    entries = [
        har_entry(pixel_url("PageView", "pv", BASE_TS_MS)),
        other_entry(1),
        har_entry(URL),
        har_entry(pixel_url("Purchase", "ord-2", BASE_TS_MS)),
    ]
    har = write_har(tmp_path / "session.har", entries)
    code, out = _compare_json(
        capsys, "--browser", str(har), "--server", str(_server_file(tmp_path))
    )
    assert code == 0 and out["browser_source"] == {"kind": "har", "origin": "HAR entry 3"}


def test_compare_human_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["compare", "--browser", URL, "--server", str(_server_file(tmp_path, "ord-1 "))])
    out = capsys.readouterr().out
    assert code == 1
    assert "event_id" in out and "differs" in out and "Verdict: DOUBLE COUNTED" in out


@pytest.mark.parametrize(
    ("browser", "server_text", "message"),
    [
        ("https://shop.example/x", None, "not the Meta Pixel"),
        ("missing.txt", None, "cannot read missing.txt"),
        (URL, "{nope", "server side: line 1"),
        (URL, '{"data": []}', "no server events"),
    ],
)
def test_compare_unreadable_exit_2(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    browser: str,
    server_text: str | None,
    message: str,
) -> None:
    server = _server_file(tmp_path)
    if server_text is not None:
        server.write_text(server_text, encoding="utf-8")
    code = main(["compare", "--browser", browser, "--server", str(server)])
    captured = capsys.readouterr()
    assert code == 2 and message in captured.err and "Traceback" not in captured.err


def _audit_files(tmp_path: Path) -> tuple[Path, Path]:
    entries = [
        har_entry(pixel_url("Purchase", "a", BASE_TS_MS)),
        other_entry(0),
        har_entry(pixel_url("Purchase", "b", BASE_TS_MS)),
        har_entry(pixel_url("Lead", "c", BASE_TS_MS)),
    ]
    har = write_har(tmp_path / "s.har", entries)
    events = [
        server_event("Purchase", "a", BASE_TS_MS // 1000 + 3),
        server_event("Purchase", "B", BASE_TS_MS // 1000 + 3),
        # another visitor (fbp): nothing pairs it with Lead "c"
        server_event("Lead", "z", BASE_TS_MS // 1000 + 3, user_data={"fbp": "fb.1.1.43"}),
    ]
    return har, write_jsonl(tmp_path / "server.jsonl", events)


def test_audit_json_and_reports(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    har, server = _audit_files(tmp_path)
    code = main(["audit", "--har", str(har), "--server", str(server), "--json", "--pixel", PIXEL])
    summary = json.loads(capsys.readouterr().out)
    assert code == 1
    assert (summary["matched"], summary["double_counted"]) == (1, 1)
    assert (summary["browser_only"], summary["server_only"]) == (1, 1)
    assert summary["dedup_rate"] == 0.25
    for name in ("r.html", "r.md", "r.csv"):
        out = tmp_path / name
        args = ["audit", "--har", str(har), "--server", str(server), "--out", str(out)]
        assert main([*args, "--pixel", PIXEL]) == 1
        text = out.read_text(encoding="utf-8")
        assert ("Double counted" if name != "r.csv" else "double_counted") in text
        assert COOKIE_CANARY not in text
    human = capsys.readouterr().out
    assert "Double counted" in human and "Dedup rate: 25.0%" in human


def test_audit_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    har, server = _audit_files(tmp_path)
    assert main(["audit", "--har", str(har), "--server", str(server), "--out", "r.pdf"]) == 2
    assert "--out must end" in capsys.readouterr().err
    bad = tmp_path / "bad.har"
    bad.write_text('{"log": {}}', encoding="utf-8")
    assert main(["audit", "--har", str(bad), "--server", str(server)]) == 2
    assert "no log.entries" in capsys.readouterr().err
    assert main(["audit", "--har", str(tmp_path / "none.har"), "--server", str(server)]) == 2
    assert "cannot read" in capsys.readouterr().err
