"""Await dialogs without a nested event loop: `open()` + a signal resolving a future."""

from __future__ import annotations

import asyncio

from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget


class DialogHost:
    """Keeps the dialog being awaited reachable (tests click it; nothing is garbage-collected)."""

    def __init__(self) -> None:
        self.current: QMessageBox | QFileDialog | None = None


async def confirm(
    host: DialogHost, parent: QWidget, title: str, text: str, confirm_text: str, *, detail: str = ""
) -> bool:
    """True only when the user clicks `confirm_text`; Escape/close/Cancel mean no."""
    box = QMessageBox(QMessageBox.Icon.Warning, title, text, parent=parent)
    if detail:
        box.setInformativeText(detail)
    yes = box.addButton(confirm_text, QMessageBox.ButtonRole.AcceptRole)
    box.addButton(QMessageBox.StandardButton.Cancel)
    box.setDefaultButton(QMessageBox.StandardButton.Cancel)
    future: asyncio.Future[bool] = asyncio.get_running_loop().create_future()

    def finished(_result: int) -> None:
        if not future.done():
            future.set_result(box.clickedButton() is yes)

    box.finished.connect(finished)
    host.current = box
    box.open()
    try:
        return await future
    finally:
        host.current = None
        box.deleteLater()


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
    """A path picked in a non-native Qt file dialog, or None when cancelled."""
    dialog = QFileDialog(parent, caption)
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
    future: asyncio.Future[str | None] = asyncio.get_running_loop().create_future()

    def finished(result: int) -> None:
        if future.done():
            return
        files = dialog.selectedFiles() if result else []
        future.set_result(files[0] if files else None)

    dialog.finished.connect(finished)
    host.current = dialog
    dialog.open()
    try:
        return await future
    finally:
        host.current = None
        dialog.deleteLater()
