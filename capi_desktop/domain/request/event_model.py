"""CAPI request/event model: lenient, lossless parsing of JSON text and the exact body Meta expects."""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Iterable, Mapping
from typing import Any, Literal, NamedTuple

Shape = Literal["request", "events", "event"]

EVENT_KEYS = frozenset({"event_name", "event_time", "user_data", "custom_data", "action_source"})
# The token travels separately (query/header); a token pasted into the body never leaves it.
BODY_EXCLUDED_KEYS = frozenset({"access_token"})


class JsonError(NamedTuple):
    """Why text is not usable JSON; line and column are 1-based."""

    message: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column}: {self.message}"


class CapiRequest(NamedTuple):
    """A whole `/events` request body; `body` keeps every key (known or not) in its original order.

    Treat `body` as read-only: helpers return new requests instead of mutating.
    """

    body: dict[str, Any]

    def events(self) -> list[Any]:
        """The `data` entries (any JSON value: lint reports non-objects); [] when absent."""
        data = self.body.get("data")
        return data if isinstance(data, list) else []

    def event(self, index: int) -> Any:
        return self.events()[index]

    @property
    def test_event_code(self) -> str | None:
        code = self.body.get("test_event_code")
        return code if isinstance(code, str) else None

    @property
    def partner_agent(self) -> str | None:
        agent = self.body.get("partner_agent")
        return agent if isinstance(agent, str) else None

    def with_test_event_code(self, code: str | None) -> CapiRequest:
        """Same request with `test_event_code` set (appended last if new) or removed (None/"")."""
        body = dict(self.body)
        if code:
            body["test_event_code"] = code
        else:
            body.pop("test_event_code", None)
        return CapiRequest(body)

    def with_events(self, events: Iterable[Any]) -> CapiRequest:
        body = dict(self.body)
        body["data"] = list(events)
        return CapiRequest(body)

    def with_event(self, index: int, event: Any) -> CapiRequest:
        events = list(self.events())
        events[index] = event
        return self.with_events(events)

    def copy(self) -> CapiRequest:
        """A deep copy, safe to mutate (e.g. in an editor model)."""
        return CapiRequest(copy.deepcopy(self.body))

    def sendable_body(self) -> dict[str, Any]:
        """The body as it goes on the wire: everything except keys that must not be sent in it."""
        return {k: v for k, v in self.body.items() if k not in BODY_EXCLUDED_KEYS}

    def to_json(self, indent: int | None = 2) -> str:
        """Readable JSON of the sendable body (key order and unknown keys kept)."""
        text = json.dumps(self.sendable_body(), indent=indent, ensure_ascii=False, allow_nan=False)
        return text_view_safe(text)


# A Qt text view breaks the line at these (QTextDocument: U+2028 line separator, U+2029 and its
# frame markers U+FDD0/U+FDD1 become block breaks) and gives "\n" back for them, so a string
# holding one came back from the Composer's editor as a raw newline: invalid JSON. json.dumps
# writes them only inside strings, where the \u escape is the same value.
_TEXT_VIEW_BREAKS = re.compile("[\u2028\u2029\ufdd0\ufdd1]")


def text_view_safe(json_text: str) -> str:
    """`json_text` with the characters a text view would break on written as \\u escapes."""
    if _TEXT_VIEW_BREAKS.search(json_text) is None:
        return json_text
    return _TEXT_VIEW_BREAKS.sub(lambda m: f"\\u{ord(m.group()):04x}", json_text)


class ParseResult(NamedTuple):
    """Outcome of `parse_request`: `request` when ok, `error` otherwise."""

    ok: bool
    request: CapiRequest | None
    error: JsonError | None
    shape: Shape | None

    @property
    def has_access_token(self) -> bool:
        return self.request is not None and "access_token" in self.request.body


def _fail(message: str, line: int = 1, column: int = 1) -> ParseResult:
    return ParseResult(False, None, JsonError(message, line, column), None)


