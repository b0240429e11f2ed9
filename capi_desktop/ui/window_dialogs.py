"""The main window's message boxes: About, error report, unsaved changes on quit.

Kept out of main_window so QMessageBox loads only when a box is first needed, not on the path
to the first painted window (benchmarks/startup.py).
"""

from __future__ import annotations

import platform
from collections.abc import Callable

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from capi_desktop.config import APP_NAME, VERSION


def about_text() -> str:
    try:
        from capi_desktop.backend.keyring_status import describe_keyring

        keyring_line = describe_keyring()
    except Exception as exc:  # keyring discovery must never break the About box
        keyring_line = f"unavailable ({type(exc).__name__})"
    return (
        f"<h3>{APP_NAME} {VERSION}</h3>"
        "<p>Check, compose and debug Meta Conversions API events — locally.</p>"
        f"<p>Qt {qVersion()} · PySide6 {pyside_version} · Python {platform.python_version()}<br>"
        f"Platform: {QApplication.platformName()} · Keyring: {keyring_line}</p>"
    )


def open_about(parent: QWidget) -> QMessageBox:
    box = QMessageBox(
        QMessageBox.Icon.Information, f"About {APP_NAME}", about_text(), parent=parent
    )
    box.setTextFormat(Qt.TextFormat.RichText)
    box.open()  # never exec(): no nested loop under qasync
    return box


def show_error(parent: QWidget, text: str, on_closed: Callable[[QMessageBox], None]) -> QMessageBox:
    """Non-modal: the app keeps running and nothing typed is lost."""
    box = QMessageBox(QMessageBox.Icon.Warning, "Something went wrong", text, parent=parent)
    box.setInformativeText("The details are in the log file. Your work was not lost.")
    box.setModal(False)
    box.finished.connect(lambda _=0: on_closed(box))
    box.show()
    return box


def show_file_notice(parent: QWidget, message: str, box: QMessageBox | None) -> QMessageBox:
    """One non-modal box listing every damaged or unwritable app file (appended, not stacked)."""
    if box is None or not box.isVisible():
        box = QMessageBox(
            QMessageBox.Icon.Warning, "Some files could not be used", "", parent=parent
        )
        box.setObjectName("file-notice")
        box.setInformativeText("Everything else started normally. The details are in the log.")
        box.setModal(False)
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        text = message
    else:
        text = f"{box.text()}\n\n{message}"
    box.setText(text)
    box.show()
    return box


def ask_unsaved(
    parent: QWidget,
    messages: list[str],
    on_discard: Callable[[], None],
    on_save: Callable[[], None],
) -> QMessageBox:
    """Save / Discard / Cancel before quitting; Cancel does nothing."""
    box = QMessageBox(
        QMessageBox.Icon.Question,
        "Unsaved changes",
        "\n".join(messages),
        QMessageBox.StandardButton.Save
        | QMessageBox.StandardButton.Discard
        | QMessageBox.StandardButton.Cancel,
        parent,
    )
    box.setInformativeText("Save before quitting?")
    box.setDefaultButton(QMessageBox.StandardButton.Save)

    def finished(_result: int) -> None:
        role = box.standardButton(box.clickedButton())
        if role == QMessageBox.StandardButton.Discard:
            on_discard()
        elif role == QMessageBox.StandardButton.Save:
            on_save()

    box.finished.connect(finished)
    box.open()  # never exec(): no nested loop under qasync
    return box
