"""Match-key score: ordering, validity, partial credit, next best key, labelled as an estimate."""

from __future__ import annotations

from capi_desktop.domain.match_score import KEY_SPECS, score_event, score_request, summarize
from capi_desktop.domain.request.event_model import CapiRequest
from tests.unit.domain.lint_payloads import clean_event, sha

FULL = {
    "em": [sha("test@example.com")],
    "ph": sha("16505550100"),
    "external_id": "customer-0001",
    "fbp": "fb.1.1790000000000.1234567890",
    "fbc": "fb.1.1790000000000.IwAR0exampleClickId",
    "client_ip_address": "203.0.113.10",
    "client_user_agent": "Mozilla/5.0",
    "ct": sha("menlopark"),
    "zp": sha("94025"),
    "country": sha("us"),
}


def test_everything_valid_scores_100() -> None:
    score = score_event({"user_data": FULL})
    assert score.score == 100
    assert score.next_best is None
    assert score.label == "estimate"
    assert "not Meta's Event Match Quality" in score.disclaimer


def test_nothing_scores_0_and_suggests_email_first() -> None:
    score = score_event({"event_name": "Lead"})
    assert score.score == 0
    assert score.next_best == "em"
    assert score.next_best_label == "Hashed email"


def test_order_follows_the_guide() -> None:
    assert [s.key for s in KEY_SPECS] == [
        "em",
        "ph",
        "external_id",
        "fbp",
        "fbc",
        "ip_ua",
        "address",
    ]
    assert KEY_SPECS[0].low == 18 and KEY_SPECS[0].high == 28
    score = score_event({"user_data": {"em": sha("x")}})
    assert score.present[0].lift_range == "+18–28 %"


def test_unhashed_email_is_present_but_not_valid() -> None:
    score = score_event({"user_data": {"em": "test@example.com"}})
    em = score.present[0]
    assert em.present and not em.valid and "not a SHA-256" in em.note
    assert score.score == 0 and score.next_best == "em"


def test_ip_needs_the_user_agent_too() -> None:
    only_ip = score_event({"user_data": {"em": sha("x"), "client_ip_address": "203.0.113.10"}})
    both = score_event(
        {
            "user_data": {
                "em": sha("x"),
                "client_ip_address": "203.0.113.10",
                "client_user_agent": "UA",
            }
        }
    )
    assert both.score > only_ip.score
    ip_ua = only_ip.present[5]
    assert ip_ua.present and not ip_ua.valid and "client_user_agent" in ip_ua.note


def test_private_ip_does_not_count() -> None:
    score = score_event(
        {"user_data": {"client_ip_address": "192.168.0.2", "client_user_agent": "UA"}}
    )
    assert not score.present[5].valid


def test_address_gets_partial_credit() -> None:
    one = score_event({"user_data": {"ct": sha("menlopark")}})
    three = score_event({"user_data": {"ct": sha("a"), "zp": sha("b"), "country": sha("us")}})
    assert 0 < one.score < three.score


def test_next_best_is_the_first_missing_key_in_order() -> None:
    score = score_event({"user_data": {"em": sha("x"), "external_id": "c1"}})
    assert score.next_best == "ph"


def test_request_scores_and_summary() -> None:
    request = CapiRequest({"data": [clean_event(), {"event_name": "Lead"}, "junk"]})
    scores = score_request(request)
    assert len(scores) == 3 and scores[2].score == 0
    summary = summarize(scores)
    assert summary["label"] == "estimate" and summary["events"] == 3
    assert summary["keys"]["em"] == 33
    assert summarize([])["average"] is None
    assert score_event(clean_event()).to_dict()["keys"][0]["key"] == "em"