def parse_request(text: str) -> ParseResult:
    """Parse a request body, a list of events or one event; lists and events get wrapped in `data`."""
    text = text.removeprefix("\ufeff")
    if not text.strip():
        return _fail("the input is empty: expected a JSON object or array")
    try:
        value = json.loads(text, parse_constant=_reject_constant, parse_float=_finite_float)
    except json.JSONDecodeError as exc:
        return _fail(exc.msg, exc.lineno, exc.colno)
    except _NonFiniteNumber as exc:
        line, column = _position_of(text, exc.token)
        return _fail(
            f"{exc.token} is not a JSON number Meta accepts (finite numbers only)", line, column
        )
    except RecursionError:
        return _fail("the JSON is nested too deeply")
    lone = _lone_surrogate_offset(text, value)
    if lone is not None:
        line, column = _line_column(text, lone)
        return _fail(
            "a \\uD800-\\uDFFF escape without its pair is not valid Unicode; Meta cannot read "
            "it and it cannot be sent as UTF-8 (was a string cut in the middle of an emoji?)",
            line,
            column,
        )
    return from_value(value)


# JSON may escape half of a UTF-16 pair on its own; Python decodes it to a lone surrogate
# that no UTF-8 encoder accepts, so the send would fail late and obscurely.
_ESCAPED_SURROGATE = re.compile(r"\\u[dD][89a-fA-F]")  # cheap prefilter (~0.3 ms per MB)
# A well-formed pair is matched as one unit, so any other match is a lone half.
_SURROGATE_ESCAPE = re.compile(
    r"(?P<pair>\\u[dD][89abAB][0-9a-fA-F]{2}\\u[dD][c-fC-F][0-9a-fA-F]{2})"
    r"|\\u[dD][89a-fA-F][0-9a-fA-F]{2}"
)
_SURROGATE_CHAR = re.compile("[\ud800-\udfff]")


def _lone_surrogate_offset(text: str, value: Any) -> int | None:
    """Offset in `text` of a lone surrogate (raw or escaped) that made it into `value`."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        return exc.start  # a raw one in the text itself
    if not _ESCAPED_SURROGATE.search(text) or not _has_lone_surrogate(value):
        return None  # (an escaped backslash before "ud83d" matches the filter, not the walk)
    lone = next((m for m in _SURROGATE_ESCAPE.finditer(text) if m.group("pair") is None), None)
    return lone.start() if lone else 0


def _has_lone_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if _SURROGATE_CHAR.search(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class _NonFiniteNumber(ValueError):
    def __init__(self, token: str) -> None:
        super().__init__(token)
        self.token = token


def _reject_constant(token: str) -> Any:
    # Python's json accepts NaN/Infinity, which are not JSON and which Meta cannot parse.
    raise _NonFiniteNumber(token)


def _finite_float(token: str) -> float:
    value = float(token)
    if math.isinf(value):
        raise _NonFiniteNumber(token)
    return value


def _position_of(text: str, token: str) -> tuple[int, int]:
    return _line_column(text, max(text.find(token), 0))


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def from_value(value: Any) -> ParseResult:
    """Classify an already-decoded JSON value like `parse_request` does."""
    if isinstance(value, list):
        return ParseResult(True, CapiRequest({"data": value}), None, "events")
    if not isinstance(value, dict):
        kind = type(value).__name__ if value is not None else "null"
        return _fail(f"expected a JSON object or array, got {kind}")
    if "data" in value or not (value.keys() & EVENT_KEYS):
        return ParseResult(True, CapiRequest(value), None, "request")
    return ParseResult(True, CapiRequest({"data": [value]}), None, "event")


def request_from_events(
    events: Iterable[Mapping[str, Any]],
    *,
    test_event_code: str | None = None,
    partner_agent: str | None = None,
) -> CapiRequest:
    body: dict[str, Any] = {"data": [dict(e) for e in events]}
    if test_event_code:
        body["test_event_code"] = test_event_code
    if partner_agent:
        body["partner_agent"] = partner_agent
    return CapiRequest(body)


def serialize_request(request: CapiRequest) -> str:
    """The exact compact JSON body to POST to `/{version}/{pixel}/events` (no access token).

    Raises ValueError for NaN/Infinity, which JSON cannot carry.
    """
    return json.dumps(
        request.sendable_body(), ensure_ascii=False, separators=(",", ":"), allow_nan=False
    )
