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
from PySide6.QtWidgets import QWidget

from capi_desktop.ui.panels.composer.deferred_tab import DeferredTab

if TYPE_CHECKING:
    from capi_desktop.ui.panels.composer.custom_data_section import CustomDataSection


class CustomDataTab(DeferredTab):
    """The tab page: forwards to its `CustomDataSection` once built."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._section: CustomDataSection | None = None
        self._event: dict[str, Any] = {}
        self._recommended: tuple[tuple[str, ...], str] = ((), "")

    @property
    def section(self) -> CustomDataSection:
        """The tab's fields, built now (with the last event and hints shown) if not yet."""
        if self._section is None:
            from capi_desktop.ui.panels.composer.custom_data_section import CustomDataSection

            section = CustomDataSection()
            section.load(self._event)
            section.set_recommended(*self._recommended)
            section.changed.connect(self.changed)
            self._section = section
            self.install(section)
        return self._section

    def build(self) -> None:
        self.section  # noqa: B018 -- builds it

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
