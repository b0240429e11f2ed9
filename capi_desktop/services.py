"""The services container handed to every panel (tests pass fakes or temp-dir instances)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from capi_desktop.backend.settings import Settings

if TYPE_CHECKING:  # the real classes import httpx/keyring/sqlite: kept off the start-up path
    from capi_desktop.backend.credentials import CredentialStore
    from capi_desktop.backend.graph_client import GraphClient
    from capi_desktop.backend.history import HistoryStore
    from capi_desktop.backend.quality_client import QualityClient
    from capi_desktop.backend.quality_store import QualityStore

# The backend fields `service_factory.populate_services` fills, by name (a panel's `needs`).
ServiceName = Literal["graph", "credentials", "history", "quality_store"]


@dataclass
class Services:
    """Backend objects shared by the panels; `service_factory.populate_services` builds the real
    ones: at start, what the restored panel reads while it is built (its registry `needs`),
    the rest once that panel has painted. A field left None means "not available here":
    panels show an explanation instead of failing."""

    settings: Settings
    theme: str = "system"
    graph: GraphClient | None = None
    credentials: CredentialStore | None = None
    history: HistoryStore | None = None
    quality_store: QualityStore | None = None
    quality_client: QualityClient | None = None  # None: the Quality panel makes its own
