"""Fuzz the Compare/Audit parsers with what people paste: no uncaught exception, bounded time.

Profiles (tests/faults/conftest.py): `ci` keeps make test quick, `faults` is the long run."""

from __future__ import annotations

import json
import tempfile
import time
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from capi_desktop.backend.har_reader import HarError, iter_pixel_hits
from capi_desktop.backend.server_log_reader import ServerLogError, parse_server_text
from capi_desktop.domain.dedup.compare import compare as _compare
from capi_desktop.domain.pixel.hit import ParseProblem, PixelHit
from capi_desktop.domain.pixel.js_literal import JsSyntaxError, parse_js_value
from capi_desktop.domain.pixel.request import parse_browser_input
from capi_desktop.domain.pixel.url_text import find_pixel_url

LIMIT_S = 2.0  # one paste, on a loaded 2-core machine
PIXEL = "https://www.facebook.com/tr/?id=1005535387858009&ev=Purchase"
PIECES = st.sampled_from(
    ["&", "&amp;", "=", " ", "\n", "\t", '"', "'", "`", "\\", "\\u", "\\u12", "%", "%E2%8", "[",
     "]", "{", "}", "(", ")", "$'", "${x}", "{{Event ID}}", "…", "..", "+", "https://[x",
     "facebook.com/tr?", "facebook.com\\/tr\\/?", "eid=", "cd[value]=", "cd[contents]=",
     "ud[em]=", "fbp=fb.1.1.1", "ts=1764000000000", "id=", "ev=Lead", "curl ", "fetch(",
     "fbq(", "fbq('track', 'Lead', ", "fbq('init', '", "-H 'a: b'", "--data-raw ", "^\"",
     "\u200b", "\ufeff", "😀", "9" * 400, "1e999", "NaN"]
)  # fmt: skip
PASTE = st.lists(st.one_of(PIECES, st.text(max_size=20)), max_size=40).map("".join)


def _nested(depth: int, opener: str, closer: str) -> str:
    return opener * depth + closer * depth


NESTED = st.builds(
    lambda depth, kind: {
        "json": _nested(depth, "[", "]"),
        "object": '{"a":' * depth + "1" + "}" * depth,
        "fetch": f'fetch("{PIXEL}", ' + _nested(depth, "{a:", "}").replace("}", "1}", 1) + ")",
        "fbq": "fbq('track', 'Lead', " + _nested(depth, "[", "]") + ")",
        "cd": f"{PIXEL}&cd[contents]=" + _nested(depth, "[", "]"),
        "curl": f"curl $'{PIXEL}&cd[x]=" + "\\u" * depth + "'",
    }[kind],
    st.integers(min_value=1, max_value=3000),
    st.sampled_from(["json", "object", "fetch", "fbq", "cd", "curl"]),
)
SERVER = {"event_name": "Purchase", "event_id": "x", "event_time": 1764000000,
          "user_data": {"fbp": "fb.1.1.1", "db": "9" * 400}}  # fmt: skip


def _timed(call, *args):  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    result = call(*args)
    assert time.perf_counter() - started < LIMIT_S
    return result


def _check_browser(text: str) -> None:
    result = _timed(parse_browser_input, text)
    assert isinstance(result, PixelHit | ParseProblem)
    if isinstance(result, ParseProblem):
        assert result.text and "Traceback" not in result.text
        return
    comparison = _timed(compare, result, SERVER, None)
    assert comparison.verdict and comparison.reason


def compare(hit: PixelHit, event: dict, pixel: str | None):  # type: ignore[no-untyped-def,type-arg]
    return _compare(hit, event, server_pixel_id=pixel)


@given(PASTE)
def test_browser_paste_never_raises(text: str) -> None:
    _check_browser(text)


@given(PASTE.map(lambda t: PIXEL + t))
def test_pixel_url_with_any_tail_never_raises(text: str) -> None:
    _check_browser(text)
    found = _timed(find_pixel_url, "see " + text + " thanks")
    assert found is not None and found.url.startswith("https://")


@given(NESTED)
def test_deep_nesting_is_a_typed_problem(text: str) -> None:
    _check_browser(text)


@given(PASTE)
def test_js_literal_reader_raises_only_its_own_error(text: str) -> None:
    try:
        _timed(parse_js_value, text)
    except JsSyntaxError as exc:
        assert 0 <= exc.pos <= len(text)


@given(st.one_of(PASTE, NESTED, st.builds(json.dumps, st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
    lambda kids: st.lists(kids, max_size=4) | st.dictionaries(st.text(max_size=6), kids, max_size=4),
    max_leaves=30))))  # fmt: skip
def test_server_text_raises_only_server_log_error(text: str) -> None:
    try:
        _timed(parse_server_text, text)
    except ServerLogError as exc:
        assert str(exc)


@given(st.one_of(PASTE, NESTED))
def test_har_reader_raises_only_har_error(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "x.har"
        wrapped = '{"log": {"entries": [{"request": {"url": ' + json.dumps(PIXEL) + "}}, " + text
        path.write_text(wrapped, encoding="utf-8")
        try:
            _timed(lambda: list(iter_pixel_hits(path)))
        except HarError as exc:
            assert "character" in str(exc) or str(exc)
