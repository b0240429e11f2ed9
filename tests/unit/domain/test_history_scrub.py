"""What history keeps of a request: hashes only (normalized SHA-256 or a marker), never a token."""

from __future__ import annotations

import hashlib

from capi_desktop.domain.request.scrub import (
    RAW_MARKER,
    event_names,
    hash_for_storage,
    scrub_request,
    strip_secrets,
)

PH_DOC_HASH = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176"  # capi.md §3.1


def _body(user: dict[str, object]) -> dict[str, object]:
    return {"data": [{"event_name": "Lead", "user_data": user}], "access_token": "canary-1"}


def test_raw_values_become_normalized_hashes() -> None:
    body = _body({"em": ["Someone@Example.com "], "ph": "+1 (650) 555-1212", "fn": "Mary",
                  "client_ip_address": "192.0.2.1", "fbp": "fb.1.1700000000000.1"})  # fmt: skip
    user = scrub_request(body)["data"][0]["user_data"]
    assert user["em"] == [hashlib.sha256(b"someone@example.com").hexdigest()]
    assert user["ph"] == PH_DOC_HASH
    assert user["fn"] == hashlib.sha256(b"mary").hexdigest()
    assert user["client_ip_address"] == "192.0.2.1"  # never-hashed keys are kept as sent
    assert user["fbp"] == "fb.1.1700000000000.1"


def test_hashes_pass_and_unusable_values_get_the_marker() -> None:
    sha = "a" * 64
    pb = "b" * 64 + ".AQIAAQMC"  # parameter-builder hash with appendix
    user = scrub_request(_body({"em": [sha, pb], "ct": "???", "db": "not a date"}))["data"][0][
        "user_data"
    ]
    assert user["em"] == [sha, pb]
    assert user["ct"] == RAW_MARKER and user["db"] == RAW_MARKER


def test_without_a_normalizer_raw_values_are_never_kept() -> None:
    user = scrub_request(_body({"em": "x@example.com"}), normalizer=None)["data"][0]["user_data"]
    assert user["em"] == RAW_MARKER
    assert hash_for_storage("em", "c" * 64, None) == "c" * 64


def test_secrets_removed_at_any_depth_and_input_untouched() -> None:
    body = _body({"em": "x@example.com"})
    body["nested"] = [{"access_token": "canary-2", "appsecret_proof": "abc", "keep": 1}]
    cleaned = scrub_request(body)
    assert "access_token" not in cleaned
    assert cleaned["nested"] == [{"keep": 1}]
    assert body["access_token"] == "canary-1"  # the caller's body is not modified
    assert strip_secrets([{"access_token": "t"}]) == [{}]


def test_event_shapes() -> None:
    assert event_names({"data": [{"event_name": "A"}, {"event_name": "B"}]}) == ("A", "B")
    assert event_names([{"event_name": "C"}]) == ("C",)
    assert event_names({"event_name": "D"}) == ("D",)
    assert event_names("nope") == ()
    single = scrub_request({"event_name": "E", "user_data": {"em": "e@example.com"}})
    assert len(single["user_data"]["em"]) == 64
    assert scrub_request("text") == "text"
