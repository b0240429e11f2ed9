"""Dedup comparison rows for the keys Meta deduplicates on: pixel, event_name, event_id, time."""

from __future__ import annotations

from typing import Any

from capi_desktop.domain.dedup.model import (
    BROWSER_FAVOURED_S,
    DEDUP_WINDOW_S,
    CompareRow,
    show,
    show_duration,
    show_time,
)
from capi_desktop.domain.placeholders import placeholder_kind


def pixel_row(browser: str | None, server: str | None, browser_problem: str | None) -> CompareRow:
    """Same pixel (dataset) on both sides, read from both: never assumed ([DOC:dedup])."""
    if browser and server:
        if browser == server:
            return CompareRow("pixel_id", browser, server, "match", "Same pixel (dataset).")
        return CompareRow(
            "pixel_id",
            browser,
            server,
            "differs",
            "Different pixels: Meta only deduplicates events sent to the same pixel, so both count.",
            "double_counted",
        )
    if not browser:
        why = (
            browser_problem[0].upper() + browser_problem[1:]
            if browser_problem
            else "The browser input does not say which pixel it went to"
        )
        reason = (
            f"{why}. Events sent to different datasets never deduplicate, so without the"
            " browser's pixel id there is no verdict."
        )
    else:
        reason = (
            "The server side does not say which pixel (dataset) it went to: pass --pixel or"
            " choose the profile. Events sent to different datasets never deduplicate, so"
            " without it there is no verdict."
        )
    return CompareRow("pixel_id", browser, server, "unread", reason, "unknown")


def _string_difference(browser: str, server: str) -> str:
    if browser.strip() == server.strip():
        return "they differ only by spaces at the start or end"
    if browser.casefold() == server.casefold():
        return "they differ only in upper/lower case"
    if browser.isdecimal() and server.isdecimal() and int(browser) == int(server):
        return "they differ only by leading zeros (a number/text conversion somewhere?)"
    return "they are different values"


def event_name_row(browser: str | None, server: Any) -> CompareRow:
    field = "event_name"
    if browser is None or server is None:
        side = "browser" if browser is None else "server"
        return CompareRow(
            field,
            show(browser),
            show(server),
            "missing",
            f"The {side} side has no event name, so nothing can be deduplicated.",
            "double_counted",
        )
    if isinstance(server, str) and server == browser:
        return CompareRow(field, show(browser), show(server), "match", "Exactly the same name.")
    why = _string_difference(browser, str(server))
    return CompareRow(
        field,
        show(browser),
        show(server),
        "differs",
        f"Event names must match exactly and {why}: Meta counts both events.",
        "double_counted",
    )


def _missing_id_row(
    browser: str | None, server: Any, names_match: bool, fallback: tuple[str, ...], cut_off: bool
) -> CompareRow:
    field = "event_id"
    side = "browser (eid / eventID)" if browser in (None, "") else "server (event_id)"
    where = f"on the {side} side"
    if browser in (None, "") and server in (None, ""):
        where = "on either side"
    if cut_off and browser in (None, ""):
        return CompareRow(
            field,
            None,
            show(server),
            "unread",
            "The pasted Pixel URL is cut off: its eid may be in the part that is missing, so"
            " the event ID was not read. Paste the whole request.",
            "unknown",
        )
    if fallback and names_match:
        keys = " and ".join(fallback)
        return CompareRow(
            field,
            show(browser),
            show(server),
            "missing",
            f"No event ID {where}, but both send the same {keys} with the same event"
            f" name: Meta can deduplicate on {keys} + event_name only when the browser event"
            " reaches Meta first; a server event that arrives first is kept and both count.",
            "at_risk",
        )
    return CompareRow(
        field,
        show(browser),
        show(server),
        "missing",
        f"No event ID {where} and no shared fbp or external_id with the same event"
        " name: nothing lets Meta pair the two events, so both count.",
        "double_counted",
    )


