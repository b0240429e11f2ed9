"""A clear focus ring drawn over whichever widget of a window has keyboard focus."""

from __future__ import annotations

import contextlib

from PySide6.QtCore import QEvent, QObject, QRect, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QAbstractScrollArea, QApplication, QWidget

RING_WIDTH = 2
_GEOMETRY_EVENTS = (QEvent.Type.Move, QEvent.Type.Resize, QEvent.Type.Show, QEvent.Type.Hide)


class FocusRing(QWidget):
    """One overlay per window instead of a focus stylesheet per widget type.

    Fusion's own focus hint is a 1 px tint that is hard to see on buttons and missing on
    read-only text views, tables and lists; a stylesheet per widget type would also replace
    Fusion's native look. The overlay is transparent to the mouse, follows focus changes and
    the focused widget's moves/resizes, and hides when focus leaves the window.
    """

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self.setObjectName("focusRing")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._window = window
        self._target: QWidget | None = None
        window.installEventFilter(self)
        app = QApplication.instance()
        self.hide()
        if isinstance(app, QApplication):
            app.focusChanged.connect(self._focus_changed)
            self._focus_changed(None, app.focusWidget())  # focus taken before the ring was made

    # ----- tracking ---------------------------------------------------------------------
    def target(self) -> QWidget | None:
        """The widget the ring is drawn around (None while hidden)."""
        return self._target if self.isVisible() else None

    def _focus_changed(self, _old: QWidget | None, new: QWidget | None) -> None:
        if self._target is not None:
            with contextlib.suppress(RuntimeError):  # the old target was deleted
                self._target.removeEventFilter(self)
        self._target = new if new is not None and self._belongs(new) else None
        if self._target is not None:
            self._target.installEventFilter(self)
        self.refresh()

    def _belongs(self, widget: QWidget) -> bool:
        return widget is not self and widget.window() is self._window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _GEOMETRY_EVENTS:
            self.refresh()
        return False

    def refresh(self) -> None:
        target = self._target
        if target is None or not target.isVisible():
            self.hide()
            return
        rect = self._visible_rect(target)
        if rect.isEmpty():
            self.hide()
            return
        self.setGeometry(rect.adjusted(-RING_WIDTH, -RING_WIDTH, RING_WIDTH, RING_WIDTH))
        self.raise_()
        self.show()
        self.update()

    def _visible_rect(self, target: QWidget) -> QRect:
        """The target's rectangle in window coordinates, clipped by scroll areas around it."""
        top_left = target.mapTo(self._window, target.rect().topLeft())
        rect = QRect(top_left, target.size())
        parent = target.parentWidget()
        while parent is not None and parent is not self._window:
            if isinstance(parent, QAbstractScrollArea):
                viewport = parent.viewport()
                origin = viewport.mapTo(self._window, viewport.rect().topLeft())
                rect = rect.intersected(QRect(origin, viewport.size()).adjusted(-4, -4, 4, 4))
            parent = parent.parentWidget()
        return rect

    # ----- painting ---------------------------------------------------------------------
    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = QColor(self.palette().color(QPalette.ColorRole.Highlight))
        pen = QPen(color, RING_WIDTH)
        painter.setPen(pen)
        half = RING_WIDTH / 2
        painter.drawRoundedRect(self.rect().toRectF().adjusted(half, half, -half, -half), 4, 4)
        painter.end()
