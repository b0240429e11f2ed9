"""Code, subcode, type, trace id and message from error text that is not JSON (SDK logs, dumps).

Every form seen in public pastes: JSON cut off or missing its first brace, PHP `=>` dumps, JS and
Go object prints, Android `{HttpStatus: 400, errorCode: 100, subErrorCode: 33, ...}`, iOS
`UserInfo={error_msg=..., error_code=1}`, restfb `(code 12, subcode null)`, "(#100) ..." texts,
koala `type: OAuthException, code: 2500, ..., x-fb-trace-id: ...`, `2500 - OAuthException`.
"""

from __future__ import annotations

import re
from typing import Any

from capi_desktop.domain.error_catalog.error_data import EMPTY_WORDS

SNIFF_CHARS = 256_000

_Q = r"""\\*["']?"""  # optional (escaped) quote around a key or value
_SEP = r"\s*(?:=>|[:=])\s*"
_INT = r"(-?\d{1,9})(?=[^\d.])"  # a number cut off at the end of the text is not trusted


def _keyed(names: str, value: str, flags: int = 0) -> re.Pattern[str]:
    return re.compile(r"(?<![A-Za-z_-])(?:" + names + r")" + _Q + _SEP + _Q + value, flags)


# First match wins, most specific form first.
_CODES = (
    _keyed(r"@?code", _INT),  # JSON, Python, JS, Go, PHP dumps, Crystal @code=
    _keyed(r"error_code|errorCode|facebookErrorCode", _INT, re.IGNORECASE),
    re.compile(r"\(#(\d{1,9})\)"),  # "(#100) Invalid parameter"
    re.compile(r"\(\s*[A-Za-z]*Exception\s*-\s*#(\d{1,9})\)"),  # "(OAuthException - #2500)"
    re.compile(r"\(code:?\s*(-?\d{1,9})\b", re.IGNORECASE),  # restfb / PHP "(code: 2500)"
    re.compile(r"\b(\d{1,9})\s*-?\s*(?:OAuth|GraphMethod)Exception\b"),  # "2500 - OAuthException"
    re.compile(r"\bOAuthException:(\d{1,9}):"),
)
_SUBCODES = (_keyed(r"error_subcode|subErrorCode|error_sub_code|subcode", _INT, re.IGNORECASE),)
_TRACES = (
    _keyed(
        r"fbtrace_id|x-fb-trace-id",
        r"([A-Za-z0-9_\-+/=]{4,64})(?=[^A-Za-z0-9_\-+/=]|$)",
        re.IGNORECASE,
    ),
)
_TYPES = (
    _keyed(r"type|errorType|facebookErrorType|@type", r"([A-Za-z]*Exception)\b"),
    re.compile(r"\bof type ([A-Za-z]*Exception)\b"),
    re.compile(r"\(([A-Za-z]*Exception)\s*-\s*#\d"),
    re.compile(
        r"(?<![A-Za-z])(OAuthException|GraphMethodException|OAuthAccessTokenException"
        r"|GraphBatchException|IGApiException)\b"
    ),
)
_MESSAGES = (
    re.compile(
        r"(?<![A-Za-z_])(?:message|error_msg|error_message|errorMessage|@message)"
        + _Q
        + _SEP
        + r"\\*([\"'])(.{0,500}?)(?<!\\)\\*\1",  # '' is an empty message, not a span
    ),
    re.compile(r"\berrorMessage:\s*([^}\n]{1,500})"),  # Android: up to the closing brace
    re.compile(r"\b(?:error_msg|error_message)=([^,}\n]{1,500})"),  # iOS UserInfo
    # "(#100) ..." and "(X - #2500) ...", up to the quote that closes a quoted message
    re.compile(r"#\d{1,9}\)\s*([^\n\"\\]{1,500}?)(?='\s+(?:in|at)\b|'\)|'$|\"|\\|\n|$)"),
    re.compile(r"\(code:?\s*-?\d{1,9}\):\s*([^\n]{1,300}?)(?=\s+Error Cause|\s+at\s|\n|$)"),
    re.compile(r"(?<![A-Za-z_])message:\s*([^,\n\]]{1,300}?)(?=,| type:| code:|\]|$)"),
)
_USER_TITLE = re.compile(r"error_user_title" + _Q + r"\s*:\s*\\*\"([^\"\\]{1,300})\\*\"")
_TRANSIENT = _keyed(r"is_transient|isTransient", r"(true|false)\b", re.IGNORECASE)
_MARKERS = (
    "fbtrace_id",
    "x-fb-trace-id",
    "oauthexception",
    "graphmethodexception",
    "error_subcode",
    "suberrorcode",
    "errorcode",
    "error_code",
    "facebook",
    "oauth",
    "(code ",
    '"error"',
    "'error'",
)
_EMPTY = EMPTY_WORDS
_HASH_CODE = re.compile(r"\(#\d{1,9}\)")
_STATUS_BEFORE = re.compile(r"(?:status|http)[\s_-]*$", re.IGNORECASE)


def looks_like_graph_text(head: str) -> bool:
    lowered = head.lower()
    return any(marker in lowered for marker in _MARKERS) or bool(_HASH_CODE.search(head))


def _first_code(head: str) -> int | None:
    for pattern in _CODES:
        for match in pattern.finditer(head):
            # "status code: 400" / "http_code => 400" is the HTTP status, not Meta's code.
            if _STATUS_BEFORE.search(head[max(0, match.start() - 12) : match.start()]):
                continue
            if int(match.group(1)) == 0:
                continue  # no Graph error has code 0: some other "code" in the text
            return int(match.group(1))
    return None


def _first(patterns: tuple[re.Pattern[str], ...], head: str) -> str | None:
    for pattern in patterns:
        match = pattern.search(head)
        if match:
            return match.group(match.lastindex or 1)
    return None


def fragment_fields(text: str) -> dict[str, Any]:
    """Best-effort Graph error fields from text that is not (whole) JSON; {} when none."""
    head = text[:SNIFF_CHARS]
    if not looks_like_graph_text(head):
        return {}
    found: dict[str, Any] = {}
    code = _first_code(head)
    if code is not None:
        found["code"] = code
    subcode = _first(_SUBCODES, head)
    if subcode is not None:
        found["error_subcode"] = int(subcode)
    for name, patterns in (("fbtrace_id", _TRACES), ("type", _TYPES), ("message", _MESSAGES)):
        value = (_first(patterns, head) or "").strip().rstrip(",;}").strip()
        if value and value.lower() not in _EMPTY:
            found[name] = value
    title = _USER_TITLE.search(head)
    if title:
        found["error_user_title"] = title.group(1)
    transient = _TRANSIENT.search(head)
    if transient:
        found["is_transient"] = transient.group(1).lower() == "true"
    return found