def event_id_row(
    browser: str | None,
    server: Any,
    *,
    names_match: bool = True,
    fallback: tuple[str, ...] = (),
    cut_off: bool = False,
) -> CompareRow:
    """event_id + event_name first; without an ID Meta's fbp/external_id fallback (§5.6)."""
    field = "event_id"
    if browser in (None, "") or server in (None, ""):
        return _missing_id_row(browser, server, names_match, fallback, cut_off)
    assert browser is not None
    if not isinstance(server, str):
        if (
            isinstance(server, int | float)
            and not isinstance(server, bool)
            and str(server) == browser
        ):
            return CompareRow(
                field,
                show(browser),
                show(server),
                "risk",
                "Same digits, but the server sends event_id as a number; Meta documents a"
                " string. Send it as a string so the match does not depend on conversion.",
                "at_risk",
            )
        server = str(server)
    b_kind, s_kind = placeholder_kind(browser), placeholder_kind(server)
    if server == browser:
        if b_kind:
            return CompareRow(
                field,
                show(browser),
                show(server),
                "risk",
                f"Both sides send {browser!r} as event ID: {b_kind}. Every event then carries"
                " the same ID, so Meta may drop real, different conversions as duplicates.",
                "at_risk",
            )
        return CompareRow(field, show(browser), show(server), "match", "Exactly the same ID.")
    placeholder = next(
        (f"the {side} ID {value!r} is {kind}" for side, value, kind in
         (("browser", browser, b_kind), ("server", server, s_kind)) if kind),
        None,
    )  # fmt: skip
    why = placeholder or _string_difference(browser, server)
    also = (
        f" ({' and '.join(fallback)} also match, but Meta's docs give no fallback for two"
        " different event IDs)"
        if fallback
        else ""
    )
    return CompareRow(
        field,
        show(browser),
        show(server),
        "differs",
        f"Event IDs must be string-equal and {why}: Meta counts both events.{also}",
        "double_counted",
    )


def server_event_time(value: Any) -> tuple[float | None, str | None]:
    """event_time in seconds plus a note when it was not plain Unix seconds."""
    if isinstance(value, bool) or value is None:
        return None, None
    if isinstance(value, str):
        try:
            value = float(value.strip())
        except ValueError:
            return None, "event_time is not a number"
    if not isinstance(value, int | float):
        return None, "event_time is not a number"
    if value > 10**11:
        return value / 1000, "server event_time looks like milliseconds; Meta wants seconds"
    return float(value), None


def time_row(browser_s: int | None, server_value: Any, source_kind: str = "url") -> CompareRow:
    field = "time_gap"
    server_s, note = server_event_time(server_value)
    b_show, s_show = show_time(browser_s), show_time(server_s)
    if server_s is None:
        return CompareRow(
            field,
            b_show,
            show(server_value),
            "missing",
            "The server event has no usable event_time (required by Meta).",
            "at_risk",
        )
    if browser_s is None:
        return CompareRow(
            field,
            b_show,
            s_show,
            "info",
            (
                "An fbq(...) call carries no timestamp"
                if source_kind == "fbq"
                else "The Pixel request has no ts parameter"
            )
            + ", so the 48-hour window is not checked.",
        )
    gap = abs(server_s - browser_s)
    prefix = f"{note}. " if note else ""
    if gap > DEDUP_WINDOW_S:
        return CompareRow(
            field,
            b_show,
            s_show,
            "risk",
            f"{prefix}The events are {show_duration(gap)} apart, outside Meta's 48-hour"
            " dedup window: both are counted.",
            "double_counted",
        )
    if gap > BROWSER_FAVOURED_S or note:
        return CompareRow(
            field,
            b_show,
            s_show,
            "risk",
            f"{prefix}The events are {show_duration(gap)} apart. Meta keeps the browser copy only"
            " when both arrive within about 5 minutes; otherwise the first received wins.",
            "at_risk",
        )
    return CompareRow(
        field,
        b_show,
        s_show,
        "match",
        f"{show_duration(gap)} apart, within 5 minutes: Meta keeps the browser copy.",
    )
