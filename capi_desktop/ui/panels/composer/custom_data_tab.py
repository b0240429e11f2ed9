"""The Custom data tab, built when first shown or used; until then it keeps what it was shown.

Time to interactive (issue 14): the tab is hidden when the Composer first paints; building it
costs its widgets and, for a draft with a currency, the currency list (pycountry, ~18 ms).
Until built it keeps the event it was last given and the recommended fields, and writes
nothing back (the section writes only fields the user edited, and nobody edited a hidden tab).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget

if TYPE_CHECKING:
    from capi_desktop.ui.panels.composer.custom_data_section import CustomDataSection


class CustomDataTab(QWidget):
    """The tab page: forwards to its `CustomDataSection` once built."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._section: CustomDataSection | None = None
        self._event: dict[str, Any] = {}
        self._recommended: tuple[tuple[str, ...], str] = ((), "")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._section is not None

    @property
    def section(self) -> CustomDataSection:
        """The tab's fields, built now (with the last event and hints shown) if not yet."""
        if self._section is None:
            from capi_desktop.ui.panel_focus import tab_leaves_editors
            from capi_desktop.ui.panels.composer.custom_data_section import CustomDataSection
            from capi_desktop.ui.widgets.header_tips import HeaderTips

            section = CustomDataSection()
            section.load(self._event)
            section.set_recommended(*self._recommended)
            section.changed.connect(self.changed)
            layout = self.layout()
            assert layout is not None
            layout.addWidget(section)
            section.show()  # a child added to a shown widget stays hidden until shown itself
            # What the main window did to the panel's other widgets when it added the panel.
            tab_leaves_editors(section)
            HeaderTips(section).watch(section)
            self._section = section
        return self._section

    def showEvent(self, event: QShowEvent) -> None:
        self.section  # noqa: B018 -- built for its first show
        super().showEvent(event)

    # ----- what the panel and its hints call (the section's own methods once built) ----------
    def load(self, event: dict[str, Any]) -> None:
        if self._section is not None:
            self._section.load(event)
        else:
            self._event = event  # the panel's own copy (ComposerDocument.current_event)

    def apply(self, event: dict[str, Any]) -> None:
        if self._section is not None:
            self._section.apply(event)

    def set_recommended(self, keys: Iterable[str], event_name: str) -> None:
        if self._section is not None:
            self._section.set_recommended(keys, event_name)
        else:
            self._recommended = (tuple(keys), event_name)
