"""The form's hints for the event name shown: ★ on recommended custom data, "requires …" text."""

from __future__ import annotations

from capi_desktop.ui.panels.composer.catalog import recommended_fields, required_fields
from capi_desktop.ui.panels.composer.custom_data_tab import CustomDataTab
from capi_desktop.ui.panels.composer.event_section import EventSection


class RecommendedHints:
    """Refreshes the hints only when the event name changes (not on every keystroke)."""

    def __init__(self, event_section: EventSection, custom_data: CustomDataTab) -> None:
        self.event_section = event_section
        self.custom_data = custom_data
        self._shown_for: str | None = None

    def reset(self) -> None:
        """A new draft: show the hints again even for the same event name."""
        self._shown_for = None

    def refresh(self) -> None:
        name = self.event_section.current_event_name()
        if name == self._shown_for:
            return
        self._shown_for = name
        fields = recommended_fields(name)
        required = required_fields(name)
        self.custom_data.set_recommended(fields, name)
        parts = []
        if required:
            parts.append(f"{name} requires " + ", ".join(required))
        others = [f for f in fields if f not in required]
        if others:
            parts.append("recommends " + ", ".join(others))
        self.event_section.set_recommended_text(
            "; ".join(parts) + " (marked ★ under Custom data)." if parts else ""
        )
