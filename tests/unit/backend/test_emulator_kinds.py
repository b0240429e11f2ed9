"""Every kind's valid and invalid payloads (tests/unit/domain/kind_payloads.py) sent over HTTP to
the emulator: Meta-shaped 200 or 400 with the code lint predicts; server-only audit wording."""

from __future__ import annotations

import time
from collections.abc import Iterator

import pytest

from capi_desktop.backend.emulator import RunningEmulator, start_emulator
from capi_desktop.domain.audit.har_audit import ServerEvent, audit_events
from tests.unit.backend.test_emulator_server import PIXEL, TOKEN, call
from tests.unit.domain.kind_payloads import INVALID, VALID, build


@pytest.fixture(scope="module")
def server() -> Iterator[RunningEmulator]:
    running = start_emulator(tokens=[TOKEN], pixels=[PIXEL])
    try:
        yield running
    finally:
        running.stop()


def test_every_valid_payload_is_accepted(server: RunningEmulator) -> None:
    now = int(time.time())
    for kind, cases in VALID.items():
        for label, edits in cases:
            status, body = call(
                server, f"/v26.0/{PIXEL}/events", {"data": [build(kind, now, *edits)]}
            )
            assert (status, body.get("events_received")) == (200, 1), (kind, label, body)


def test_every_invalid_payload_gets_the_predicted_answer(server: RunningEmulator) -> None:
    now = int(time.time())
    wrong = []
    for kind, cases in INVALID.items():
        for label, edits, _rule, code in cases:
            status, body = call(
                server, f"/v26.0/{PIXEL}/events", {"data": [build(kind, now, *edits)]}
            )
            if code is None:
                if status != 200:
                    wrong.append((kind, label, body))
            elif (status, body["error"]["code"]) != (400, code) or not (
                body["error"]["fbtrace_id"] and body["error"].get("error_user_msg")
            ):
                wrong.append((kind, label, body))
    assert wrong == []


def test_audit_says_server_only_is_expected_for_kinds_without_a_browser_copy() -> None:
    now = int(time.time())
    events = [ServerEvent(build(k, now), PIXEL, f"log {k}") for k in ("crm", "app", "website")]
    report = audit_events([], events, default_pixel_id=PIXEL)
    reasons = {row.server_origin: row.reason for row in report.rows}
    assert "lead_id" in reasons["log crm"] and "expected" in reasons["log crm"]
    assert "app SDK" in reasons["log app"]
    assert "blocked pixel" in reasons["log website"]
