"""Read the browser side of a dedup check from a Pixel URL, form body, cURL, fetch, fbq call or HAR."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import unquote_plus, urlsplit

from capi_desktop.domain.pixel.hit import (
    TECHNICAL_EVENTS,
    ParseProblem,
    PixelHit,
    SourceKind,
    hit_from_fbq,
    hit_from_params,
)
from capi_desktop.domain.pixel.paste import PasteError, parse_curl, parse_fbq, parse_fetch
from capi_desktop.domain.pixel.url_text import FoundUrl, find_pixel_url, odd_segments

__all__ = [
    "ParseProblem",
    "PixelHit",
    "hit_from_har_entry",
    "hit_from_request",
    "is_pixel_url",
    "parse_browser_input",
]

_COMMAND_LIMIT = 200_000  # a Pixel POST body is at most 64 KB (sendBeacon); URLs far less  # longest scheme + subdomains worth reading back
_MULTIPART_PART = re.compile(
    r'Content-Disposition:\s*form-data;\s*name="([^"]+)"[^\r\n]*\r?\n(?:[^\r\n]+\r?\n)*\r?\n(.*?)\r?\n--',
    re.S | re.I,
)
_HINT = (
    "Paste one of: a Pixel request URL (https://www.facebook.com/tr?id=...&ev=...), its POST form"
    " body, DevTools 'Copy as cURL' or 'Copy as fetch', an fbq('track', ...) call, or a HAR entry."
)


def is_pixel_url(url: str) -> bool:
    """True for the Pixel endpoint: host facebook.com (any subdomain), path /tr or /tr/."""
    if "facebook.com/tr" not in url.lower():  # cheap test first: HARs hold 100k other URLs
        return False
    try:
        parts = urlsplit(url if "://" in url else "https://" + url)
    except ValueError:
        return False
    host = (parts.hostname or "").lower()
    on_facebook = host == "facebook.com" or host.endswith(".facebook.com")
    return on_facebook and parts.path.rstrip("/") == "/tr"


def _unquote(text: str) -> str:
    return unquote_plus(text) if "%" in text or "+" in text else text


def query_pairs(query: str) -> list[tuple[str, str]]:
    """`parse_qsl(query, keep_blank_values=True)`, several times faster on Pixel-sized queries."""
    pairs = []
    for part in query.split("&"):
        if part:
            key, _, value = part.partition("=")
            pairs.append((_unquote(key), _unquote(value)))
    return pairs


def _form_pairs(body: str, content_type: str | None) -> list[tuple[str, str]]:
    is_multipart = (content_type or "").lower().startswith(
        "multipart/"
    ) or body.lstrip().startswith("--")
    if is_multipart:
        return [(name, value) for name, value in _MULTIPART_PART.findall(body)]
    return query_pairs(body.strip())


def hit_from_request(
    url: str | None,
    method: str,
    body: str | None,
    content_type: str | None,
    source_kind: SourceKind,
) -> PixelHit:
    """Decode query string and form body of one request; raises PasteError if it is not a Pixel hit."""
    pairs: list[tuple[str, str]] = []
    notes: list[str] = []
    if url is not None:
        if not is_pixel_url(url):
            raise PasteError(
                f"this request goes to {_host(url)}, not the Meta Pixel (facebook.com/tr)"
            )
        query = _split(url).query
        odd = odd_segments(query)
        if odd:
            shown = ", ".join(repr(part[:30]) for part in odd[:3])
            notes.append(f"could not read {shown} in the URL (no name=value): ignored")
        pairs.extend(query_pairs(query))
    if body:
        pairs.extend(_form_pairs(body, content_type))
    keys = {key for key, _ in pairs}
    if "ev" not in keys:
        raise PasteError("no 'ev' (event name) parameter: this does not look like a Pixel event")
    return hit_from_params(pairs, source_kind, method=method.upper(), extra_warnings=notes)


def _split(url: str) -> Any:
    try:
        return urlsplit(url if "://" in url else "https://" + url)
    except ValueError:  # "Invalid IPv6 URL" for https://[x
        raise PasteError(
            f"the URL's address part {_host_text(url)!r} is not a valid host name"
        ) from None


def _host_text(url: str) -> str:
    rest = url.split("://", 1)[-1]
    return re.split(r"[/?#]", rest, maxsplit=1)[0][:60]


def _host(url: str) -> str:
    try:
        return _split(url).hostname or _host_text(url)
    except PasteError:
        return _host_text(url)


def hit_from_har_entry(entry: Mapping[str, Any]) -> PixelHit | None:
    """The Pixel hit in one HAR entry (or bare HAR request), or None; cookies are never read."""
    request = entry.get("request", entry)
    if not isinstance(request, Mapping):
        return None
    url = request.get("url")
    if not isinstance(url, str) or not is_pixel_url(url):
        return None
    method = str(request.get("method", "GET"))
    post = request.get("postData")
    post = post if isinstance(post, Mapping) else {}
    text = post.get("text")
    mime = post.get("mimeType")
    params = post.get("params")
    if not (isinstance(text, str) and text) and isinstance(params, list) and params:
        # params[] values are already decoded, so they bypass form decoding
        pairs = [
            (str(p.get("name", "")), str(p.get("value", "")))
            for p in params
            if isinstance(p, Mapping)
        ]
        try:
            query = query_pairs(urlsplit(url).query)
        except ValueError:
            return None
        return hit_from_params([*query, *pairs], "har", method=method)
    body = text if isinstance(text, str) and text else None
    try:
        return hit_from_request(url, method, body, mime if isinstance(mime, str) else None, "har")
    except PasteError:
        return None


def pixel_hits_from_har_document(doc: Any) -> list[PixelHit]:
    """Every Pixel hit in a parsed HAR document, HAR entry, or bare request."""
    entries: list[Any]
    if isinstance(doc, Mapping) and isinstance(doc.get("log"), Mapping):
        found = doc["log"].get("entries")
        entries = found if isinstance(found, list) else []
    elif isinstance(doc, list):
        entries = doc
    else:
        entries = [doc]
    hits = []
    for entry in entries:
        if isinstance(entry, Mapping):
            hit = hit_from_har_entry(entry)
            if hit is not None:
                hits.append(hit)
    return hits


def _from_json(text: str) -> PixelHit | ParseProblem:
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        found = _from_found_url(text)
        if found is not None:
            return found
        return ParseProblem(
            f"the pasted JSON is not valid (line {exc.lineno}, column {exc.colno}: {exc.msg})",
            _HINT,
            exc.pos,
        )
    except RecursionError:
        return ParseProblem(
            "the pasted JSON is nested too deeply to read (more than about 900 levels)", _HINT, 0
        )
    hits = pixel_hits_from_har_document(doc)
    if not hits:
        found = _from_found_url(text)  # a URL inside some other JSON: a log line, a config
        if found is not None:
            return found
        return ParseProblem("the JSON holds no Meta Pixel request (facebook.com/tr)", _HINT)
    conversions = [h for h in hits if h.event_name not in TECHNICAL_EVENTS | {"PageView"}]
    chosen = (conversions or hits)[0]
    if len(hits) > 1:
        note = f"the HAR holds {len(hits)} Pixel hits; using the first {chosen.event_name}"
        return PixelHit(**{**chosen.__dict__, "warnings": (*chosen.warnings, note)})
    return chosen


def _hit_from_url(found: FoundUrl) -> PixelHit:
    hit = hit_from_request(found.url, "GET", None, None, "url")
    return dataclasses.replace(
        hit, truncated=found.truncated, warnings=(*found.notes, *hit.warnings)
    )


def _from_found_url(text: str) -> PixelHit | None:
    found = find_pixel_url(text)
    if found is None:
        return None
    try:
        return _hit_from_url(found)
    except PasteError:
        return None


def _parse(text: str) -> PixelHit | ParseProblem:
    lowered = text[:20].lower()
    if text[0] in "{[":  # JSON (a HAR or an entry) first: its scripts may well say 'fetch('
        return _from_json(text)
    is_curl = lowered.startswith(("curl ", "curl.exe", "curl\t", "curl\n"))
    if len(text) > _COMMAND_LIMIT and (is_curl or "fetch(" in text or "fbq(" in text):
        # shlex reads a command character by character, slower than linearly: a pasted
        # multi-megabyte command would freeze the window for minutes.
        return ParseProblem(
            f"this command is longer than any Pixel request ({len(text):,} characters)",
            "Copy the facebook.com/tr request itself (Network tab, filter 'tr?').",
        )
    if is_curl:
        copied = parse_curl(text)
        return hit_from_request(copied.url, copied.method, copied.body, copied.content_type, "curl")
    if "fetch(" in text:
        copied = parse_fetch(text)
        return hit_from_request(
            copied.url, copied.method, copied.body, copied.content_type, "fetch"
        )
    if re.search(r"\bfbq\s*\(", text):
        call = parse_fbq(text)
        return hit_from_fbq(
            call.event_name,
            call.custom_data,
            call.options,
            pixel_id=call.pixel_id,
            user_data=call.user_data,
            warnings=call.warnings,
        )
    found = find_pixel_url(text)
    if found is not None:
        return _hit_from_url(found)
    first = text.split()[0]
    if lowered.startswith(("http://", "https://", "www.")):
        return hit_from_request(first, "GET", None, None, "url")  # says where it goes instead
    if "=" in first and ("ev=" in text or "id=" in text):
        return hit_from_request(None, "POST", text, None, "form")
    return ParseProblem("this text is not a Pixel request this app can read", _HINT)


def parse_browser_input(text: str) -> PixelHit | ParseProblem:
    """Decode pasted browser-side text into a PixelHit, or explain plainly why not."""
    text = text.strip().lstrip("\ufeff")
    if not text:
        return ParseProblem("nothing pasted", _HINT)
    try:
        return _parse(text)
    except PasteError as exc:
        return ParseProblem(str(exc), _HINT, exc.position)
    except RecursionError:
        return ParseProblem("the pasted text is nested too deeply to read", _HINT)
