"""Before a send: ask when it repeats an event_id Meta already accepted (it may be discarded)."""

from __future__ import annotations

import asyncio
import time
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QMessageBox

from capi_desktop.domain.request.repeat_sends import (
    EarlierSend,
    repeated_event_ids,
    with_new_event_ids,
)
from capi_desktop.ui.async_dialogs import ask_choice

if TYPE_CHECKING:
    from capi_desktop.ui.panels.send_compare.send_tab import SendTab

NEW_IDS, SAME_IDS = "Use new event_ids", "Send with the same event_ids"
MAX_IDS_LOOKED_UP = 50  # a batch of thousands is checked on its first 50 ids


def _earlier_sends(history: Any, body: dict[str, Any]) -> list[EarlierSend]:
    ids = []
    for event in body.get("data", [])[:MAX_IDS_LOOKED_UP]:
        if isinstance(event, dict) and event.get("event_id") not in (None, ""):
            ids.append(str(event["event_id"]))
    rows = {}
    for event_id in ids:
        for row in history.search(text=event_id, limit=20):
            rows[row.id] = row
    return [
        EarlierSend(r.created_at, r.pixel_id, r.request, r.result == "accepted")
        for r in rows.values()
    ]


async def confirm_repeats(
    tab: SendTab, profile: Any, body: dict[str, Any]
) -> dict[str, Any] | None:
    """The body to send (unchanged, or with fresh event_ids), or None when the user cancels.

    History that cannot be read is no reason to block a send: it is then not checked.
    """
    history = tab.services.history
    if history is None:
        return body
    try:
        earlier = await asyncio.to_thread(_earlier_sends, history, body)
    except Exception:  # a damaged or locked history must not stop sending
        return body
    repeats = repeated_event_ids(body, profile.pixel_id, earlier, time.time())
    if not repeats:
        return body
    listed = "".join(f"<li>{escape(r.describe())}</li>" for r in repeats[:5])
    more = f"<li>… and {len(repeats) - 5} more</li>" if len(repeats) > 5 else ""
    choice = await ask_choice(
        tab.dialogs,
        tab,
        "Send the same event_id again?",
        f"<b>This request repeats event_ids Meta already accepted for pixel "
        f"{escape(profile.pixel_id)}:</b><ul>{listed}{more}</ul>",
        [
            (NEW_IDS, QMessageBox.ButtonRole.AcceptRole),
            (SAME_IDS, QMessageBox.ButtonRole.DestructiveRole),
            ("Cancel", QMessageBox.ButtonRole.RejectRole),
        ],
        detail="Meta discards a later event with the same event_name and event_id within 48 "
        "hours, so it may not show in Test Events or count. Use new event_ids to test again; "
        "keep them only to test deduplication itself.",
        default=0,
        icon=QMessageBox.Icon.Warning,
    )
    if choice == 0:
        fresh = with_new_event_ids(body, repeats)
        tab.set_request(fresh)  # what is sent is what the editor shows
        return fresh
    return body if choice == 1 else None
