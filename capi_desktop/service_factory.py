"""Creates the backend services (graph client, credentials, history) for the GUI."""

from __future__ import annotations

from capi_desktop.services import Services


def populate_services(services: Services) -> None:
    """Fill in the backend services; each must be cheap to construct (lazy I/O)."""
    # Backend modules register themselves here as they are built.
    del services
