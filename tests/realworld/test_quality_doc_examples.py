"""Meta's own Dataset Quality API examples (tests/fixtures/realworld/quality) through the parser,
the diagnostic links and the `quality` CLI against a local server that answers with them."""

from __future__ import annotations

import json
import logging
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

import pytest

from capi_desktop.cli import main
from capi_desktop.domain.quality.links import diagnostic_link
from capi_desktop.domain.quality.models import parse_dataset_quality

HERE = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "quality"


def load(name: str) -> Any:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def test_every_fixture_is_listed_in_sources() -> None:
    listed = (HERE / "SOURCES.md").read_text(encoding="utf-8")
    for path in HERE.glob("*.json"):
        assert f"| {path.name} |" in listed


def test_emq_and_match_keys() -> None:
    quality = parse_dataset_quality(load("dq_emq_match_keys.json"))
    scores = {e.event_name: e.composite_score for e in quality.events}
    assert scores == {"pLTVPurchase": 6.2, "CompleteRegistration": 7.2}
    keys = {m.identifier: m.coverage_pct for m in quality.events[1].match_keys}
    assert keys == {"email": 100, "ip_address": 99.9}


def test_diagnostics_keep_meta_text_and_link_to_ip_field() -> None:
    event = parse_dataset_quality(load("dq_diagnostics.json")).events[0]
    first, second = event.diagnostics
    assert first.affected_event_count == 18930 and first.total_event_count == 31830
    assert first.percentage == 59.5 and "IPv6" in first.solution
    for diagnostic in (first, second):
        link = diagnostic_link(diagnostic)
        assert link is not None and link.path == "data[0].user_data.client_ip_address"
        assert link.rule_id == "user_data.invalid_ip"


def test_dedupe_feedback_is_percentages() -> None:
    event = parse_dataset_quality(load("dq_dedupe_key_feedback.json")).events[0]
    rows = {
        d.dedupe_key: (d.browser_pct, d.server_pct, d.browser_coverage_pct) for d in event.dedupe
    }
    assert rows == {
        "event_id": (100, 100, 14.8),
        "external_id": (100, 100, 15.96),
        "fbp": (0, 0, 0),
    }
    assert event.dedupe[0].extra == {}


def test_coverage_freshness_and_acr() -> None:
    coverage = parse_dataset_quality(load("dq_event_coverage.json")).events[0]
    assert (coverage.coverage_pct, coverage.coverage_goal_pct) == (34.1, 75)
    assert "unique browser events" in coverage.coverage_text
    fresh = {
        e.event_name: e.upload_frequency
        for e in parse_dataset_quality(load("dq_data_freshness.json")).events
    }
    assert fresh == {"ViewContent": "real_time", "Lead": "hourly"}
    acr = parse_dataset_quality(load("dq_acr.json")).events[0]
    assert acr.acr_pct == 37.9 and "37.9% more conversions" in acr.acr_text
    potential = parse_dataset_quality(load("dq_event_potential_acr.json")).events
    assert [e.potential_acr_pct for e in potential] == [32.9, 30.1]


class _Meta(BaseHTTPRequestHandler):
    body: bytes = b"{}"
    seen: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        self.seen.append(self.path)
        raw = self.body if "dataset_quality" in self.path else b'{"data": []}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(raw)))
        self.end_headers()
        self.wfile.write(raw)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def meta_like() -> Iterator[str]:
    _Meta.body = (HERE / "dq_diagnostics.json").read_bytes()
    _Meta.seen = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Meta)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_capi_desktop", False):
            root.removeHandler(handler)
            handler.close()


def test_cli_reads_meta_example_without_agent_filter(
    meta_like: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPI_TOKEN", "look-alike-token-for-tests")
    argv = [
        "quality",
        "--pixel",
        "1234567890",
        "--token-env",
        "CAPI_TOKEN",
        "--graph-url",
        meta_like,
    ]
    assert main([*argv, "--json", "--no-store"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["events"][0]["diagnostics"] == [
        "Update your IPv4 IP addresses to IPv6 IP addresses",
        "Server sending mismatched IP addresses",
    ]
    request = next(p for p in _Meta.seen if "dataset_quality" in p)
    assert "agent_name" not in request  # all events count unless the user filters
    assert "dedupe_key_feedback" in request
