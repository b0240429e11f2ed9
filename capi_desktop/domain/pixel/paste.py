"""Pull URL, method and body out of DevTools "Copy as cURL/fetch" text and fbq(...) calls."""

from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.pixel.js_literal import JsReader, JsSyntaxError


@dataclass(frozen=True)
class CopiedRequest:
    """The parts of a copied request the Pixel decoder needs; headers and cookies are dropped."""

    url: str
    method: str
    body: str | None
    content_type: str | None


@dataclass(frozen=True)
class FbqCall:
    """One `fbq('track' | 'trackCustom' | 'trackSingle' ...)` call plus what `fbq('init')` said."""

    event_name: str
    custom_data: dict[str, Any]
    options: dict[str, Any]
    pixel_id: str | None
    user_data: dict[str, Any]
    warnings: tuple[str, ...]


class PasteError(ValueError):
    """The text looks like a known format but cannot be read; the message is safe to show."""

    def __init__(self, message: str, position: int | None = None) -> None:
        super().__init__(message)
        self.position = position


_DATA_FLAGS = {"-d", "--data", "--data-raw", "--data-binary", "--data-ascii", "--data-urlencode"}
# Flags whose next argument is consumed and discarded (headers hold cookies: never kept).
_SKIP_ARG = {"-H", "--header", "-b", "--cookie", "-u", "--user", "-A", "--user-agent", "-e"}
_SKIP_ARG |= {"--referer", "-o", "--output", "--connect-timeout", "-m", "--max-time"}


def _cmd_unescape(text: str) -> list[str]:
    """Split Chrome's cmd.exe flavour: `^"..^"` arguments with caret escapes (MS CRT rules)."""
    text = re.sub(r"\^\r?\n\r?\n?", " ", text)
    args: list[str] = []
    i = 0
    while i < len(text):
        if text[i].isspace():
            i += 1
            continue
        quoted = text.startswith('^"', i)
        i += 2 if quoted else 0
        chars: list[str] = []
        while i < len(text):
            ch = text[i]
            if quoted and text.startswith('^"', i):
                backslashes = len(chars) - len("".join(chars).rstrip("\\"))
                if backslashes % 2 == 0:
                    i += 2
                    break
            if not quoted and ch.isspace():
                break
            if ch == "^" and i + 1 < len(text):
                chars.append(text[i + 1])
                i += 2
                continue
            chars.append(ch)
            i += 1
        # Chrome doubled backslashes and escaped quotes for the CRT parser: undo both.
        args.append(re.sub(r"\\([\\\"])", r"\1", "".join(chars)))
    return args


def _curl_args(text: str) -> list[str]:
    if '^"' in text:
        return _cmd_unescape(text)
    joined = re.sub(r"\\\r?\n", " ", text)
    joined = re.sub(r"\^\r?\n", " ", joined)  # cmd flavour without quoting
    # $'..' is bash ANSI-C quoting that Chrome uses when a body has special characters.
    joined = re.sub(r"\$'((?:[^'\\]|\\.)*)'", lambda m: shlex.quote(_ansi_c(m)), joined)
    try:
        return shlex.split(joined)
    except ValueError as exc:
        raise PasteError(f"the cURL command is cut off or badly quoted ({exc})") from None


def _ansi_c(match: re.Match[str]) -> str:
    body = match.group(1)
    try:
        return body.encode("latin-1", "backslashreplace").decode("unicode_escape")
    except UnicodeDecodeError as exc:  # "truncated \uXXXX escape"
        position = match.start(1) + exc.start
        raise PasteError(
            f"the cURL command has a broken escape sequence “{body[exc.start : exc.start + 6]}”",
            position,
        ) from None


