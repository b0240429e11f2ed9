"""A real headless Chromium plays the test shop's journey; the session pairs it live."""

from __future__ import annotations

import json

import pytest

from capi_desktop.backend.emulator import DEFAULT_TOKEN, RunningEmulator
from capi_desktop.backend.relay import RecordingRelay
from capi_desktop.domain.live.export import session_har, session_report
from capi_desktop.domain.live.session import LiveSession, SessionUpdate
from capi_desktop.domain.live.timeline import JOURNEY, checklist, timeline
from tests.live.conftest import find_chromium
from tests.live.support import play_journey

Journey = tuple[LiveSession, list[SessionUpdate], RecordingRelay]


@pytest.fixture(scope="module")
def clean_journey() -> Journey:
    """One clean run shared by the tests that only read it (a browser run costs seconds)."""
    found = find_chromium()
    if found is None:
        pytest.skip("no Chromium-family browser on PATH: apt-get install chromium")
    return play_journey(found)


def test_full_journey_yields_five_clean_pairs_and_starts_the_window(clean_journey: Journey) -> None:
    session, updates, _relay = clean_journey

    assert [p.browser.hit.event_name for p in session.pairs] == list(JOURNEY)
    assert all(p.comparison.verdict == "deduplicated" and p.clean for p in session.pairs)
    methods = {p.browser.hit.event_name: p.browser.hit.method for p in session.pairs}
    assert methods["AddToCart"] == methods["Purchase"] == "POST"  # sendBeacon
    assert methods["InitiateCheckout"] == "POST"  # fetch(keepalive)
    assert methods["PageView"] == "GET"
    assert session.triggers == 1  # the Privacy Sandbox trigger: counted, never paired
    assert not session.warnings
    assert session.status().state == "running"
    assert checklist(session).complete and not checklist(session).gaps
    rows = {r.event_name: r for r in timeline(session)}
    assert all(rows[n].paired == 1 and rows[n].fbp and rows[n].client_context for n in JOURNEY)
    first = session.browser[0]
    assert first.cookies["_fbp"].startswith("fb.1.") and first.page_url.endswith("index.html")
    assert sum(1 for u in updates if u.kind == "pair") == 5


def test_missing_eid_on_add_to_cart_resets_the_window_with_a_dedup_reason(chromium: str) -> None:
    session, _updates, _relay = play_journey(chromium, "no_eid")

    pair = next(p for p in session.pairs if p.browser.hit.event_name == "AddToCart")
    assert pair.method == "fbp fallback"
    # Meta's fbp fallback may pair them, but only when the browser event arrives first
    # (capi.md §5.6 rule 2): at risk, not clean, so the window still resets.
    assert pair.comparison.verdict == "at_risk"
    reset = next(r for r in session.window.resets if r.kind == "dedup")
    assert "AddToCart" in reset.reason and "event_id" in reset.reason


def test_server_purchase_without_fbp_resets_and_shows_the_upstream_gap(chromium: str) -> None:
    session, _updates, _relay = play_journey(chromium, "no_fbp_server")

    resets = [r for r in session.window.resets if r.kind == "missing field"]
    assert any("Purchase" in r.reason and "fbp" in r.reason for r in resets)
    assert "fbp first seen on PageView (browser) but absent on server Purchase" in (
        checklist(session).gaps
    )
    assert session.status().state == "waiting"  # Purchase was the last pair: not clean


def test_wrong_token_forwarded_to_the_emulator_resets_with_a_token_reason(
    chromium: str, emulator: RunningEmulator
) -> None:
    session, _updates, relay = play_journey(
        chromium, "wrong_token", forward=True, graph_url=emulator.url, test_event_code="TEST123"
    )

    resets = [r for r in session.window.resets if r.kind == "token"]
    assert resets and "190" in resets[0].reason
    assert not emulator.received()  # Meta (the emulator) rejected every request
    assert all("wrong-token-999" not in repr(r) for r in relay.records)


def test_session_exports_as_audit_report_and_redacted_har(clean_journey: Journey) -> None:
    session, _updates, _relay = clean_journey

    report = session_report(session, "md")
    assert "Purchase" in report and "Deduplicated" in report
    har = json.dumps(session_har(session))
    fbp = session.browser[0].cookies["_fbp"]
    assert fbp not in har and DEFAULT_TOKEN not in har
    assert "203.0.113.42" not in har and "[ip]" in har
    entries = session_har(session)["log"]["entries"]
    assert len(entries) == 10 + session.triggers  # Pixel requests and relayed requests
