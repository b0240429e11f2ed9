"""Issue 18 item 6: the Compare/Audit readers turn hostile pastes into typed, positioned problems."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from capi_desktop.backend.har_reader import HarError, iter_pixel_hits
from capi_desktop.backend.server_log_reader import (
    ServerLogError,
    parse_server_text,
    read_server_events,
)
from capi_desktop.domain.dedup.compare import compare
from capi_desktop.domain.pixel.hit import ParseProblem, PixelHit
from capi_desktop.domain.pixel.request import parse_browser_input

URL = "https://www.facebook.com/tr/?id=1005535387858009&ev=Lead&eid=l-1&ts=1764000000000"


def test_har_nested_too_deep_is_a_har_error_with_position(tmp_path: Path) -> None:
    path = tmp_path / "deep.har"
    path.write_text('{"log": {"entries": [' + "[" * 5000 + "]" * 5000 + "]}}", encoding="utf-8")
    with pytest.raises(HarError, match=r"too deeply.*character \d+"):
        list(iter_pixel_hits(path))


def test_server_log_nested_too_deep_is_a_server_log_error(tmp_path: Path) -> None:
    with pytest.raises(ServerLogError, match="too deeply"):
        parse_server_text("[" * 5000 + "]" * 5000)
    path = tmp_path / "deep.jsonl"
    path.write_text('{"event_name": "Lead"}\n' + '{"a":' * 5000 + "1" + "}" * 5000 + "\n", "utf-8")
    with pytest.raises(ServerLogError, match="line 2"):
        read_server_events(path)


@pytest.mark.parametrize(
    ("paste", "words"),
    [
        ("curl $'" + URL + "\\u12'", "broken escape sequence"),
        ("https://[x/tr?id=1&ev=Lead", "goes to [x, not the Meta Pixel"),
        ("fbq('track', 'Lead', " + "[" * 1000 + "]" * 1000 + ")", "nested more than 200"),
        (f'fetch("{URL}", ' + "{a:" * 1000 + "1" + "}" * 1000 + ")", "nested more than 200"),
        ("[" * 5000 + "]" * 5000, "nested too deeply"),
    ],
)
def test_browser_pastes_give_worded_problems(paste: str, words: str) -> None:
    result = parse_browser_input(paste)
    assert isinstance(result, ParseProblem), result
    assert words in result.text
    for raw in ("truncated \\u", "Invalid IPv6", "maximum recursion"):
        assert raw not in result.text


def test_position_is_given_for_js_problems() -> None:
    result = parse_browser_input("fbq('track', 'Lead', {value: price})")
    assert isinstance(result, ParseProblem) and result.position is not None
    assert f"at character {result.position + 1}" in result.text


def test_huge_db_numbers_do_not_break_the_comparison() -> None:
    hit = parse_browser_input(URL + "&ud[db]=" + "9" * 400)
    assert isinstance(hit, PixelHit)
    event = {"event_name": "Lead", "event_id": "l-1", "event_time": 1764000001,
             "user_data": {"db": "9" * 400, "fbp": "fb.1.1.1"}}  # fmt: skip
    result = compare(hit, event, server_pixel_id="1005535387858009")
    assert result.verdict in ("at_risk", "deduplicated") and result.reason
    assert json.dumps(result.to_json())


def test_hashed_placeholder_in_em_is_flagged() -> None:
    hit = parse_browser_input(URL)
    assert isinstance(hit, PixelHit)
    empty = hashlib.sha256(b"").hexdigest()
    event = {"event_name": "Lead", "event_id": "l-1", "event_time": 1764000001,
             "user_data": {"em": [empty]}}  # fmt: skip
    row = compare(hit, event, server_pixel_id="1005535387858009").row("user_data.em[0]")
    assert row is not None and "empty value" in row.reason
