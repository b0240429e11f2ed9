"""The Composer's widgets and how they are laid out (splitters sized for 1024-1920 px)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from capi_desktop.ui.panels.composer.catalog import ACTION_SOURCES, STANDARD_EVENT_NAMES
from capi_desktop.ui.panels.composer.consent_box import ConsentBox
from capi_desktop.ui.panels.composer.custom_data_tab import CustomDataTab
from capi_desktop.ui.panels.composer.customer_tab import CustomerTab
from capi_desktop.ui.panels.composer.event_picker import EventPicker
from capi_desktop.ui.panels.composer.event_section import EventSection
from capi_desktop.ui.panels.composer.field_focus import focus_score_key
from capi_desktop.ui.panels.composer.findings_view import FindingsList, ScoreMeter
from capi_desktop.ui.panels.composer.json_views import JsonPane
from capi_desktop.ui.panels.composer.kind_section import KindSection
from capi_desktop.ui.panels.composer.splitters import ProportionalSplitter
from capi_desktop.ui.qt_keys import set_keys

if TYPE_CHECKING:
    from capi_desktop.ui.panels.composer.composer_panel import ComposerPanel


def _scroll(widget: QWidget) -> QScrollArea:
    area = QScrollArea()
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setWidget(widget)
    return area


def build_layout(panel: ComposerPanel) -> None:
    """Create the panel's widgets as attributes of `panel` and wire their signals to it."""
    panel.event_section = EventSection(STANDARD_EVENT_NAMES, ACTION_SOURCES)
    panel.consent = ConsentBox()
    panel.consent.changed.connect(lambda: panel.tools.schedule_autosave())  # built after this
    panel.consent.apply_requested.connect(
        lambda d: panel.event_section.apply_ldu(d.country, d.state)
    )
    event_page = QWidget()
    event_layout = QVBoxLayout(event_page)
    event_layout.addWidget(panel.event_section)
    panel.kind_section = KindSection()
    panel.kind_section.reload_requested.connect(panel.reload_form)
    event_layout.addWidget(panel.kind_section)
    event_layout.addWidget(panel.consent)
    event_layout.addStretch(1)
    panel.customer_tab = CustomerTab()  # its section is built when the tab is first shown
    panel.customer_tab.country_changed.connect(
        lambda code: panel.services.settings.set("composer_default_country", code)
    )
    panel.custom_data_tab = CustomDataTab()  # its fields are built when first shown
    panel.form_sections = (
        panel.event_section,
        panel.customer_tab,
        panel.custom_data_tab,
        panel.kind_section,
    )
    panel.form_tabs = QTabWidget()
    panel.form_tabs.addTab(_scroll(event_page), "Event")
    panel.form_tabs.addTab(panel.customer_tab, "Customer information")
    panel.form_tabs.addTab(_scroll(panel.custom_data_tab), "Custom data")

    panel.findings_list = FindingsList()
    panel.findings_list.finding_activated.connect(panel.focus_path)
    panel.score_meter = ScoreMeter()
    panel.score_meter.add_next.connect(lambda key: focus_score_key(panel, key))
    bottom = ProportionalSplitter((0.6, 0.4))
    bottom.addWidget(panel.findings_list)
    score_area = _scroll(panel.score_meter)
    set_keys(score_area, "horizontalScrollBarPolicy", "ScrollBarAlwaysOff")
    bottom.addWidget(score_area)

    left = ProportionalSplitter((0.72, 0.28), vertical=True)
    left.addWidget(panel.form_tabs)
    left.addWidget(bottom)

    panel.json_tabs = JsonPane()
    panel.preview, panel.editor = panel.json_tabs.preview, panel.json_tabs.editor

    panel.main_splitter = ProportionalSplitter((0.6, 0.4))
    panel.main_splitter.addWidget(left)
    panel.main_splitter.addWidget(panel.json_tabs)

    panel.toolbar = QHBoxLayout()
    panel.event_picker = EventPicker()
    panel.event_picker.activated.connect(panel.select_event)
    panel.status = QLabel()
    set_keys(panel.status, "textInteractionFlags", "TextSelectableByMouse")
    panel.send_button = QPushButton("Send…")
    panel.send_button.setToolTip("Hand this request to Send & Compare (Ctrl+Enter)")
    panel.send_button.clicked.connect(panel.request_send)

    layout = QVBoxLayout(panel)
    layout.setContentsMargins(8, 6, 8, 4)
    layout.addLayout(panel.toolbar)
    layout.addWidget(panel.main_splitter, 1)
