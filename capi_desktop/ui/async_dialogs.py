"""Await dialogs without a nested event loop (`open()` + `finished`): shared by the panels."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

from PySide6.QtWidgets import QDialog, QInputDialog, QLineEdit, QMessageBox, QWidget

T = TypeVar("T")
_REJECT = QMessageBox.ButtonRole.RejectRole


class DialogHost:
    """Holds the dialog being awaited: it stays alive, and tests can find and click it."""

    def __init__(self) -> None:
        self.current: QDialog | None = None


async def await_dialog(host: DialogHost, dialog: QDialog, outcome: Callable[[int], T]) -> T:
    """Open `dialog` window-modally and return `outcome(result code)` once it closes."""
    future: asyncio.Future[T] = asyncio.get_running_loop().create_future()

    def finished(code: int) -> None:
        if not future.done():
            future.set_result(outcome(code))

    dialog.finished.connect(finished)
    host.current = dialog
    dialog.open()
    try:
        return await future
    finally:
        host.current = None
        dialog.deleteLater()


async def ask_choice(
    host: DialogHost,
    parent: QWidget,
    title: str,
    text: str,
    buttons: list[tuple[str, QMessageBox.ButtonRole]],
    *,
    detail: str = "",
    default: int = -1,
) -> int:
    """Index of the button clicked in `buttons`; -1 for Escape or closing the box."""
    box = QMessageBox(QMessageBox.Icon.Question, title, text, parent=parent)
    if detail:
        box.setInformativeText(detail)
    made = [box.addButton(label, role) for label, role in buttons]
    if 0 <= default < len(made):
        box.setDefaultButton(made[default])
    rejects = [b for b, (_, role) in zip(made, buttons, strict=True) if role == _REJECT]
    if rejects:
        box.setEscapeButton(rejects[0])

    def clicked(_code: int) -> int:
        button = box.clickedButton()
        return made.index(button) if button in made else -1

    return await await_dialog(host, box, clicked)


async def confirm(
    host: DialogHost, parent: QWidget, title: str, text: str, action: str, *, detail: str = ""
) -> bool:
    """True only if the user clicks `action`; Cancel is the default (Enter does not destroy)."""
    roles = QMessageBox.ButtonRole
    buttons = [(action, roles.DestructiveRole), ("Cancel", roles.RejectRole)]
    return await ask_choice(host, parent, title, text, buttons, detail=detail, default=1) == 0


async def ask_text(
    host: DialogHost, parent: QWidget, title: str, label: str, value: str = ""
) -> str | None:
    """The text entered, or None when cancelled."""
    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(value)
    return await await_dialog(host, dialog, lambda code: dialog.textValue() if code else None)
