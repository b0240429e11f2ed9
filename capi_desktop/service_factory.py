"""Creates the backend services (graph client, credentials, history, quality store) for the GUI."""

from __future__ import annotations

from collections.abc import Callable, Collection

from capi_desktop.services import ServiceName, Services


def populate_services(services: Services, only: Collection[ServiceName] | None = None) -> None:
    """Fill in the backend services not there yet (`only`: just these); each is cheap to
    construct (lazy I/O), the cost is importing its module (httpx, keyring, sqlite3)."""
    for name, add in _BUILDERS.items():
        if only is None or name in only:
            add(services)


def _add_history(services: Services) -> None:
    # Opened lazily on first use: constructing the store does no I/O.
    from capi_desktop import paths
    from capi_desktop.backend.history import STORE_RAW_SETTING, HistoryStore

    if services.history is None:
        services.history = HistoryStore(
            paths.data_dir() / "history.sqlite3",
            store_raw_inputs=bool(services.settings.get(STORE_RAW_SETTING, False)),
        )


def _add_credentials(services: Services) -> None:
    # No keyring discovery until a token is read or written.
    from capi_desktop.backend.credentials import CredentialStore

    if services.credentials is None:
        services.credentials = CredentialStore()


def _add_graph(services: Services) -> None:
    # No httpx client until the first request.
    from capi_desktop.backend.graph_client import GraphClient

    if services.graph is None:
        services.graph = GraphClient()


def _add_quality_store(services: Services) -> None:
    # Quality snapshots (the Quality panel's trend) in their own database beside the history.
    from capi_desktop import paths
    from capi_desktop.backend.quality_store import QualityStore

    if services.quality_store is None:
        services.quality_store = QualityStore(paths.data_dir() / "quality.sqlite3")


_BUILDERS: dict[ServiceName, Callable[[Services], None]] = {
    "history": _add_history,
    "credentials": _add_credentials,
    "graph": _add_graph,
    "quality_store": _add_quality_store,
}
