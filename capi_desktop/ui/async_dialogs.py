"""Await dialogs without a nested event loop (`open()` + `finished`): shared by the panels."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

# The dialog classes are imported where used: PySide builds a class, and its enums, on first
# use, and the panels import this module before their first paint.
if TYPE_CHECKING:
    from PySide6.QtWidgets import QDialog, QMessageBox, QWidget

T = TypeVar("T")


class DialogHost:
    """Holds the dialog being awaited: it stays alive, and tests can find and click it."""

    def __init__(self) -> None:
        self.current: QDialog | None = None


async def await_dialog(host: DialogHost, dialog: QDialog, outcome: Callable[[int], T]) -> T:
    """Open `dialog` window-modally and return `outcome(result code)` once it closes."""
    import asyncio  # here, not at import: panels import this module before the loop exists

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
    icon: QMessageBox.Icon | None = None,
) -> int:
    """Index of the button clicked in `buttons`; -1 for Escape or closing the box (the icon:
    Question unless given)."""
    from PySide6.QtWidgets import QMessageBox

    if icon is None:
        icon = QMessageBox.Icon.Question
    box = QMessageBox(icon, title, text, parent=parent)
    if detail:
        box.setInformativeText(detail)
    made = [box.addButton(label, role) for label, role in buttons]
    if 0 <= default < len(made):
        box.setDefaultButton(made[default])
    reject = QMessageBox.ButtonRole.RejectRole
    rejects = [b for b, (_, role) in zip(made, buttons, strict=True) if role == reject]
    if rejects:
        box.setEscapeButton(rejects[0])

    def clicked(_code: int) -> int:
        button = box.clickedButton()
        return made.index(button) if button in made else -1

    return await await_dialog(host, box, clicked)


async def confirm(
    host: DialogHost,
    parent: QWidget,
    title: str,
    text: str,
    action: str,
    *,
    detail: str = "",
    icon: QMessageBox.Icon | None = None,
    role: QMessageBox.ButtonRole | None = None,
) -> bool:
    """True only if the user clicks `action`; Cancel is the default (Enter does not confirm).
    `icon` as in ask_choice; `role` of the action: DestructiveRole unless given."""
    from PySide6.QtWidgets import QMessageBox

    roles = QMessageBox.ButtonRole
    buttons = [
        (action, roles.DestructiveRole if role is None else role),
        ("Cancel", roles.RejectRole),
    ]
    agreed = await ask_choice(
        host, parent, title, text, buttons, detail=detail, default=1, icon=icon
    )
    return agreed == 0


async def ask_text(
    host: DialogHost, parent: QWidget, title: str, label: str, value: str = ""
) -> str | None:
    """The text entered, or None when cancelled."""
    from PySide6.QtWidgets import QInputDialog, QLineEdit

    dialog = QInputDialog(parent)
    dialog.setWindowTitle(title)
    dialog.setLabelText(label)
    dialog.setTextEchoMode(QLineEdit.EchoMode.Normal)
    dialog.setTextValue(value)
    return await await_dialog(host, dialog, lambda code: dialog.textValue() if code else None)


_LAST_FOLDER: list[str] = []  # one slot: the folder of the last file picked in this run


def start_folder() -> str:
    """Where file dialogs open: the last folder used, else Documents, else home."""
    if _LAST_FOLDER and Path(_LAST_FOLDER[0]).is_dir():
        return _LAST_FOLDER[0]
    from PySide6.QtCore import QStandardPaths

    documents = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    if documents and Path(documents).is_dir():
        return documents
    return str(Path.home())


async def choose_file(
    host: DialogHost,
    parent: QWidget,
    caption: str,
    name_filter: str,
    *,
    save: bool = False,
    default_suffix: str = "",
    suggested_name: str = "",
) -> str | None:
    """A path picked in a non-native Qt file dialog, or None when cancelled.

    It opens in the folder last used by any file dialog of this run, else the user's
    Documents folder — never the process's working directory (often the install dir).
    """
    from PySide6.QtWidgets import QFileDialog

    dialog = QFileDialog(parent, caption)
    dialog.setDirectory(start_folder())
    dialog.setNameFilter(name_filter)
    # Qt's own dialog: the native one may run its own loop on some platforms.
    dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
    if save:
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        dialog.setFileMode(QFileDialog.FileMode.AnyFile)
        if default_suffix:
            dialog.setDefaultSuffix(default_suffix)
        if suggested_name:
            dialog.selectFile(suggested_name)
    else:
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)

    def picked(code: int) -> str | None:
        files = dialog.selectedFiles() if code else []
        if files:
            _LAST_FOLDER[:] = [str(Path(files[0]).parent)]
        return files[0] if files else None

    return await await_dialog(host, dialog, picked)