def parse_curl(text: str) -> CopiedRequest:
    """Read a bash or cmd "Copy as cURL" command; headers and cookies are discarded."""
    args = _curl_args(text.strip())
    if not args or args[0].lower() not in ("curl", "curl.exe"):
        raise PasteError("this is not a cURL command")
    url: str | None = None
    method: str | None = None
    body_parts: list[str] = []
    content_type: str | None = None
    i = 1
    while i < len(args):
        arg = args[i]
        nxt = args[i + 1] if i + 1 < len(args) else ""
        if arg in _DATA_FLAGS:
            body_parts.append(nxt)
            i += 2
            continue
        if arg in ("-X", "--request"):
            method = nxt.upper()
            i += 2
            continue
        if arg in ("-H", "--header") and nxt.lower().startswith("content-type:"):
            content_type = nxt.split(":", 1)[1].strip()
        if arg in _SKIP_ARG:
            i += 2
            continue
        if arg == "--url" or (not arg.startswith("-") and url is None):
            url = nxt if arg == "--url" else arg
            i += 2 if arg == "--url" else 1
            continue
        i += 1
    if url is None:
        raise PasteError("the cURL command has no URL")
    body = "&".join(body_parts) if body_parts else None
    return CopiedRequest(url, method or ("POST" if body else "GET"), body, content_type)


def parse_fetch(text: str) -> CopiedRequest:
    """Read "Copy as fetch" / "Copy as fetch (Node.js)": `fetch("url", {...options})`."""
    start = text.find("fetch(")
    if start < 0:
        raise PasteError("this is not a fetch(...) call")
    reader = JsReader(text, start + len("fetch"))
    try:
        args = reader.arguments()
    except JsSyntaxError as exc:
        raise PasteError(f"cannot read the fetch(...) call: {exc}", exc.pos) from None
    if not args or not isinstance(args[0], str):
        raise PasteError("the fetch(...) call has no URL string")
    options = args[1] if len(args) > 1 and isinstance(args[1], dict) else {}
    headers = options.get("headers")
    content_type = None
    if isinstance(headers, dict):
        for name, value in headers.items():
            if name.lower() == "content-type" and isinstance(value, str):
                content_type = value
    body = options.get("body")
    method = str(options.get("method") or ("POST" if body else "GET")).upper()
    return CopiedRequest(args[0], method, body if isinstance(body, str) else None, content_type)


_FBQ = re.compile(r"\bfbq\s*(?=\()")
_TRACK = {"track", "trackCustom", "trackSingle", "trackSingleCustom"}


def _track_call(command: str, args: list[Any], pixel_id: str | None) -> tuple[Any, ...]:
    """(event name, params, options, pixel id) of one tracking call."""
    rest = args[1:]
    if command.startswith("trackSingle"):
        if not rest:
            raise PasteError(f"fbq('{command}') needs a pixel id and an event name")
        pixel_id = str(rest[0])
        rest = rest[1:]
    if not rest or not isinstance(rest[0], str):
        raise PasteError(f"fbq('{command}') has no event name")
    params = rest[1] if len(rest) > 1 and isinstance(rest[1], dict) else {}
    options = rest[2] if len(rest) > 2 and isinstance(rest[2], dict) else {}
    return rest[0], params, options, pixel_id


def parse_fbq(text: str) -> FbqCall:
    """Read the tracking call (the first one that is not PageView, if several).

    `fbq('init', id, {...})` supplies the pixel id and matching data. Calls that cannot be
    read (they use variables) are skipped while a readable tracking call exists.
    """
    pixel_id: str | None = None
    user_data: dict[str, Any] = {}
    calls: list[tuple[Any, ...]] = []
    first_error: PasteError | None = None
    for match in _FBQ.finditer(text):
        try:
            args = JsReader(text, match.end()).arguments()
            if not args or not isinstance(args[0], str):
                continue
            if args[0] == "init" and len(args) > 1:
                pixel_id = str(args[1])
                if len(args) > 2 and isinstance(args[2], dict):
                    user_data = args[2]
            elif args[0] in _TRACK:
                calls.append(_track_call(args[0], args, pixel_id))
        except JsSyntaxError as exc:
            first_error = first_error or PasteError(
                f"cannot read the fbq(...) call: {exc}", exc.pos
            )
        except PasteError as exc:
            first_error = first_error or exc
    if not calls:
        raise first_error or PasteError("no fbq('track', ...) call found")
    name, params, options, call_pixel = next((c for c in calls if c[0] != "PageView"), calls[0])
    warnings: list[str] = []
    if "eventID" not in options and "event_id" in options:
        warnings.append(
            "Meta documents the fbq option as eventID; check that the Pixel request"
            " really carries eid"
        )
    pixel_id = call_pixel or pixel_id
    if pixel_id is None:
        warnings.append("no fbq('init', PIXEL_ID) in the pasted text: pixel id unknown")
    return FbqCall(name, params, options, pixel_id, user_data, tuple(warnings))
