"""`capi-desktop session` drives Debian chromium through the test shop and prints JSON lines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from capi_desktop.backend.relay import RecordingRelay
from capi_desktop.cli import main
from tests.live.shop_server import ShopServer


def _free_port() -> int:
    with RecordingRelay() as probe:  # a port the OS just handed out and released
        return probe.port


def test_headless_cli_session_prints_five_pairs_and_writes_exports(
    chromium: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    port = _free_port()
    shop = ShopServer(f"http://127.0.0.1:{port}")
    har, report = tmp_path / "session.har", tmp_path / "report.md"
    try:
        code = main(
            ["session", "--relay-port", str(port), "--browser", chromium, "--url",
             f"{shop.url}/index.html", "--headless", "--block-pixel", "--until-pairs", "5",
             "--duration", "30", "--har", str(har), "--report", str(report)]
        )  # fmt: skip
    finally:
        shop.stop()
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    pairs = [line for line in lines if line["type"] == "pair"]
    assert [p["event_name"] for p in pairs] == [
        "PageView", "ViewContent", "AddToCart", "InitiateCheckout", "Purchase"
    ]  # fmt: skip
    assert all(p["verdict"] == "deduplicated" for p in pairs)
    assert lines[0]["type"] == "relay" and lines[0]["url"] == f"http://127.0.0.1:{port}"
    summary = lines[-1]
    assert summary["type"] == "summary" and summary["journey_complete"] and code == 0
    assert summary["window"] == "running"
    assert "Purchase" in report.read_text(encoding="utf-8")
    entries = json.loads(har.read_text(encoding="utf-8"))["log"]["entries"]
    assert sum("/tr/" in e["request"]["url"] for e in entries) == 5


def test_cli_session_refuses_a_missing_browser(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["session", "--browser", "/nonexistent/chrome", "--url", "http://127.0.0.1:9/"])
    assert code == 2
    assert "no browser at /nonexistent/chrome" in capsys.readouterr().err
