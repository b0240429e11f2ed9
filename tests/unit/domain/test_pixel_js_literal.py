"""The lenient JavaScript literal reader used for fbq(...) and fetch(...) pastes."""

from __future__ import annotations

import pytest

from capi_desktop.domain.pixel.js_literal import JsReader, JsSyntaxError, parse_js_value


def test_lenient_object() -> None:
    text = """{a: 1, 'b': "two", "c": [1, 2.5, -3e2,], d: {e: true, f: null, g: undefined},
    /* block */ h: `tmpl`, // line
    'i\\'s': '\\u00e9\\n', 12: 'num key',}"""
    assert parse_js_value(text) == {
        "a": 1,
        "b": "two",
        "c": [1, 2.5, -300.0],
        "d": {"e": True, "f": None, "g": None},
        "h": "tmpl",
        "i's": "é\n",
        "12": "num key",
    }


def test_arguments() -> None:
    reader = JsReader("('track', 'Lead', {}, {eventID: 'x'}) rest")
    assert reader.arguments() == ["track", "Lead", {}, {"eventID": "x"}]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{a: 1", "expected ',' or '}'"),
        ("'abc", "unterminated string"),
        ("{a: b}", "variable"),
        ("`x ${y}`", "template literal"),
        ("[1 2]", "expected ',' or ']'"),
        ("1 2", "unexpected text"),
    ],
)
def test_errors(text: str, message: str) -> None:
    with pytest.raises(JsSyntaxError, match=message):
        parse_js_value(text)
