"""Decode a pasted Graph API response (JSON, log line, HTML page, fragment) into a DecodedError."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.error_catalog.catalog import Catalog, ErrorEntry
from capi_desktop.domain.error_catalog.error_data import (
    NestedError,
    as_bool,
    as_int,
    as_message,
    as_str,
    blame_fields,
    maybe_json,
    nested_errors,
)
from capi_desktop.domain.error_catalog.fragments import fragment_fields
from capi_desktop.domain.error_catalog.literals import python_literals
from capi_desktop.domain.error_catalog.sniff import (
    MAX_INPUT_CHARS,
    bytes_to_text,
    embedded_json,
    sniff_transport,
)
from capi_desktop.domain.wording import plural

STATUSES = ("graph_error", "success", "not_graph", "unreadable")


@dataclass(frozen=True)
class DecodedError:
    status: str  # one of STATUSES
    code: int | None = None
    subcode: int | None = None
    type: str = ""
    message: str = ""
    user_title: str = ""
    user_msg: str = ""
    fbtrace_id: str = ""
    is_transient: bool | None = None
    blame_fields: tuple[str, ...] = ()
    entry: ErrorEntry | None = None
    nested: tuple[NestedError, ...] = ()
    http_hint: str = ""
    note: str = ""
    events_received: int | None = None
    messages: tuple[str, ...] = ()

    @property
    def transient(self) -> bool:
        """What to tell the user: Meta's is_transient when present, else the catalogue's."""
        if self.is_transient is not None:
            return self.is_transient
        return self.entry.transient if self.entry is not None else False

    @property
    def fields(self) -> tuple[str, ...]:
        """Payload fields to look at: Meta's blamed fields first, then the catalogue's."""
        related = self.entry.fields if self.entry is not None else ()
        return tuple(dict.fromkeys((*self.blame_fields, *related)))


def _graph_error(inner: Mapping[str, Any], catalog: Catalog, note: str = "") -> DecodedError:
    code = as_int(inner.get("code"))
    if code is None:
        code = as_int(inner.get("error_code"))  # legacy REST and async-job bodies
    subcode = as_int(inner.get("error_subcode"))
    error_data = maybe_json(inner.get("error_data"))
    entry = catalog.lookup(code, subcode) if code is not None else None
    if code is None:
        note = note or (
            "The error object carries no numeric code, so it cannot be looked up; "
            "only Meta's message, if any, explains it."
        )
    elif entry is None:
        note = (note + " " if note else "") + (
            f"Code {code} is not in the catalogue: Meta's own message below is the only "
            "explanation; nothing here guesses its meaning."
        )
    elif entry is not None and subcode is not None and entry.subcode != subcode:
        note = note or (
            f"Subcode {subcode} is not in the catalogue; showing the generic entry for code "
            f"{code}. Meta's own explanation is in error_user_title / error_user_msg."
        )
    return DecodedError(
        status="graph_error",
        code=code,
        subcode=subcode,
        type=as_str(inner.get("type"), 200),
        message=as_message(
            inner.get("message") or inner.get("error_msg") or inner.get("error_message")
        ),
        user_title=as_message(inner.get("error_user_title"), 500),
        user_msg=as_message(inner.get("error_user_msg")),
        fbtrace_id=as_str(inner.get("fbtrace_id"), 200),
        is_transient=as_bool(inner.get("is_transient")),
        blame_fields=blame_fields(error_data),
        entry=entry,
        nested=nested_errors(error_data, catalog),
        note=note,
    )


def _looks_like_error(obj: Mapping[str, Any]) -> bool:
    if "error_code" in obj and any(
        k in obj for k in ("error_msg", "error_message", "request_args")
    ):
        return True  # legacy REST: {"error_code": 12, "error_msg": "...", "request_args": [...]}
    return "code" in obj and any(
        k in obj for k in ("message", "type", "fbtrace_id", "error_subcode")
    )


def _success(obj: Mapping[str, Any]) -> DecodedError:
    received = as_int(obj.get("events_received"))
    raw_messages = obj.get("messages")
    messages = (
        tuple(as_str(m, 500) for m in raw_messages[:50]) if isinstance(raw_messages, list) else ()
    )
    note = (
        f"Success: Meta accepted {plural(received or 0, 'event')}. Accepted is not the same "
        "as matched; "
        "check Events Manager within about 20 minutes."
    )
    if messages:
        note += " Meta added messages (warnings): see below."
    return DecodedError(
        status="success",
        fbtrace_id=as_str(obj.get("fbtrace_id"), 200),
        note=note,
        events_received=received,
        messages=messages,
    )


def _interpret(obj: Any, catalog: Catalog, depth: int = 0) -> DecodedError | None:
    """Find the Graph error (or success body) inside parsed JSON; None when there is none."""
    if depth > 4:
        return None
    if isinstance(obj, list):
        for item in obj[:20]:  # Graph batch responses: a list of {code, body}
            result = _interpret(item, catalog, depth + 1)
            if result is not None:
                return result
        return None
    if not isinstance(obj, Mapping):
        return None
    error = maybe_json(obj.get("error"))
    if isinstance(error, Mapping):
        return _graph_error(error, catalog)
    if _looks_like_error(obj):
        return _graph_error(obj, catalog)
    if "events_received" in obj:
        return _success(obj)
    for key in ("body", "response", "data", "result", "exception"):
        if key in obj:
            result = _interpret(maybe_json(obj[key]), catalog, depth + 1)
            if result is not None:
                return result
    return None


def _found_in_strings(obj: Any, catalog: Catalog, depth: int) -> DecodedError | None:
    """A Graph error logged inside a JSON string value (log shippers, wrapped exceptions)."""
    stack: list[Any] = [obj]
    seen = 0
    while stack and seen < 2000:
        node = stack.pop()
        seen += 1
        if isinstance(node, Mapping):
            stack.extend(list(node.values())[:200])
        elif isinstance(node, list):
            stack.extend(node[:200])
        elif isinstance(node, str) and len(node) > 10 and ("code" in node or "#" in node):
            result = _from_text(node, catalog, depth + 1)
            if result.status == "graph_error":
                return result
    return None


def _from_text(text: str, catalog: Catalog, depth: int = 0) -> DecodedError:
    stripped = text.strip()
    if not stripped:
        return DecodedError(
            status="unreadable",
            note="Nothing to decode: paste a Graph API response, a log line or an error page.",
        )
    too_deep = False
    try:
        parsed: Any = json.loads(stripped)
    except RecursionError:
        parsed, too_deep = None, True
    except ValueError:
        parsed = None
    else:
        result = _interpret(parsed, catalog)
        if result is not None:
            return result
        inner = _found_in_strings(parsed, catalog, depth) if depth < 2 else None
        if inner is not None:
            return inner
        return DecodedError(
            status="not_graph",
            note="This is valid JSON but holds no Graph API error object and no events_received.",
        )
    for candidate in (*embedded_json(stripped), *python_literals(stripped)):
        if isinstance(candidate, str):
            if depth < 2 and candidate.strip() != stripped:
                nested = _from_text(candidate, catalog, depth + 1)
                if nested.status in ("graph_error", "success"):
                    return nested
            continue
        result = _interpret(candidate, catalog)
        if result is not None:
            return result
    fragment = fragment_fields(stripped)
    if fragment.get("code") is not None:
        inner_fields: dict[str, Any] = dict(fragment)
        note = (
            "The nesting is too deep to read in full; code, subcode and trace id were read "
            "from the text."
            if too_deep
            else "The response is cut off or not plain JSON (a log line, an SDK dump); code, "
            "subcode and trace id were read from the text. Copy the complete body for the "
            "full picture."
        )
        return _graph_error(inner_fields, catalog, note=note)
    transport = sniff_transport(stripped)
    if transport is not None:
        key, hint = transport
        entry = catalog.get(key)
        status = "unreadable" if key == "http:truncated-json" else "not_graph"
        return DecodedError(
            status=status,
            entry=entry,
            http_hint=hint,
            fbtrace_id=as_str(fragment.get("fbtrace_id"), 200),
            note=f"Not a Graph API error body: {hint}",
        )
    return DecodedError(
        status="not_graph",
        note=(
            "No Graph API error found. Paste the JSON body of the response "
            '(it starts with {"error": ...) or a log line that contains it.'
        ),
    )


def decode_unguarded(raw: str | bytes | Mapping[str, Any], catalog: Catalog) -> DecodedError:
    """`decode` without its safety net: a bug raises here (the fuzz suite calls this)."""
    if isinstance(raw, Mapping):
        result = _interpret(raw, catalog)
        return result or DecodedError(
            status="not_graph", note="The object holds no Graph API error."
        )
    if isinstance(raw, bytes | bytearray):
        raw = bytes_to_text(bytes(raw[: MAX_INPUT_CHARS * 4]))
    if not isinstance(raw, str):
        return DecodedError(status="unreadable", note="Unsupported input type.")
    return _from_text(raw[:MAX_INPUT_CHARS].lstrip("\ufeff"), catalog)


def decode(raw: str | bytes | Mapping[str, Any], catalog: Catalog) -> DecodedError:
    """Decode anything a user may paste; keys on code/subcode, never on (localized) text.

    Never raises: unexpected input ends as status "unreadable" with a note in plain words.
    """
    try:
        return decode_unguarded(raw, catalog)
    except Exception:  # a decoder for arbitrary pastes must not crash its caller
        return DecodedError(
            status="unreadable",
            note="This text could not be read as a Graph API response. Paste the response "
            'body on its own (it starts with {"error": ...) to decode it.',
        )
