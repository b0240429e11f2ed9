"""Quality panel: Meta's EMQ, diagnostics and dedup feedback per event, beside our estimate, with a trend."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.domain.match_score import DISCLAIMER
from capi_desktop.domain.profile import Profile
from capi_desktop.domain.quality.trend import trend_for
from capi_desktop.services import Services
from capi_desktop.ui.async_qt import loop_running
from capi_desktop.ui.links import Links, panel_links
from capi_desktop.ui.panels.quality.controller import QualityController, View
from capi_desktop.ui.panels.quality.dataset_views import DatasetInfo, DiagnosticsView
from capi_desktop.ui.panels.quality.event_views import DedupTable, EventTable, KeyBars
from capi_desktop.ui.panels.quality.overview_view import OverviewView
from capi_desktop.ui.panels.quality.state_banner import StateBanner
from capi_desktop.ui.panels.quality.trend_chart import TrendChart

if TYPE_CHECKING:  # the sweep module imports the client (httpx)
    from capi_desktop.backend.quality_sweep import SweepProgress


class QualityPanel(QWidget):
    def __init__(
        self, services: Services, parent: QWidget | None = None, *, links: Links | None = None
    ) -> None:
        super().__init__(parent)
        self.services = services
        self.links = panel_links(links, self)
        self.controller = QualityController(services, self)
        self.view: View | None = None
        self._build()
        self._connect()
        self.reload_profiles()
        if loop_running():
            self._show_stored()
            self.controller.load_overview()

    # ----- layout -------------------------------------------------------------------------
    def _build(self) -> None:
        self.profile_box = QComboBox()
        self.profile_box.setMinimumContentsLength(18)
        self.profile_box.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.refresh_button = QPushButton("Refresh from Meta")
        self.refresh_button.setShortcut("F5")
        self.refresh_button.setToolTip(
            "Read dataset_quality, stats, da_checks and pixel settings (F5)"
        )
        self.read_at = QLabel()
        top = QHBoxLayout()
        top.addWidget(QLabel("Profile:"))
        top.addWidget(self.profile_box, 1)
        top.addWidget(self.refresh_button)
        top.addWidget(self.read_at)
        self.banner = StateBanner()
        self.banner.hide()
        self.events = EventTable()
        self.chart = TrendChart()
        self.keys = KeyBars(self.open_field)
        self.diagnostics = DiagnosticsView(self.open_field)
        self.dedup = DedupTable()
        self.dataset = DatasetInfo()
        self.details = QTabWidget()
        self.details.addTab(self.keys, "Match keys")
        self.details.addTab(self.diagnostics, "Diagnostics")
        self.details.addTab(self.dedup, "Dedup keys")
        self.details.addTab(self.dataset, "Dataset")
        upper = QSplitter(Qt.Orientation.Horizontal)
        upper.addWidget(self.events)
        upper.addWidget(self.chart)
        upper.setStretchFactor(0, 3)
        upper.setStretchFactor(1, 2)
        split = QSplitter(Qt.Orientation.Vertical)
        split.addWidget(upper)
        split.addWidget(self.details)
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        self.estimate_note = QLabel(
            "Meta EMQ (0–10) is Meta's score. “Our estimate” (0–100) is this app's match-key "
            "coverage of your accepted sends in history: not Meta's EMQ, and not comparable "
            "number for number."
        )
        self.estimate_note.setToolTip(DISCLAIMER)
        self.estimate_note.setWordWrap(True)
        self.estimate_note.setStyleSheet("color: palette(placeholder-text);")
        dataset_tab = QWidget()
        dataset_layout = QVBoxLayout(dataset_tab)
        dataset_layout.setContentsMargins(0, 0, 0, 0)
        dataset_layout.addLayout(top)
        dataset_layout.addWidget(self.banner)
        dataset_layout.addWidget(split, 1)
        dataset_layout.addWidget(self.estimate_note)
        self.overview = OverviewView()
        self.tabs = QTabWidget()
        self.tabs.addTab(dataset_tab, "This dataset")
        self.tabs.addTab(self.overview, "All profiles")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 8)
        layout.addWidget(self.tabs)

    def _connect(self) -> None:
        c = self.controller
        self.refresh_button.clicked.connect(self.refresh)
        self.banner.retry_requested.connect(self.refresh)
        self.profile_box.currentIndexChanged.connect(lambda _i: self._show_stored())
        self.events.event_selected.connect(self._show_event)
        c.loading.connect(self._loading)
        c.waiting.connect(self._waiting)
        c.view_ready.connect(self.show_view)
        c.failed.connect(self._failed)
        self.overview.refresh_all.connect(self.refresh_all)
        self.overview.cancel.connect(c.cancel_sweep)
        c.sweep_progress.connect(self._sweep_progress)
        c.sweep_finished.connect(self._sweep_finished)
        c.overview_ready.connect(
            lambda latest: self.overview.set_rows(self.controller.profiles(), latest)
        )

    # ----- profiles -----------------------------------------------------------------------
    def reload_profiles(self) -> None:
        current = self.current_profile()
        profiles = self.controller.profiles()
        self.profile_box.blockSignals(True)
        self.profile_box.clear()
        for profile in profiles:
            self.profile_box.addItem(f"{profile.name} — {profile.pixel_id}", profile.id)
        if current is not None:
            index = self.profile_box.findData(current.id)
            self.profile_box.setCurrentIndex(max(0, index))
        self.profile_box.blockSignals(False)
        self.refresh_button.setEnabled(bool(profiles))
        self.overview.set_rows(profiles)
        if not profiles:
            self.banner.show_state(
                "empty",
                "No profile yet",
                "Add a profile with a System User token in Credentials (Ctrl+1), or try the "
                "local emulator; then refresh here.",
            )

    def showEvent(self, event: Any) -> None:
        # Profiles may have changed in Credentials since this panel was last shown.
        super().showEvent(event)
        known = [self.profile_box.itemData(i) for i in range(self.profile_box.count())]
        if known != [p.id for p in self.controller.profiles()]:
            self.reload_profiles()
            if loop_running():
                self._show_stored()

    def current_profile(self) -> Profile | None:
        profile_id = self.profile_box.currentData()
        return next((p for p in self.controller.profiles() if p.id == profile_id), None)

    def _show_stored(self) -> None:
        profile = self.current_profile()
        if profile is not None:
            self.controller.show_stored(profile)

    # ----- actions ------------------------------------------------------------------------
    def refresh(self) -> Any:
        profile = self.current_profile()
        if profile is None:
            return None
        return self.controller.refresh(profile)

    def refresh_all(self) -> None:
        self.overview.sweep_started(len(self.controller.profiles()))
        self.controller.start_sweep()

    def open_field(self, path: str) -> bool:
        if not self.links.available:
            self.banner.show_state("error", "The Composer is not available", f"Field: {path}")
            return False
        return self.links.open_field(path)

    # ----- rendering ----------------------------------------------------------------------
    def _loading(self, name: str) -> None:
        self.refresh_button.setEnabled(False)
        self.banner.show_state("loading", f"Reading Meta's quality view for {name}…", "")

    def _waiting(self, seconds: float, why: str) -> None:
        self.banner.show_state(
            "throttled", "Waiting for Meta's rate limit", f"{html.escape(why)}", retry_in_s=seconds
        )

    def _failed(self, message: str) -> None:
        self.refresh_button.setEnabled(True)
        self.banner.show_state("error", "Could not read Meta's quality view", html.escape(message))

    def show_view(self, view: View) -> None:
        self.view = view
        self.refresh_button.setEnabled(True)
        latest = view.latest
        if latest is None:
            self.events.setRowCount(0)
            self.read_at.setText("never read")
            self.banner.show_state(
                "empty", "Nothing stored for this profile", "Press Refresh from Meta (F5)."
            )
            self._show_event("")
            self.dataset.set_snapshot(None)
            return
        import time

        self.read_at.setText(
            time.strftime("read %Y-%m-%d %H:%M", time.localtime(latest.fetched_at))
            + f" · Graph {latest.graph_version}"
        )
        if latest.outcome.state == "data":
            self.banner.hide()
        else:
            self.banner.show_outcome(latest.outcome)
        # A failed read must not leave the previous read's numbers on screen.
        events = latest.quality.events if latest.outcome.state == "data" else ()
        earlier = any(s.outcome.state == "data" for s in view.snapshots)
        self.chart.empty_text = (
            "The latest read has no scores; the trend of earlier reads returns with the next "
            "successful one."
            if earlier
            else "No stored reads yet: refresh to start the trend."
        )
        self.events.set_events(events, view.local)
        if not events:
            self._show_event("")
        self.dataset.set_snapshot(latest)

    def _show_event(self, name: str) -> None:
        latest = self.view.latest if self.view else None
        event = latest.quality.event(name) if latest is not None and name else None
        self.keys.empty.setText(
            "Meta sent no match-key feedback for this event." if event else "No event to show."
        )
        self.keys.set_keys(event.match_keys if event else ())
        self.diagnostics.set_diagnostics(event.diagnostics if event else ())
        self.dedup.set_keys(event.dedupe if event else ())
        if self.view is None or not name:
            self.chart.set_trend(None)
            return
        self.chart.set_trend(trend_for(name, self.view.snapshots, self.view.sends))

    def _sweep_progress(self, progress: SweepProgress) -> None:
        self.overview.sweep_progress(progress)

    def _sweep_finished(self, cancelled: bool) -> None:
        self.overview.sweep_finished(cancelled)
        self._show_stored()

    # ----- panel protocol -----------------------------------------------------------------
    def load_demo(self) -> None:
        from capi_desktop.ui.panels.quality.demo import fill

        fill(self)

    async def shutdown(self) -> None:
        await self.controller.shutdown()
