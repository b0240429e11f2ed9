"""The Customer information tab, built when first shown or used; until then it holds the rows.

Time to interactive (issue 14): the tab is hidden when the Composer first paints, and its table,
row details and country list (pycountry) cost ~15 ms to import and build. Until it is built it
keeps what the panel hands it (rows, default country) and answers from that exactly as the
built section would; the first show, or any use of `section`, builds it from that state.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget

from capi_desktop.domain.request.customer_rows import (
    UserRow,
    apply_rows_to_event,
    with_standard_rows,
)
from capi_desktop.ui.panels.composer.deferred_tab import DeferredTab

if TYPE_CHECKING:
    from capi_desktop.ui.panels.composer.customer_section import CustomerSection


class CustomerTab(DeferredTab):
    """The tab page: forwards to its `CustomerSection` once built (see the module docstring)."""

    changed = Signal()
    country_changed = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._section: CustomerSection | None = None
        self._rows: list[UserRow] = []
        self._dirty = False
        self._country = ""

    @property
    def section(self) -> CustomerSection:
        """The tab's table and details, built now if not yet."""
        if self._section is None:
            from capi_desktop.ui.panels.composer.customer_section import CustomerSection

            section = CustomerSection()
            section.country.fill()  # the list a user picks from, as when built with the panel
            section.set_default_country(self._country)
            section.load_rows(self._rows, dirty=self._dirty)
            section.changed.connect(self.changed)
            section.country_changed.connect(self.country_changed)
            self._section = section
            self.install(section)
        return self._section

    def build(self) -> None:
        self.section  # noqa: B018 -- builds it

    # ----- what the panel reads and writes (CustomerSection's own methods once built) ---------
    def load_rows(self, rows: list[UserRow], *, dirty: bool = True) -> None:
        if self._section is not None:
            self._section.load_rows(rows, dirty=dirty)
            return
        self._rows = [UserRow(row.key, row.raw) for row in rows]
        self._dirty = dirty

    def apply(self, event: dict[str, Any]) -> None:
        if self._section is not None:
            self._section.apply(event)
        elif self._dirty:
            apply_rows_to_event(event, with_standard_rows(self._rows), self._country)

    def rows(self) -> list[UserRow]:
        if self._section is not None:
            return self._section.rows()
        return [row for row in with_standard_rows(self._rows) if row.raw.strip()]  # its order

    def default_country(self) -> str:
        return self._section.default_country() if self._section is not None else self._country

    def set_default_country(self, code: str) -> None:
        if self._section is None and not code:
            self._country = ""
            return
        self.section.set_default_country(code)  # a code is shown by name: the list is needed
