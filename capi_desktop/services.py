"""The services container handed to every panel (tests pass fakes or temp-dir instances)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from capi_desktop.backend.settings import Settings


@dataclass
class Services:
    """Backend objects shared by the panels; `app.py` builds the real ones.

    Fields typed `Any` are filled by later modules (graph client, credentials, history) and
    stay None in a minimal setup; panels must cope with None by showing an explanation.
    """

    settings: Settings
    theme: str = "system"
    graph: Any = None
    credentials: Any = None
    history: Any = None
    extras: dict[str, Any] = field(default_factory=dict)
