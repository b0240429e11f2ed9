"""The Send & Compare panel: four tabs, wired to the other panels only through `links`."""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from capi_desktop.services import Services
from capi_desktop.ui.async_dialogs import DialogHost
from capi_desktop.ui.async_qt import loop_running
from capi_desktop.ui.links import Links, panel_links
from capi_desktop.ui.panels.send_compare.audit_tab import AuditTab
from capi_desktop.ui.panels.send_compare.compare_tab import CompareTab
from capi_desktop.ui.panels.send_compare.history_tab import HistoryTab
from capi_desktop.ui.panels.send_compare.send_tab import SendTab
from capi_desktop.ui.widgets.notice import Notice

if TYPE_CHECKING:
    import asyncio

log = logging.getLogger(__name__)


class SendComparePanel(QWidget):
    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = panel_links(links, self)
        self.dialogs = DialogHost()
        self.send_tab = SendTab(services, self.links, self.dialogs)
        self.history_tab = HistoryTab(services, self.dialogs, on_problem=self._show_problem)
        self.compare_tab = CompareTab(
            self.dialogs, self.links, self._history_body, self._default_pixel
        )
        self.audit_tab = AuditTab(self.dialogs, quality_for=self._stored_quality)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.send_tab, "Send")
        self.tabs.addTab(self.history_tab, "History")
        self.tabs.addTab(self.compare_tab, "Compare")
        self.tabs.addTab(self.audit_tab, "Audit")
        self.banner = Notice(kind="warning")
        self.banner.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs)

        self.send_tab.history_changed.connect(self.history_tab.refresh)
        self.history_tab.reopen_requested.connect(self.reopen_in_composer)
        self.history_tab.resend_requested.connect(self._resend)
        self.links.send_requested.connect(self.send_from_composer)
        self.send_tab.controller.profiles.show([])
        if loop_running():  # screenshots build panels without a loop; they use load_demo
            self.send_tab.controller.profiles.reload()
            self.history_tab.refresh()

    # ----- Composer (through links) -------------------------------------------------------
    def send_from_composer(self, body: Any) -> None:
        """The Composer's Send (links.request_send): show this tab and send the body."""
        self.send_tab.set_request(body)
        self.tabs.setCurrentWidget(self.send_tab)
        self.links.show("send")
        self.send_tab.send()

    def reopen_in_composer(self, body: Any) -> None:
        if not self.links.open_in_composer(body):
            self._show_problem("The Composer is not available to re-open this request.")

    def _resend(self, body: Any) -> None:
        self.send_tab.set_request(body)
        self.tabs.setCurrentWidget(self.send_tab)

    # ----- helpers for the tabs -----------------------------------------------------------
    def _history_body(self) -> Any:
        rows = self.history_tab.selected() or self.history_tab.rows[:1]
        if rows:
            return rows[0].request
        return self.send_tab.controller.last_body

    def _default_pixel(self) -> str:
        profile = self.send_tab.current_profile()
        return profile.pixel_id if profile is not None else ""

    def _stored_quality(self, pixel_ids: set[str]) -> list[Any]:
        """For the audit report: the Quality panel's newest snapshots of these datasets."""
        store = self.services.quality_store
        return list(store.latest_for_pixels(pixel_ids)) if store is not None else []

    def _show_problem(self, text: str) -> None:
        self.banner.setText(text)
        self.banner.show()

    # ----- panel protocol -----------------------------------------------------------------
    def load_demo(self) -> None:
        from capi_desktop.ui.panels.send_compare import demo  # its history store: sqlite3

        demo.fill(self)

    def running_tasks(self) -> list[asyncio.Task[Any]]:
        """Tasks this panel started that have not finished (sends, refreshes, audits)."""
        import asyncio  # here, not at import: the panel paints before asyncio loads

        found: list[asyncio.Task[Any]] = []
        send = self.send_tab.controller
        owners = (self.send_tab, send, send.profiles, self.history_tab, self.compare_tab)
        for tab in (*owners, self.audit_tab):
            for name, value in vars(tab).items():
                is_task = isinstance(value, asyncio.Task)
                if is_task and (
                    name.startswith("_async_slot_task_") or name in ("_task", "_busy_task")
                ):
                    found.append(value)
        return [t for t in dict.fromkeys(found) if not t.done()]

    async def shutdown(self) -> None:
        """Stop sends and the audit, then wait for their worker threads to hand back."""
        self.send_tab.cancel()
        self.audit_tab.cancel()
        import asyncio

        pending = self.running_tasks()
        if pending:
            # A worker thread finishing after the loop closed would post into a dead loop.
            await asyncio.wait(pending, timeout=2.5)
