"""Before the Composer hands a request to Send: stop and ask when the consent policy says suppress."""

from __future__ import annotations

from collections.abc import Callable
from html import escape

from PySide6.QtWidgets import QMessageBox, QWidget

from capi_desktop.domain.consent import ConsentDecision

SEND_ANYWAY = "Send anyway (testing)"


class SendGuard:
    """Asks (non-modal: never a nested event loop) before sending a suppressed event."""

    def __init__(self, parent: QWidget) -> None:
        self.parent = parent
        self.prompt: QMessageBox | None = None

    def check(self, decision: ConsentDecision, proceed: Callable[[], None]) -> bool:
        """Call `proceed` now, or after the user agrees; False when the user must decide first."""
        if decision.action != "suppress":
            proceed()
            return True
        if self.prompt is not None:  # already asking: a second Ctrl+Enter just shows it again
            self.prompt.raise_()
            return False
        box = QMessageBox(self.parent)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Consent says: do not send")
        box.setText(
            "<b>The consent policy says this event must be suppressed</b> — recorded locally, "
            "not sent to Meta."
        )
        box.setInformativeText(
            f"Reason: {escape(decision.reason)}<br><br>Send it only to test (e.g. with a "
            "test_event_code or the local emulator). To send it for real, change the consent "
            "on the Event tab first."
        )
        send = box.addButton(SEND_ANYWAY, QMessageBox.ButtonRole.DestructiveRole)
        cancel = box.addButton("Don't send", QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)

        def finished(_result: int) -> None:
            agreed = box.clickedButton() is send
            self.prompt = None
            box.deleteLater()
            if agreed:
                proceed()

        box.finished.connect(finished)
        self.prompt = box
        box.open()
        return False
