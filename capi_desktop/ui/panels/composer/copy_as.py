"""Composer › Copy as: code (cURL, Python, Node.js, PHP, JSON) that sends the request shown."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMenu

from capi_desktop.config import DEFAULT_GRAPH_URL
from capi_desktop.domain.request.event_model import CapiRequest

if TYPE_CHECKING:
    from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel

ShowStatus = Callable[..., None]  # (text, *, error=False)


class CopyAs:
    """The Copy as ▾ menu; the token is never in the code (read from the environment)."""

    def __init__(self, panel: ComposerPanel, show_status: ShowStatus) -> None:
        self.panel = panel
        self.show_status = show_status
        self.menu = QMenu(panel)
        self.actions: dict[str, QAction] = {}
        self.menu.setToolTipsVisible(True)
        # Code generation (~5 ms of imports) loads when the menu first opens, not to paint.
        self.menu.aboutToShow.connect(self.fill)

    def fill(self) -> None:
        """The menu's entries (once)."""
        if self.actions:
            return
        from capi_desktop.domain.codegen import CHECK_SHORT, SPECS

        for spec in SPECS:
            action = self.menu.addAction(spec.label, partial(self.copy, spec.id))
            action.setToolTip(f"{spec.written_for}; {CHECK_SHORT[spec.check]}")
            self.actions[spec.id] = action
        # A QShortcut (composer_actions) does the work: an action shortcut too would make it
        # ambiguous.
        curl_action = self.actions["curl"]
        curl_action.setText(f"{curl_action.text()}\tCtrl+Shift+C")

    def _target(self) -> tuple[str, str, str]:
        """(pixel id, API version, Graph URL) of the active profile, else placeholders."""
        from capi_desktop.domain.codegen import PIXEL_PLACEHOLDER
        from capi_desktop.domain.request.graph_versions import DEFAULT_API_VERSION

        store = self.panel.services.credentials
        try:
            profiles = store.list_profiles() if store is not None else []
        except Exception:  # credentials are optional here; placeholders always work
            profiles = []
        active = self.panel.services.settings.get("active_profile")
        profile = next((p for p in profiles if p.id == active), profiles[0] if profiles else None)
        if profile is None:
            return PIXEL_PLACEHOLDER, DEFAULT_API_VERSION, DEFAULT_GRAPH_URL
        return profile.pixel_id, profile.api_version, profile.graph_url

    def copy(self, fmt: str) -> str | None:
        """Put code for this request on the clipboard; the token stays a placeholder."""
        from capi_desktop.domain.codegen import TOKEN_ENV, render

        pixel, version, url = self._target()
        try:
            result = render(
                CapiRequest(self.panel.request_body()),
                fmt,
                pixel_id=pixel,
                api_version=version,
                graph_url=url,
            )
        except ValueError as exc:
            self.show_status(f"Could not export: {exc}", error=True)
            return None
        text = result.text
        QGuiApplication.clipboard().setText(text)
        label = result.spec.label
        note = "" if fmt == "json" else f"; the token is read from ${TOKEN_ENV}"
        sends = result.spec.sends_version
        if sends and sends != version:
            note += f"; this SDK sends {sends}, not {version} (see the comment in the code)"
        if result.scrubbed:
            note += f"; {result.scrubbed} token-like value(s) replaced by [REDACTED]"
        if self.panel.consent.decision().action == "suppress":
            self.show_status(
                f"Copied {label}{note}. Careful: the consent policy says this event must not be "
                "sent to Meta.",
                error=True,
            )
            return text
        self.show_status(f"Copied {label}{note}.")
        return text
