"""Light/dark palette: follow the OS by default, or force one (screenshots, tests)."""

from __future__ import annotations

from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication


def is_dark(app: QGuiApplication | None = None) -> bool:
    current = app or QGuiApplication.instance()
    if not isinstance(current, QGuiApplication):
        return False
    return current.palette().color(QPalette.ColorRole.Window).lightness() < 128


def _dark_palette() -> QPalette:
    palette = QPalette()
    base, alt, text = QColor(30, 31, 34), QColor(43, 45, 48), QColor(223, 225, 229)
    highlight = QColor(53, 116, 240)
    palette.setColor(QPalette.ColorRole.Window, alt)
    palette.setColor(QPalette.ColorRole.WindowText, text)
    palette.setColor(QPalette.ColorRole.Base, base)
    palette.setColor(QPalette.ColorRole.AlternateBase, alt)
    palette.setColor(QPalette.ColorRole.ToolTipBase, base)
    palette.setColor(QPalette.ColorRole.ToolTipText, text)
    palette.setColor(QPalette.ColorRole.Text, text)
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(140, 143, 150))
    palette.setColor(QPalette.ColorRole.Button, alt)
    palette.setColor(QPalette.ColorRole.ButtonText, text)
    palette.setColor(QPalette.ColorRole.BrightText, QColor("red"))
    palette.setColor(QPalette.ColorRole.Link, QColor(110, 160, 255))
    palette.setColor(QPalette.ColorRole.Highlight, highlight)
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(120, 122, 128))
    return palette


def _light_palette() -> QPalette:
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.Window, QColor(246, 246, 248))
    palette.setColor(QPalette.ColorRole.WindowText, QColor(28, 28, 30))
    palette.setColor(QPalette.ColorRole.Base, QColor("white"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor(240, 241, 244))
    palette.setColor(QPalette.ColorRole.Text, QColor(28, 28, 30))
    palette.setColor(QPalette.ColorRole.Button, QColor(238, 239, 242))
    palette.setColor(QPalette.ColorRole.ButtonText, QColor(28, 28, 30))
    palette.setColor(QPalette.ColorRole.Highlight, QColor(53, 116, 240))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("white"))
    palette.setColor(QPalette.ColorRole.PlaceholderText, QColor(120, 120, 128))
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
        QPalette.ColorRole.WindowText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(160, 160, 166))
    palette.setColor(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Button, QColor(244, 244, 246))
    return palette


# QApplication's own command-line option, for an app created with the Fusion style: asking an
# existing app for its style (`use_fusion`) builds PySide's QStyle type and its ~10 enums first,
# ~5 ms before the first paint that the panels never pay (none uses QStyle to paint).
FUSION_ARGS = ("-style", "fusion")


def use_fusion(app: QApplication) -> None:
    """Fusion everywhere, for an app created without FUSION_ARGS (tests, another host)."""
    if app.style().name().lower() != "fusion":
        app.setStyle("Fusion")


def apply_theme(app: QApplication, theme: str) -> None:
    """theme: 'system' (follow the OS), 'light' or 'dark', in the Fusion style."""
    use_fusion(app)
    apply_palette(app, theme)


def apply_palette(app: QApplication, theme: str) -> None:
    """The palette of `theme` for an app already in Fusion (apply_theme otherwise).

    Runs before the first paint, so it stays off PySide's `Qt` namespace, whose first use costs
    ~15 ms (benchmarks/startup.py): for 'system' it reads the platform palette here and
    `refine_system_theme` checks the OS colour scheme once the window is up.
    """
    if theme == "dark":
        app.setPalette(_dark_palette())
    elif theme == "light":
        app.setPalette(_light_palette())
    else:
        platform_dark = app.palette().color(QPalette.ColorRole.Window).lightness() < 128
        app.setPalette(_dark_palette() if platform_dark else _light_palette())


THEME_CHOICES = (("system", "&System"), ("light", "&Light"), ("dark", "&Dark"))


def chosen_theme(explicit: str | None, environment: str | None, saved: object) -> str:
    """An explicit choice (argument, then CAPI_DESKTOP_THEME) beats View › Theme's saved one."""
    for choice in (explicit, environment, saved):
        if choice in ("system", "light", "dark"):
            return str(choice)
    return "system"


def switch_theme(app: QApplication, theme: str) -> None:
    """View › Theme while the app runs: palette, then every code view's colours."""
    if theme == "system":
        # The app palette is ours by now, so ask the OS colour scheme instead of reading it.
        wants_dark = app.styleHints().colorScheme().name == "Dark"
        app.setPalette(_dark_palette() if wants_dark else _light_palette())
    else:
        apply_theme(app, theme)
    from capi_desktop.ui.live_highlighters import set_all_dark

    set_all_dark(is_dark(app))


def refine_system_theme(app: QApplication) -> bool:
    """For the 'system' theme: follow the OS colour scheme if it disagrees; True if changed."""
    wants_dark = app.styleHints().colorScheme().name == "Dark"
    if wants_dark == is_dark(app):
        return False
    app.setPalette(_dark_palette() if wants_dark else _light_palette())
    return True


# Semantic colours for badges/status, chosen to read on both palettes.
SEVERITY_COLORS = {
    "error": "#d64545",
    "warning": "#d08b1c",
    "info": "#3b82c4",
    "ok": "#2e9b57",
}
