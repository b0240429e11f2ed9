"""One rule each for what history stores of a send and how a failed send is explained."""

from __future__ import annotations

from capi_desktop.backend.error_catalog_store import default_catalog
from capi_desktop.domain.request.delivery import explain_failure
from capi_desktop.domain.request.send_outcome import history_error_text, stored_result


def test_history_stores_a_throttle_as_an_error_that_says_so() -> None:
    assert [stored_result(o) for o in ("accepted", "rejected", "throttled", "error")] == [
        "accepted",
        "rejected",
        "error",
        "error",
    ]
    text = history_error_text("throttled", "Rate limited (#17)")
    assert text == "Throttled by Meta (rate limit), not rejected. Rate limited (#17)"
    assert history_error_text("rejected", "Invalid (#100)") == "Invalid (#100)"


def test_a_graph_answer_is_meta_speaking_a_refused_connection_is_not() -> None:
    entry = default_catalog().lookup(100, 2804003)
    assert entry is not None
    answered = explain_failure(
        entry, title="Ignored", code=100, subcode=2804003, message="too old", answered=True
    )
    assert answered.title == entry.title + " (#100/2804003)"  # the catalogue's title first
    assert answered.lines[0] == "Meta says: too old" and entry.meaning in answered.lines
    assert answered.fixes == entry.fix and answered.doc_url == entry.doc_url
    ours = explain_failure(None, title="Could not reach the Graph API", message="refused")
    assert ours.title == "Could not reach the Graph API" and ours.lines == (
        "What happened: refused",
    )
    assert explain_failure(None).title == "The send failed" and explain_failure(None).fixes == ()


def test_fixes_never_promise_deduplication_for_events_without_event_id() -> None:
    entry = next(
        e for e in default_catalog().entries if any("same event_id" in f.lower() for f in e.fix)
    )
    kept = explain_failure(entry, without_id=0).fixes
    adapted = explain_failure(entry, without_id=2).fixes
    assert any("same event_id" in f.lower() for f in kept)
    assert not any("same event_id" in f.lower() for f in adapted)
    assert any("2 event(s) have no event_id" in f for f in adapted)
