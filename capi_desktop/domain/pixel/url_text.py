"""Find a whole Pixel /tr URL in pasted text: chat, logs, code lines, JSON strings, wrapped lines."""

from __future__ import annotations

import re
from dataclasses import dataclass

_FIXED = re.compile(r"facebook\.com(?:\\?/)tr(?:\\?/)?\?", re.I)
_HOST_BEFORE = re.compile(r"(?:https?:(?:\\?/){2})?(?:[\w-]+\.)*$", re.I)
_HOST_WINDOW = 260
_QUOTES = "\"'`"
# A string split over source lines: "…&" + "ev=…" (Java, JS, Python) or "…" \n "…" (C, Python).
_CONCAT = {q: re.compile(rf"{q}(?:\s*\+\s*|[ \t]*\r?\n\s*){q}") for q in "\"'"}
_QUOTE_BACK = 40  # how far before the URL an opening quote may stand ("Url=…", "URL: …")
_KEY = re.compile(r"[A-Za-z_][\w\[\]%.\-]*")
_PARAM_IN_LINE = re.compile(r"&(?:amp;)?[A-Za-z_][\w\[\]%.\-]*=")
_SPACE = re.compile(r"\s")
_STOP = re.compile(r"[<>\"'`]")
_CUT_MARKS = ("[...]", "(...)", "...", "..", "…")


@dataclass(frozen=True)
class FoundUrl:
    """The URL as it would have been sent, plus what had to be repaired or could not be read."""

    url: str
    notes: tuple[str, ...]
    truncated: bool


def _json_unescape(text: str) -> str:
    """`https:\\/\\/…\\u0026ev=…` as found inside a JSON or JS string."""
    text = text.replace("\\/", "/").replace("\\u0026", "&").replace("\\u003d", "=")
    return text.replace('\\"', '"').replace("\\'", "'")


def _start(text: str) -> int | None:
    found = _FIXED.search(text)
    if found is None:
        return None
    before = text[max(0, found.start() - _HOST_WINDOW) : found.start()]
    host = _HOST_BEFORE.search(before)
    return found.start() - (len(host.group()) if host else 0)


def _opening_quote(text: str, start: int) -> str | None:
    """The quote of the string the URL sits in: right before it, or a few characters before
    on the same line ("Url=https://…", "URL: https://…")."""
    window = text[max(0, start - _QUOTE_BACK) : start]
    window = window.rsplit("\n", 1)[-1]
    for index in range(len(window) - 1, -1, -1):
        if window[index] in _QUOTES:
            return window[index]
        if window[index] in "=:" or window[index].isalnum() or window[index] == " ":
            continue
        return None
    return None


def _quoted_end(text: str, start: int, quote: str) -> int:
    """Index of the quote that closes the string the URL sits in (or the end of text)."""
    index = start
    while True:
        index = text.find(quote, index)
        if index < 0:
            return len(text)
        if text[index - 1] != "\\":
            return index
        index += 1


def _unquoted_end(text: str, start: int, notes: list[str]) -> int:
    """Where a URL in free text ends. A value may hold unencoded spaces while another `&key=`
    follows on the same line; a line ending in `&`/`?`/`=` (or followed by one starting with
    `&`) continues the URL. Linear in the text's length (pastes can be huge)."""
    pos = start
    while True:
        line_end = text.find("\n", pos)
        line_end = len(text) if line_end < 0 else line_end
        stop = _STOP.search(text, pos, line_end)
        limit = stop.start() if stop else line_end
        value_from = max((m.end() for m in _PARAM_IN_LINE.finditer(text, pos, limit)), default=pos)
        space = _SPACE.search(text, value_from, limit)
        end = space.start() if space else limit
        if end < line_end or line_end == len(text):
            return end
        rest_start = line_end
        while rest_start < len(text) and text[rest_start] in "\r\n \t":
            rest_start += 1
        joined = text[start:end].rstrip().endswith(("&", "?", "=")) or text.startswith(
            "&", rest_start
        )
        if not joined:
            return end
        notes.append("the URL was split over several lines; the lines were joined")
        pos = rest_start


def _clean(url: str, notes: list[str]) -> tuple[str, bool]:
    if re.search(r"[\t\r\n]", url):
        # Browsers drop tabs and newlines from a URL (WHATWG URL parsing); so do we.
        url = re.sub(r"[\t\r\n]+", "", url)
    if re.search(r"\s&|&\s", url):
        url = re.sub(r"\s*&\s*", "&", url)
        notes.append("spaces around '&' were removed (the URL was wrapped)")
    if "&amp;" in url:
        url = url.replace("&amp;", "&")
        notes.append("HTML-escaped '&amp;' was read as '&'")
    url = url.rstrip(" ,;)")
    truncated = False
    for mark in _CUT_MARKS:
        if url.endswith(mark):  # "…" or ".." where a log or a report shortened the URL
            url, truncated = url[: -len(mark)], True
            break
    url = url.rstrip(".")
    if " " in url.split("?", 1)[-1]:
        spaced = sorted(
            {part.split("=", 1)[0] for part in url.split("?", 1)[-1].split("&") if " " in part}
        )
        notes.append("unencoded spaces were read as part of the value of " + ", ".join(spaced[:6]))
    return url, truncated


def find_pixel_url(text: str) -> FoundUrl | None:
    """The first Pixel URL in `text`, read whole; None when there is no facebook.com/tr?…"""
    notes: list[str] = []
    if _FIXED.search(text) is None:
        return None
    if re.search(r"facebook\.com\\/tr|\\u0026ev=", text):
        text = _json_unescape(text)
        notes.append("JSON string escapes (\\/, \\u0026) were undone")
    start = _start(text)
    if start is None:
        return None
    quote = _opening_quote(text, start)
    if quote is not None:
        joined = _CONCAT[quote].sub("", text[start:]) if quote in _CONCAT else text[start:]
        if joined != text[start:]:
            notes.append("a string split over several source lines was joined")
        text, start = joined, 0
        end = _quoted_end(text, start, quote)
        inner = text[start:end]
        if "\\" in inner:  # the string's own escapes: \" \' \\ (Java, JS, C, Python)
            text, start = re.sub(r"\\([\"'`\\/])", r"\1", inner), 0
            end = len(text)
    else:
        end = _unquoted_end(text, start, notes)
    url, truncated = _clean(text[start:end], notes)
    if truncated:
        notes.append(
            "the URL ends in '…': it was cut off, so the parameters after that point were not read"
        )
    if "://" not in url[:12]:
        url = "https://" + url
    return FoundUrl(url, tuple(dict.fromkeys(notes)), truncated)


def odd_segments(query: str) -> list[str]:
    """Parts of a query string that are not `key=value` (shown to the user, never dropped)."""
    return [p for p in query.split("&") if p and ("=" not in p or not _KEY.match(p))]
