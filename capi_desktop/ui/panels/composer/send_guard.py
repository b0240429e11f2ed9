"""Before the Composer hands a request to Send: ask when consent says suppress or lint finds errors."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from capi_desktop.domain.request.consent import ConsentDecision

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

    from capi_desktop.ui.links import Links
    from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

SEND_ANYWAY = "Send anyway (testing)"
SEND_WITH_ERRORS = "Send anyway"


class SendGuard:
    """Asks (non-modal: never a nested event loop) before sending a suppressed event."""

    def __init__(self, panel: ComposerPanel, links: Links) -> None:
        self.panel = panel
        self.links = links
        self.prompt: QMessageBox | None = None

    def request(self) -> None:
        """Ctrl+Enter / Send…: hand the body over now, or once the user agrees (consent says
        suppress, lint finds errors).

        Refused while Edit JSON holds text that does not parse: sending the last valid request
        instead would send something other than what the screen shows.
        """
        panel = self.panel
        panel.flush()
        if panel.editor.has_error():
            panel.json_tabs.setCurrentWidget(panel.editor)
            panel.editor.go_to_error()
            panel.tools.show_status(
                f"Not sent: the JSON in Edit JSON does not parse ({panel.editor.error}). Fix it, "
                "or click “Discard my text” to go back to the form's request.",
                error=True,
            )
            return
        if not self.check(self.panel.consent.decision(), self.check_lint):
            self.panel.tools.show_status(
                "Not sent yet: the consent policy says suppress — answer the question.", error=True
            )

    def check_lint(self) -> None:
        """Second gate: lint errors are what Meta rejects — name them and ask before sending."""
        errors = [f for f in self.panel.findings if f.severity == "error"]
        if not errors:
            self.hand_over()
            return
        shown = "".join(
            f"<li><code>{escape(f.path or '(request)')}</code>: {escape(f.message)}"
            + (f" <i>({escape(f.predicted_error_key or '')})</i>" if f.predicted_error else "")
            + "</li>"
            for f in errors[:5]
        )
        more = f"<br>…and {len(errors) - 5} more." if len(errors) > 5 else ""
        self._ask(
            "Send a request Meta will reject?",
            f"<b>Lint found {len(errors)} error{'s' if len(errors) != 1 else ''}: Meta rejects "
            "the whole request.</b>",
            f"<ul>{shown}</ul>{more}Fix them first (click a finding to go to the field), or send "
            "anyway to see Meta's answer.",
            SEND_WITH_ERRORS,
            self.hand_over,
        )
        self.panel.tools.show_status(
            "Not sent yet: the request has lint errors — answer the question.", error=True
        )

    def hand_over(self) -> None:
        panel = self.panel
        body = panel.request_body()
        # Exactly once: Send & Compare listens on links.send_requested (built on demand).
        self.links.request_send(body)
        panel.tools.show_status("Handed to Send & Compare.")

    def check(self, decision: ConsentDecision, proceed: Callable[[], None]) -> bool:
        """Call `proceed` now, or after the user agrees; False when the user must decide first."""
        if decision.action != "suppress":
            proceed()
            return True
        self._ask(
            "Consent says: do not send",
            "<b>The consent policy says this event must be suppressed</b> — recorded locally, "
            "not sent to Meta.",
            f"Reason: {escape(decision.reason)}<br><br>Send it only to test (e.g. with a "
            "test_event_code or the local emulator). To send it for real, change the consent "
            "on the Event tab first.",
            SEND_ANYWAY,
            proceed,
        )
        return False

    def _ask(
        self, title: str, text: str, informative: str, send_label: str, proceed: Callable[[], None]
    ) -> None:
        if self.prompt is not None:  # already asking: a second Ctrl+Enter just shows it again
            self.prompt.raise_()
            return
        from PySide6.QtWidgets import QMessageBox  # here: PySide builds the class on first use

        box = QMessageBox(self.panel)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle(title)
        box.setText(text)
        box.setInformativeText(informative)
        send = box.addButton(send_label, QMessageBox.ButtonRole.DestructiveRole)
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
