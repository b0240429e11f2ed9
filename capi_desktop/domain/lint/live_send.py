"""Whether a send without test_event_code reaches real data, and how to say so (one place)."""

from __future__ import annotations

from urllib.parse import urlsplit

from capi_desktop.domain.netloc import is_loopback_host


def sends_to_live_data(graph_url: str) -> bool:
    """False for a Graph URL on this machine (the local emulator): nothing real is counted."""
    try:
        host = urlsplit(graph_url).hostname or ""
    except ValueError:
        return True  # cannot tell: assume the worst
    return not is_loopback_host(host)


def no_test_code_warning(graph_url: str, pixel_id: str) -> str:
    """The question's text before a send without test_event_code: live data, or the emulator."""
    if not sends_to_live_data(graph_url):
        return (
            f"This profile sends to a local emulator ({graph_url}): nothing reaches Meta. "
            "Without a test event code the emulator records the events as they would arrive "
            "in a live dataset."
        )
    return (
        "Without a test event code these events go straight into the live dataset "
        f"of pixel {pixel_id} and count as real conversions."
    )
