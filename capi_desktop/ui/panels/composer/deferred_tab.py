"""A Composer tab page whose widgets are built when it is first shown or used (issue 14)."""

from __future__ import annotations

from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QVBoxLayout, QWidget


class DeferredTab(QWidget):
    """Subclasses hold their state until built; `build()` makes the widgets, `install` adds
    them here as the main window would have set them up had they been built with the panel."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._content: QWidget | None = None
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)

    @property
    def built(self) -> bool:
        return self._content is not None

    def build(self) -> None:
        """Build the tab's widgets now (subclasses: from the state they hold)."""
        raise NotImplementedError

    def install(self, content: QWidget) -> None:
        from capi_desktop.ui.panel_focus import tab_leaves_editors
        from capi_desktop.ui.widgets.header_tips import HeaderTips

        self._content = content
        self._layout.addWidget(content)
        content.show()  # a child added to a shown widget stays hidden until shown itself
        # What the main window did to the panel's other widgets when it added the panel:
        # Tab leaves editors and tables, table headers explain their columns.
        tab_leaves_editors(content)
        HeaderTips(content).watch(content)

    def showEvent(self, event: QShowEvent) -> None:
        if not self.built:
            self.build()  # for its first show
        super().showEvent(event)
