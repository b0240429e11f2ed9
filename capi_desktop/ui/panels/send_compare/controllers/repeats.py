"""Before a send: does it repeat an event_id Meta already accepted? Ask, and maybe renew ids."""

from __future__ import annotations

import asyncio
import time
from typing import Any

from capi_desktop.backend.history import HistoryStore
from capi_desktop.domain.request.repeat_sends import (
    EarlierSend,
    repeated_event_ids,
    with_new_event_ids,
)
from capi_desktop.ui.panels.send_compare.controllers.send_view import SendQuestions

MAX_IDS_LOOKED_UP = 50  # a batch of thousands is checked on its first 50 ids


def earlier_sends(history: HistoryStore, body: dict[str, Any]) -> list[EarlierSend]:
    """What history holds about sends that carried this body's event_ids."""
    ids = []
    for event in body.get("data", [])[:MAX_IDS_LOOKED_UP]:
        if isinstance(event, dict) and event.get("event_id") not in (None, ""):
            ids.append(str(event["event_id"]))
    rows = {row.id: row for event_id in ids for row in history.search(text=event_id, limit=20)}
    return [
        EarlierSend(r.created_at, r.pixel_id, r.request, r.result == "accepted")
        for r in rows.values()
    ]


async def confirm_repeats(
    history: HistoryStore | None, ask: SendQuestions, pixel_id: str, body: dict[str, Any]
) -> dict[str, Any] | None:
    """The body to send (`body` itself, or a copy with fresh event_ids), or None when the user
    cancels.

    History that cannot be read is no reason to block a send: it is then not checked.
    """
    if history is None:
        return body
    try:
        earlier = await asyncio.to_thread(earlier_sends, history, body)
    except Exception:  # a damaged or locked history must not stop sending
        return body
    repeats = repeated_event_ids(body, pixel_id, earlier, time.time())
    if not repeats:
        return body
    answer = await ask.ask_repeats(pixel_id, repeats)
    if answer == "new":
        return with_new_event_ids(body, repeats)
    return body if answer == "same" else None
