"""Dedup comparison rows for the keys Meta deduplicates on: pixel, event_name, event_id, time."""

from __future__ import annotations

from typing import Any

from capi_desktop.domain.dedup_model import (
    BROWSER_FAVOURED_S,
    DEDUP_WINDOW_S,
    CompareRow,
    show,
    show_duration,
    show_time,
)


def pixel_row(browser: str | None, server: str | None) -> CompareRow:
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
    missing = "server" if browser else "browser"
    hint = " (pass --pixel or choose the profile)" if missing == "server" else ""
    return CompareRow(
        "pixel_id",
        browser,
        server,
        "info",
        f"The {missing} side does not say which pixel it went to{hint}; assumed to be the same.",
    )


def _string_difference(browser: str, server: str) -> str:
    if browser.strip() == server.strip():
        return "they differ only by spaces at the start or end"
    if browser.casefold() == server.casefold():
        return "they differ only in upper/lower case"
    if browser.isdigit() and server.isdigit() and int(browser) == int(server):
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


def event_id_row(browser: str | None, server: Any) -> CompareRow:
    field = "event_id"
    if browser in (None, "") or server in (None, ""):
        side = "browser (eid / eventID)" if browser in (None, "") else "server (event_id)"
        return CompareRow(
            field,
            show(browser),
            show(server),
            "missing",
            f"No event ID on the {side} side: Meta cannot match the pair by ID. The fallback"
            " (fbp/external_id) works only when the browser event arrives first.",
            "double_counted",
        )
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
    if server == browser:
        return CompareRow(field, show(browser), show(server), "match", "Exactly the same ID.")
    why = _string_difference(browser, server)
    return CompareRow(
        field,
        show(browser),
        show(server),
        "differs",
        f"Event IDs must be string-equal and {why}: Meta counts both events.",
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


def time_row(browser_s: int | None, server_value: Any) -> CompareRow:
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
            "The browser input has no timestamp (fbq calls have none), so the 48-hour window"
            " is not checked.",
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
