"""The "Save your changes first?" question asked before the form shows another profile."""

from __future__ import annotations

from enum import Enum
from typing import TYPE_CHECKING

from capi_desktop.ui import async_dialogs as dialogs

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget


class Unsaved(Enum):
    SAVE = 0
    DISCARD = 1
    CANCEL = 2


async def ask_save_first(host: dialogs.DialogHost, parent: QWidget, name: str) -> Unsaved:
    """Save, Discard or Cancel (also when the dialog is closed) for the edits to `name`."""
    from PySide6.QtWidgets import QMessageBox  # here: PySide builds the class on first use

    roles = QMessageBox.ButtonRole
    choice = await dialogs.ask_choice(
        host,
        parent,
        "Unsaved changes",
        f"Save your changes to “{name}” first?",
        [
            ("Save", roles.AcceptRole),
            ("Discard", roles.DestructiveRole),
            ("Cancel", roles.RejectRole),
        ],
        detail="Discarding forgets what you typed in this form, including a pasted token.",
        default=0,
    )
    return {0: Unsaved.SAVE, 1: Unsaved.DISCARD}.get(choice, Unsaved.CANCEL)
