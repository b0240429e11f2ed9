"""Dedup comparison rows for content: page URL, value, currency, content_ids, contents, LDU."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from capi_desktop.domain.dedup.model import CompareRow, show
from capi_desktop.domain.normalize import split_appendix
from capi_desktop.domain.values import lenient_number

_VALUE_TOLERANCE = 0.005  # half a cent: anything larger is a real price difference


def _clean_url(url: str) -> tuple[str, str]:
    """(scheme-less host+path, query) after dropping the fragment and a param-builder appendix."""
    head, _ = split_appendix(url.strip())
    parts = urlsplit(head)
    base = urlunsplit(("", parts.netloc.lower(), parts.path.rstrip("/") or "/", "", ""))
    return base, parts.query


def url_row(browser: str | None, server: Any) -> CompareRow:
    field = "event_source_url"
    server_text = server if isinstance(server, str) and server else None
    if browser is None or server_text is None:
        side = "server event (event_source_url)" if server_text is None else "browser (dl)"
        return CompareRow(
            field, browser, show(server), "missing", f"No page URL on the {side} side."
        )
    b_base, b_query = _clean_url(browser)
    s_base, s_query = _clean_url(server_text)
    if b_base != s_base:
        return CompareRow(
            field,
            browser,
            server_text,
            "differs",
            "Different pages: the two events may not describe the same action.",
            "at_risk",
        )
    if b_query != s_query:
        return CompareRow(
            field,
            browser,
            server_text,
            "info",
            "Same page; only the query string differs (tracking parameters are normal).",
        )
    return CompareRow(
        field,
        browser,
        server_text,
        "match",
        "Same page (fragment and any parameter-builder appendix ignored).",
    )


def referrer_row(browser: str | None, server: Any) -> CompareRow | None:
    """rl vs referrer_url: shown only when the server sends one; never a dedup risk."""
    if not isinstance(server, str) or not server:
        return None
    if browser is None:
        return CompareRow("referrer_url", None, server, "info", "The browser sent no referrer.")
    same = _clean_url(browser) == _clean_url(server)
    reason = "Same referrer." if same else "Different referrers (informational only)."
    return CompareRow("referrer_url", browser, server, "match" if same else "info", reason)


def _missing(field: str, browser: Any, server: Any) -> CompareRow | None:
    if browser is None and server is None:
        return CompareRow(field, None, None, "info", "Neither side sends it.")
    if browser is None or server is None:
        only = "server" if browser is None else "browser"
        return CompareRow(
            field,
            show(browser),
            show(server),
            "missing",
            f"Only the {only} side sends it: the copies differ, so Meta may keep the poorer one.",
            "at_risk",
        )
    return None


def value_row(browser: Any, server: Any) -> CompareRow:
    gap = _missing("value", browser, server)
    if gap:
        return gap
    b, s = lenient_number(browser), lenient_number(server)
    if b is None or s is None:
        return CompareRow(
            "value", show(browser), show(server), "risk", "A value is not a number.", "at_risk"
        )
    if abs(b - s) <= _VALUE_TOLERANCE:
        return CompareRow("value", show(browser), show(server), "match", "Same amount.")
    return CompareRow(
        "value",
        show(browser),
        show(server),
        "differs",
        "Different amounts: reporting depends on which copy Meta keeps.",
        "at_risk",
    )


def currency_row(browser: Any, server: Any) -> CompareRow:
    gap = _missing("currency", browser, server)
    if gap:
        return gap
    b, s = str(browser).strip(), str(server).strip()
    if b == s:
        return CompareRow("currency", b, s, "match", "Same currency.")
    if b.upper() == s.upper():
        return CompareRow(
            "currency", b, s, "match", "Same currency; only the case differs (Meta accepts both)."
        )
    return CompareRow("currency", b, s, "differs", "Different currencies.", "at_risk")


def _as_list(value: Any) -> list[Any] | None:
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except (ValueError, RecursionError):
            return [value]
    if isinstance(value, list | tuple):
        return list(value)
    return None if value is None else [value]


def content_ids_row(browser: Any, server: Any) -> CompareRow:
    b, s = _as_list(browser), _as_list(server)
    gap = _missing("content_ids", b, s)
    if gap:
        return gap
    assert b is not None and s is not None
    b_set, s_set = {str(v) for v in b}, {str(v) for v in s}
    shown_b, shown_s = ", ".join(sorted(b_set)), ", ".join(sorted(s_set))
    if b_set == s_set:
        return CompareRow("content_ids", shown_b, shown_s, "match", "Same product IDs.")
    return CompareRow(
        "content_ids", shown_b, shown_s, "differs", "Different product IDs.", "at_risk"
    )


def _content_key(item: Any) -> tuple[str, float, float | None]:
    if not isinstance(item, Mapping):
        return (str(item), 1.0, None)
    quantity = lenient_number(item.get("quantity"))
    price = lenient_number(item.get("item_price"))
    return (
        str(item.get("id", "")),
        1.0 if quantity is None else quantity,
        None if price is None else round(price, 2),
    )


def contents_row(browser: Any, server: Any) -> CompareRow:
    b, s = _as_list(browser), _as_list(server)
    gap = _missing("contents", b, s)
    if gap:
        return gap
    assert b is not None and s is not None
    b_items, s_items = Counter(map(_content_key, b)), Counter(map(_content_key, s))

    def shown(items: Counter[tuple[str, float, float | None]]) -> str:
        return ", ".join(
            f"{i}×{q:g}" + ("" if p is None else f"@{p:g}") for (i, q, p) in sorted(items, key=str)
        )

    if b_items == s_items:
        return CompareRow(
            "contents", shown(b_items), shown(s_items), "match", "Same items and quantities."
        )
    return CompareRow(
        "contents",
        shown(b_items),
        shown(s_items),
        "differs",
        "Items, quantities or prices differ.",
        "at_risk",
    )


def ldu_row(
    browser: tuple[tuple[str, ...] | None, int | None, int | None],
    server: Mapping[str, Any],
) -> CompareRow:
    """Limited Data Use: `dpo/dpoco/dpost` vs `data_processing_options[_country|_state]`."""
    b_opts, b_country, b_state = browser
    raw_opts = server.get("data_processing_options")
    s_opts = tuple(str(o) for o in raw_opts) if isinstance(raw_opts, list) else None
    b_ldu = "LDU" in (b_opts or ())
    s_ldu = "LDU" in (s_opts or ())

    def shown(ldu: bool, country: Any, state: Any) -> str:
        return f"LDU (country {country}, state {state})" if ldu else "off"

    b_show = shown(b_ldu, b_country, b_state)
    s_country = server.get("data_processing_options_country")
    s_state = server.get("data_processing_options_state")
    s_show = shown(s_ldu, s_country, s_state)
    if b_ldu != s_ldu:
        return CompareRow(
            "LDU",
            b_show,
            s_show,
            "differs",
            "Limited Data Use is set on one side only: Meta processes the two copies under"
            " different rules.",
            "at_risk",
        )
    if b_ldu and (b_country, b_state) != (s_country, s_state):
        return CompareRow(
            "LDU", b_show, s_show, "differs", "Different LDU country/state.", "at_risk"
        )
    return CompareRow("LDU", b_show, s_show, "match", "Same data processing options.")
