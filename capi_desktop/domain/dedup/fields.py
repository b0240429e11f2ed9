"""Dedup comparison rows for matching data: fbp, fbc, user_data hashes, external_id state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.dedup.model import CompareRow, short_hash, show
from capi_desktop.domain.normalize import (
    HASHED_KEYS,
    NormalizeContext,
    hash_part,
    looks_like_md5,
    normalize,
    split_appendix,
)

COMPARED_HASH_KEYS = tuple(
    k for k in ("em", "ph", "fn", "ln", "db", "ge", "ct", "st", "zp", "country") if k in HASHED_KEYS
)


def cookie_row(name: str, browser: str | None, server: Any) -> CompareRow:
    """fbp / fbc: exact, case-sensitive; a param-builder appendix is ignored (capi.md §5.3)."""
    server_text = server if isinstance(server, str) and server else None
    if browser is None and server_text is None:
        return CompareRow(name, None, None, "info", f"Neither side has {name}.")
    if server_text is None:
        extra = " (the click ID: attribution suffers)" if name == "fbc" else ""
        return CompareRow(
            name,
            browser,
            show(server),
            "missing",
            f"The server event lacks {name}{extra}. Send the browser's _{name} cookie value:"
            " it improves matching and is the fallback dedup key.",
        )
    if browser is None:
        why = "cookies blocked or consent not given?" if name == "fbp" else "no ad click seen"
        return CompareRow(
            name, None, server_text, "info", f"The browser request carries no {name} ({why})."
        )
    b_head, b_app = split_appendix(browser)
    s_head, s_app = split_appendix(server_text)
    stripped = b_app is not None or s_app is not None
    note = " after removing the parameter-builder appendix" if stripped else ""
    if b_head == s_head:
        return CompareRow(name, browser, server_text, "match", f"Same value{note}.")
    if b_head.lower() == s_head.lower():
        why = "only in upper/lower case: fbc is case-sensitive, never change the fbclid's case"
    else:
        why = "— the server used another visitor's or a regenerated cookie"
    return CompareRow(
        name,
        browser,
        server_text,
        "differs",
        f"Different {name}{note}, {why}. Meta may treat them as different people.",
        "at_risk",
    )


@dataclass(frozen=True)
class _SideHashes:
    hashes: frozenset[str]
    shown: str
    raw: bool
    unusable: bool


def _values(value: Any) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [str(v) for v in value if v not in (None, "")]
    return [str(value)] if str(value) else []


def _side(key: str, value: Any, context: NormalizeContext) -> _SideHashes | None:
    values = _values(value)
    if not values:
        return None
    hashes: set[str] = set()
    shown: list[str] = []
    raw = unusable = False
    for item in values:
        digest = hash_part(item)
        if digest is not None:
            hashes.add(digest)
            shown.append(short_hash(digest))
            continue
        if looks_like_md5(item):
            unusable = True
            shown.append("MD5 " + short_hash(item.lower()))
            continue
        raw = True
        try:
            result = normalize(key, item, context=context)
        except (ValueError, OverflowError, RecursionError):  # e.g. a 400-digit db
            result = None
        if result is None or result.sha256 is None:
            unusable = True
            shown.append("raw (cannot normalize)")
        else:
            hashes.add(result.sha256)
            shown.append("raw → " + short_hash(result.sha256))
    return _SideHashes(frozenset(hashes), ", ".join(shown), raw, unusable)


def hash_row(
    key: str,
    browser: Any,
    server: Any,
    *,
    browser_is_script: bool,
    context: NormalizeContext,
) -> CompareRow | None:
    """Compare one hashed user_data key; raw values are normalized and hashed here first."""
    field = f"user_data.{key}"
    b = _side(key, browser, context)
    s = _side(key, server, context)
    if b is None and s is None:
        return None
    if b is None or s is None:
        only = "server" if b is None else "browser"
        return CompareRow(
            field,
            b.shown if b else None,
            s.shown if s else None,
            "missing",
            f"Only the {only} side sends {key}; it still helps matching there."
            + (" The server sent it unhashed: Meta expects SHA-256." if s and s.raw else ""),
        )
    notes = []
    if b.raw:
        notes.append(
            "browser value hashed here (the pixel hashes fbq values itself)"
            if browser_is_script
            else "the browser sent it unhashed; hashed here"
        )
    note = (" " + "; ".join(notes).capitalize() + ".") if notes else ""
    if s.raw:
        same = "Same value once hashed" if b.hashes & s.hashes else "Different even once hashed"
        return CompareRow(
            field,
            b.shown,
            s.shown,
            "risk",
            f"{same}, but the server sent {key} unhashed: Meta expects SHA-256 and may reject"
            f" or ignore it.{note}",
            "at_risk",
        )
    if b.hashes & s.hashes:
        return CompareRow(field, b.shown, s.shown, "match", "Same hash." + note)
    if b.unusable or s.unusable:
        return CompareRow(
            field, b.shown, s.shown, "info", "Cannot compare: a value is MD5 or invalid." + note
        )
    return CompareRow(
        field,
        b.shown,
        s.shown,
        "differs",
        "Hashes differ: the sides normalized the value differently, or it is another person."
        + note,
        "at_risk",
    )


def external_id_row(browser: Any, server: Any) -> CompareRow:
    """external_id must have the same hashing state on both channels ([DOC:platform])."""
    field = "external_id"
    b_vals, s_vals = _values(browser), _values(server)
    if not b_vals and not s_vals:
        return CompareRow(field, None, None, "info", "Neither side sends external_id.")

    def state(values: list[str]) -> tuple[str, set[str]]:
        digests = {hash_part(v) for v in values}
        if None not in digests:
            return "hashed", {d for d in digests if d}
        return ("raw" if not digests - {None} else "mixed"), set(values)

    if not b_vals or not s_vals:
        only = "server" if not b_vals else "browser"
        b_show = state(b_vals)[0] if b_vals else None
        s_show = state(s_vals)[0] if s_vals else None
        return CompareRow(field, b_show, s_show, "missing", f"Only the {only} side sends it.")
    b_state, b_set = state(b_vals)
    s_state, s_set = state(s_vals)
    if b_state != s_state:
        return CompareRow(
            field,
            b_state,
            s_state,
            "risk",
            "Hashed on one side and not on the other: Meta needs the same format on every"
            " channel, or the IDs never match.",
            "at_risk",
        )
    if b_set & s_set:
        return CompareRow(field, b_state, s_state, "match", f"Same {b_state} value.")
    return CompareRow(
        field, b_state, s_state, "differs", "Different external IDs on the two sides.", "at_risk"
    )


def user_data_rows(
    browser: Mapping[str, Any],
    server: Mapping[str, Any],
    *,
    browser_is_script: bool,
    context: NormalizeContext,
) -> list[CompareRow]:
    rows = [external_id_row(browser.get("external_id"), server.get("external_id"))]
    for key in COMPARED_HASH_KEYS:
        row = hash_row(
            key,
            browser.get(key),
            server.get(key),
            browser_is_script=browser_is_script,
            context=context,
        )
        if row is not None:
            rows.append(row)
    return rows
