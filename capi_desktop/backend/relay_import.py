"""Import a server log file into a running live session, linted like relayed requests."""

from __future__ import annotations

import os
import time
from pathlib import Path

from capi_desktop.backend.server_log_reader import read_server_events
from capi_desktop.domain.lint import lint
from capi_desktop.domain.live.records import RelayedRequest
from capi_desktop.domain.request.event_model import CapiRequest


def relayed_from_log(
    path: str | os.PathLike[str], *, now: float | None = None
) -> list[RelayedRequest]:
    """One RelayedRequest per logged event; arrival time is the event's own event_time.

    Raises ServerLogError or OSError (the caller shows the message). Tokens in the log are
    never kept: only `data[i]` events are read.
    """
    now = time.time() if now is None else now
    name = Path(path).name
    requests = []
    for logged in read_server_events(path):
        event = logged.event
        event_time = event.get("event_time")
        at = float(event_time) if isinstance(event_time, int | float) else now
        findings = tuple(lint(CapiRequest({"data": [event]}), now=int(now)))
        requests.append(
            RelayedRequest(
                at=at,
                path=f"(log {name})",
                pixel_id=logged.pixel_id,
                status=200,
                events=(event,),
                findings=findings,
                origin=f"{name}: {logged.origin}",
            )
        )
    return requests
