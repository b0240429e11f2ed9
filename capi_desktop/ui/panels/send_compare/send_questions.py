"""The Send tab's questions before a send: live events, a repeated event_id, a resend."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from capi_desktop.domain.lint.live_send import no_test_code_warning
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.request.delivery import resend_warning
from capi_desktop.domain.request.repeat_sends import Repeat
from capi_desktop.ui.async_dialogs import DialogHost, ask_choice, confirm
from capi_desktop.ui.panels.send_compare.controllers.send_view import RepeatAnswer

NEW_IDS, SAME_IDS = "Use new event_ids", "Send with the same event_ids"


class SendQuestionBox:
    """Asks through the panel's dialog host (one dialog at a time, awaited, never exec())."""

    def __init__(self, dialogs: DialogHost, parent: QWidget) -> None:
        self.dialogs = dialogs
        self.parent = parent

    async def ask_live_send(self, profile: Profile) -> bool:
        return await confirm(
            self.dialogs,
            self.parent,
            "Send without a test event code?",
            no_test_code_warning(profile.graph_url, profile.pixel_id),
            "Send live events",
            detail="Cancel and enter the code from Events Manager → Test Events to test.",
            icon=QMessageBox.Icon.Warning,
            role=QMessageBox.ButtonRole.AcceptRole,
        )

    async def ask_resend(self, events: int, without_id: int) -> bool:
        return await confirm(
            self.dialogs,
            self.parent,
            "Resend the same request?",
            resend_warning(events, without_id),
            "Resend",
            detail="Check Events Manager → Test Events (or Overview) first if you can.",
            icon=QMessageBox.Icon.Warning,
            role=QMessageBox.ButtonRole.AcceptRole,
        )

    async def ask_repeats(self, pixel_id: str, repeats: Sequence[Repeat]) -> RepeatAnswer:
        listed = "".join(f"<li>{escape(r.describe())}</li>" for r in repeats[:5])
        more = f"<li>… and {len(repeats) - 5} more</li>" if len(repeats) > 5 else ""
        choice = await ask_choice(
            self.dialogs,
            self.parent,
            "Send the same event_id again?",
            f"<b>This request repeats event_ids Meta already accepted for pixel "
            f"{escape(pixel_id)}:</b><ul>{listed}{more}</ul>",
            [
                (NEW_IDS, QMessageBox.ButtonRole.AcceptRole),
                (SAME_IDS, QMessageBox.ButtonRole.DestructiveRole),
                ("Cancel", QMessageBox.ButtonRole.RejectRole),
            ],
            detail="Meta discards a later event with the same event_name and event_id within "
            "48 hours, so it may not show in Test Events or count. Use new event_ids to test "
            "again; keep them only to test deduplication itself.",
            default=0,
            icon=QMessageBox.Icon.Warning,
        )
        if choice == 0:
            return "new"
        return "same" if choice == 1 else "cancel"
