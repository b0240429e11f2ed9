"""One rule, one place: effective test code, send outcome, shown chunk, labels, plurals, throttles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from capi_desktop.domain.error_catalog.labels import code_label, code_text
from capi_desktop.domain.error_catalog.throttle import is_throttled, wait_seconds, wait_text
from capi_desktop.domain.request.send_outcome import (
    chunk_errors_text,
    classify_outcome,
    effective_test_code,
    failing_chunks,
    shown_chunk,
)
from capi_desktop.domain.wording import plural


@pytest.mark.parametrize(
    ("field", "body", "profile", "code", "source"),
    [
        ("", {"test_event_code": "TEST1"}, None, "TEST1", "body"),
        ("  ", {"test_event_code": " TEST1 "}, None, "TEST1", "body"),
        ("TEST2", {"test_event_code": "TEST1"}, None, "TEST2", "field"),
        ("", {}, "TEST3", "TEST3", "profile"),
        ("", {"test_event_code": "TEST1"}, "TEST3", "TEST1", "body"),
        ("", {"test_event_code": ""}, None, None, "none"),
        ("", {"test_event_code": 12345}, None, None, "none"),  # not a string: Meta ignores it
        (None, None, None, None, "none"),
    ],
)
def test_effective_test_code(
    field: str | None, body: dict[str, object] | None, profile: str | None, code: str | None,
    source: str,
) -> None:  # fmt: skip
    test = effective_test_code(field, body, profile)
    assert (test.code, test.source, test.live) == (code, source, code is None)


@pytest.mark.parametrize(
    ("ok", "category", "status", "throttled", "outcome"),
    [
        (True, "", 200, False, "accepted"),
        (False, "payload", 400, False, "rejected"),
        (False, "throttle", 400, False, "throttled"),
        (False, "unknown", 429, True, "throttled"),
        (False, "token", 400, False, "error"),
        (False, "network", None, False, "error"),
        (False, "server", 500, False, "error"),
        (False, "unknown", 400, False, "rejected"),
    ],
)
def test_classify_outcome(
    ok: bool, category: str, status: int | None, throttled: bool, outcome: str
) -> None:
    assert classify_outcome(ok, category=category, http_status=status, throttled=throttled) == (
        outcome
    )


@dataclass
class _Chunk:
    ok: bool
    name: str


def test_shown_chunk_is_the_first_failing_one() -> None:
    chunks = [_Chunk(True, "a"), _Chunk(False, "b"), _Chunk(False, "c")]
    assert shown_chunk(chunks) is chunks[1]
    assert shown_chunk([_Chunk(True, "a")]).name == "a"  # type: ignore[union-attr]
    assert shown_chunk([]) is None
    assert [i for i, _ in failing_chunks(chunks)] == [1, 2]


def test_chunk_errors_text_lists_every_failure() -> None:
    assert chunk_errors_text([(0, "Bad (#100)")], 1) == "Bad (#100)"
    text = chunk_errors_text([(1, "A"), (2, "B")], 3)
    assert text.splitlines() == [
        "2 requests of 3 failed:",
        "request 2 of 3: A",
        "request 3 of 3: B",
    ]
    assert chunk_errors_text([], 3) == ""


def test_code_labels() -> None:
    assert code_label(100, 2804003) == " (#100/2804003)"
    assert code_label(190, None) == " (#190)"
    assert code_label(190, 0) == " (#190)"
    assert code_label(None, 5) == ""
    assert code_text(100, 33) == "100/33" and code_text(None, None) == "(no code)"


@pytest.mark.parametrize(
    ("count", "word", "text"),
    [(0, "error", "0 errors"), (1, "error", "1 error"), (2, "match", "2 matches"),
     (1, "entry", "1 entry"), (3, "entry", "3 entries"), (1200, "event", "1,200 events")],
)  # fmt: skip
def test_plural(count: int, word: str, text: str) -> None:
    assert plural(count, word) == text


@pytest.mark.parametrize(
    ("code", "subcode", "status", "expected"),
    [
        (4, None, 400, True),
        (17, 2446079, 400, True),
        (32, None, 400, True),
        (613, 1487742, 400, True),
        (80004, 2446079, 400, True),
        (80014, None, 400, True),
        (None, None, 429, True),
        (100, 2804003, 400, False),
        (190, 463, 400, False),
        (None, None, 500, False),
    ],
)
def test_throttle_in_every_form(
    code: int | None, subcode: int | None, status: int, expected: bool
) -> None:
    assert is_throttled(code, subcode, status) is expected


def test_wait_from_usage_headers() -> None:
    buc = '{"1234567890": [{"type": "ads_management", "call_count": 98, "total_cputime": 20,' \
        ' "total_time": 30, "estimated_time_to_regain_access": 7}]}'  # fmt: skip
    assert wait_seconds({"X-Business-Use-Case-Usage": buc}) == 420
    app = '{"call_count": 100, "estimated_time_to_regain_access": 2}'
    assert wait_seconds({"x-app-usage": app, "retry-after": "30"}) == 120
    assert wait_seconds({"x-ad-account-usage": '{"acc_id_util_pct": 9.67}'}) is None
    assert wait_seconds({"retry-after": "45"}) == 45
    assert wait_seconds({"x-app-usage": "not json {"}) is None
    assert wait_seconds(None) is None
    assert wait_text(420) == "Meta asks to wait about 7 minutes."
    assert wait_text(60) == "Meta asks to wait about 60 seconds."
    assert wait_text(None) == ""
