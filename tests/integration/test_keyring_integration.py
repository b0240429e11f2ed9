"""A real Secret Service round trip (run by .ci/run under dbus-run-session with gnome-keyring)."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Iterator

import keyring
import pytest

from capi_desktop import config
from capi_desktop.backend.credentials import CredentialStore

pytestmark = pytest.mark.keyring_integration


@pytest.fixture
def secret_service() -> Iterator[None]:
    # Explicit backend: the autouse in-memory keyring must not stand in for the real thing.
    from keyring.backends import SecretService

    backend = SecretService.Keyring()
    if backend.priority <= 0:  # raises or reports unusable without D-Bus/Secret Service
        pytest.fail("Secret Service is not available (run under dbus-run-session)")
    previous = keyring.get_keyring()
    keyring.set_keyring(backend)
    yield
    keyring.set_keyring(previous)


def test_store_read_delete_a_token_in_the_secret_service(secret_service: None) -> None:
    store = CredentialStore(timeout_s=20)
    profile = store.add("Integration", "1234567890")
    token = f"canary-integration-{uuid.uuid4().hex}"

    async def flow() -> tuple[str, str | None, str | None, str | None]:
        state = await store.set_token(profile.id, token)
        read_back = await store.get_token(profile.id)
        # Straight from the Secret Service, bypassing the store's session memory.
        in_service = keyring.get_password(config.APP_ID, profile.id)
        await store.forget_token(profile.id)
        return state.state, read_back, in_service, await store.get_token(profile.id)

    state, read_back, in_service, after = asyncio.run(flow())
    assert state == "system", store.storage_state().reason
    assert read_back == token and in_service == token and after is None
    assert type(keyring.get_keyring()).__module__ == "keyring.backends.SecretService"
    assert keyring.get_password(config.APP_ID, profile.id) is None
