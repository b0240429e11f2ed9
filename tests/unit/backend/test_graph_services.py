"""Service wiring: populate_services gives lazy graph/credentials objects with aclose()."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.settings import Settings
from capi_desktop.service_factory import populate_services
from capi_desktop.services import Services


def test_populate_services_is_lazy(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import capi_desktop.backend.credentials as credentials
    import capi_desktop.backend.http as http

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("expensive work at start-up")

    monkeypatch.setattr(http, "make_client", forbidden)
    monkeypatch.setattr(credentials, "keyring_state", forbidden)
    services = Services(settings=Settings(tmp_path / "settings.json"))
    populate_services(services)
    assert isinstance(services.graph, GraphClient)
    assert isinstance(services.credentials, CredentialStore)

    async def close() -> None:
        await services.graph.aclose()
        await services.credentials.aclose()

    asyncio.run(close())


def test_emulator_command_serves_until_stopped(app_home: Path) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "capi_desktop",
            "emulator",
            "--port",
            "0",
            "--token",
            "cli-token-42",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        url = process.stdout.readline().strip().split()[-1]
        request = urllib.request.Request(
            f"{url}/v26.0/me", headers={"Authorization": "Bearer cli-token-42"}
        )
        with urllib.request.urlopen(request, timeout=10) as response:
            assert json.loads(response.read())["id"]
    finally:
        process.terminate()
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
