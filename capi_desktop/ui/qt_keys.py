"""Qt-namespace settings by key name, so the first painted panel never builds PySide's `Qt` enums."""

# Why this exists: the first touch of `PySide6.QtCore.Qt` (even `from PySide6.QtCore import Qt`)
# makes PySide build every enum of the Qt namespace, 93 Python enums with ~1,200 members:
# 15-20 ms here, which the Composer's and the Credentials panel's time to interactive paid and a
# bare window does not (benchmarks/time_to_interactive.py). Qt's property system takes an enum's
# key names as a string and sets the property in C++, so the widgets of a first frame set their
# Qt-namespace properties through `set_keys`; code that runs later (key presses, dialogs,
# painting a focus ring) uses `Qt` as usual. tests/test_startup_imports.py keeps the namespace
# unbuilt until the restored panel has painted; tests/ui/test_qt_keys.py checks the values.

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QBrush, QColor, QPalette

# Qt.ItemDataRole.UserRole and the roles after it: item data roles are plain ints in Qt's API.
USER_ROLE = 256

# Qt.TextFlag.TextWordWrap, for QFontMetrics.boundingRect's int flags.
TEXT_WORD_WRAP = 0x1000


def set_keys(obj: QObject, prop: str, keys: str) -> None:
    """Set the enum or flags property `prop` of `obj` by key names: "AlignLeft|AlignTop".

    Raises ValueError when `obj` has no such property or a key is not one of its enum's (Qt
    would otherwise keep the old value, or add a dynamic property, without a word).
    """
    meta = obj.metaObject()
    index = meta.indexOfProperty(prop)
    if index < 0 or not meta.property(index).isEnumType():
        raise ValueError(f"{meta.className()} has no enum property {prop!r}")
    if not obj.setProperty(prop, keys):
        raise ValueError(f"{meta.className()}.{prop} has no key among {keys!r}")


def solid_brush(color: QColor) -> QBrush:
    """QBrush(color) without the Qt namespace: QBrush's and QBrush.setColor's overloads taking
    Qt.GlobalColor make PySide build it to match any argument; a palette entry is a solid brush."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Text, color)
    return palette.brush(QPalette.ColorRole.Text)
