"""Creates the backend services (graph client, credentials, history) for the GUI."""

from __future__ import annotations

from capi_desktop.services import Services


def populate_services(services: Services) -> None:
    """Fill in the backend services; each must be cheap to construct (lazy I/O)."""
    # Backend modules register themselves here as they are built.
    _add_history(services)
    _add_graph_and_credentials(services)
    _add_quality(services)


def _add_history(services: Services) -> None:
    # Opened lazily on first use: constructing the store does no I/O.
    from capi_desktop import paths
    from capi_desktop.backend.history import STORE_RAW_SETTING, HistoryStore

    services.history = HistoryStore(
        paths.data_dir() / "history.sqlite3",
        store_raw_inputs=bool(services.settings.get(STORE_RAW_SETTING, False)),
    )


def _add_graph_and_credentials(services: Services) -> None:
    # Both are lazy: no keyring discovery and no httpx client until first use.
    from capi_desktop.backend.credentials import CredentialStore
    from capi_desktop.backend.graph_client import GraphClient

    services.credentials = CredentialStore()
    services.graph = GraphClient()


def _add_quality(services: Services) -> None:
    # Quality snapshots (the Quality panel's trend) in their own database beside the history.
    from capi_desktop import paths
    from capi_desktop.backend.quality_store import QualityStore

    services.quality_store = QualityStore(paths.data_dir() / "quality.sqlite3")
