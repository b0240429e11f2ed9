"""Which panels the main window shows, in order, and how to build each (imported lazily)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from capi_desktop.services import ServiceName, Services
    from capi_desktop.ui.links import Links


class PanelSpec(NamedTuple):  # not a frozen dataclass: ~0.5-1.5 ms less at start
    key: str  # used by `screenshot --panel` and saved as the last panel
    title: str
    target: str  # "module:Class"; the class takes (services, parent=None, *, links=...)
    summary: str
    # The Services fields the panel reads while it is built. App start fills only these before
    # building the restored panel and the rest once it has painted (time to interactive);
    # tests/ui/test_startup_deferred_panel.py fails when a panel reads one not listed.
    needs: tuple[ServiceName, ...] = ()


PANELS: tuple[PanelSpec, ...] = (
    PanelSpec(
        "credentials",
        "Credentials",
        "capi_desktop.ui.panels.credentials:CredentialsPanel",
        "System User token and Pixel ID, kept in the OS keyring and verified against the Graph API.",
        needs=("credentials",),
    ),
    PanelSpec(
        "composer",
        "Composer",
        "capi_desktop.ui.panels.composer:ComposerPanel",
        "Compose an event with a live normalize/hash preview, lint and match-key score.",
    ),
    PanelSpec(
        "send",
        "Send & Compare",
        "capi_desktop.ui.panels.send_compare:SendComparePanel",
        "Send test events, browse history, compare browser and server events for deduplication.",
    ),
    PanelSpec(
        "errors",
        "Error lookup",
        "capi_desktop.ui.panels.errors.panel:ErrorLookupPanel",
        "Decode a Graph API error response offline: meaning, cause, fix.",
    ),
    PanelSpec(
        "quality",
        "Quality",
        "capi_desktop.ui.panels.quality.panel:QualityPanel",
        "Meta's Event Match Quality, diagnostics and dedup feedback beside our estimate, with a trend.",
        needs=("credentials", "quality_store"),
    ),
    PanelSpec(
        "live",
        "Live session",
        "capi_desktop.ui.panels.live:LivePanel",
        "Watch a real browser journey: Pixel hits and relayed server events paired as they happen.",
    ),
)


def panel_keys() -> list[str]:
    return [spec.key for spec in PANELS]


def build_panel(spec: PanelSpec, services: Services, links: Links) -> QWidget:
    """Every panel class takes (services, parent=None, *, links=...)."""
    module_name, class_name = spec.target.split(":")
    cls = getattr(importlib.import_module(module_name), class_name)  # lazy import by name
    return cls(services, links=links)  # type: ignore[no-any-return]
