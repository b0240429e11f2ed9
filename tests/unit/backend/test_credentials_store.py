"""CredentialStore: profiles JSON (atomic, corrupt moved aside) and tokens in keyring or session."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path
from typing import Any

import keyring
import pytest
from keyring.backends import fail

from capi_desktop import config, paths
from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.domain.profile import Profile

SERVICE = config.APP_ID
TOKEN = "test-token-123"


def test_profiles_round_trip_through_the_json_file() -> None:
    store = CredentialStore()
    shop = store.add("Shop", "1234567890", notes="main pixel", test_event_code="TEST42")
    store.add("Staging", "2234567890", graph_url="http://127.0.0.1:8765")
    saved = json.loads((paths.config_dir() / "profiles.json").read_text(encoding="utf-8"))
    assert [p["name"] for p in saved["profiles"]] == ["Shop", "Staging"]
    assert "token" not in json.dumps(saved)
    again = CredentialStore().list_profiles()
    assert again[0] == shop and again[1].graph_url == "http://127.0.0.1:8765"


def test_rename_update_duplicate_and_unique_names() -> None:
    store = CredentialStore()
    shop = store.add("Shop", "1234567890")
    renamed = store.rename(shop.id, "Main shop")
    assert store.get(shop.id) == renamed and renamed.name == "Main shop"
    copy = store.duplicate(shop.id)
    assert copy.name == "Main shop (copy)" and copy.id != shop.id and copy.pixel_id == shop.pixel_id
    with pytest.raises(ValueError, match="already exists"):
        store.add("main SHOP", "1234567890")
    with pytest.raises(ValueError, match="pixel"):
        store.update(Profile(**(renamed.to_json() | {"pixel_id": "abc"})))
    assert store.find("MAIN SHOP") == renamed


@pytest.mark.parametrize(
    ("url", "allowed"),
    [
        ("https://graph.facebook.com", True),
        ("https://gateway.example.com/capi", True),
        ("http://127.0.0.1:8765", True),
        ("http://localhost:8765", True),
        ("http://[::1]:8765", True),
        ("http://graph.example.com", False),
        ("http://10.0.0.5:8765", False),
    ],
)
def test_a_plain_http_profile_must_point_at_this_machine(url: str, allowed: bool) -> None:
    store = CredentialStore()
    if allowed:
        assert store.add("P", "1234567890", graph_url=url).graph_url == url
    else:
        with pytest.raises(ValueError, match="plain http"):
            store.add("P", "1234567890", graph_url=url)
        assert store.list_profiles() == []


def test_corrupt_profiles_file_is_moved_aside_with_a_message() -> None:
    path = paths.config_dir() / "profiles.json"
    path.write_text("{not json", encoding="utf-8")
    store = CredentialStore()
    assert store.list_profiles() == []
    assert store.load_problem and "damaged" in store.load_problem
    assert list(path.parent.glob("profiles.json.corrupt-*"))
    store.add("Fresh", "1234567890")
    assert CredentialStore().list_profiles()[0].name == "Fresh"


def test_an_unreadable_entry_is_skipped_with_a_message() -> None:
    path = paths.config_dir() / "profiles.json"
    good = Profile.new("Good", "1234567890").to_json()
    path.write_text(json.dumps({"profiles": [good, {"name": "no id"}]}), encoding="utf-8")
    store = CredentialStore()
    assert [p.name for p in store.list_profiles()] == ["Good"]
    assert store.load_problem and "skipped" in store.load_problem


@pytest.mark.asyncio
async def test_tokens_live_in_the_keyring_under_the_app_id(memory_keyring: Any) -> None:
    store = CredentialStore()
    profile = store.add("Shop", "1234567890")
    state = await store.set_token(profile.id, f"  {TOKEN}\n")
    assert state.state == "system"
    assert memory_keyring.store[(SERVICE, profile.id)] == TOKEN
    assert await store.get_token(profile.id) == TOKEN
    await store.forget_token(profile.id)
    assert (SERVICE, profile.id) not in memory_keyring.store
    assert await store.get_token(profile.id) is None
    await store.forget_token(profile.id)  # forgetting twice is fine


@pytest.mark.asyncio
async def test_remove_deletes_the_token_too(memory_keyring: Any) -> None:
    store = CredentialStore()
    profile = store.add("Shop", "1234567890")
    await store.set_token(profile.id, TOKEN)
    await store.remove(profile.id)
    assert store.list_profiles() == [] and memory_keyring.store == {}


@pytest.mark.asyncio
async def test_a_locked_keyring_falls_back_to_session_only(memory_keyring: Any) -> None:
    store = CredentialStore()
    profile = store.add("Shop", "1234567890")
    memory_keyring.fail_with = keyring.errors.KeyringLocked("collection is locked")
    state = await store.set_token(profile.id, TOKEN)
    assert state.state == "session-only" and "KeyringLocked" in state.reason
    assert await store.get_token(profile.id) == TOKEN  # usable for this session
    assert store.storage_state().state == "session-only"
    home_files = [p for p in paths.config_dir().parent.rglob("*") if p.is_file()]
    assert all(TOKEN not in p.read_text(encoding="utf-8", errors="replace") for p in home_files)
    assert TOKEN not in repr(store)


@pytest.mark.asyncio
async def test_an_error_mentioning_the_token_is_redacted_in_the_reason(memory_keyring: Any) -> None:
    store = CredentialStore()
    memory_keyring.fail_with = RuntimeError(f"D-Bus said no to {TOKEN}")
    state = await store.set_token("p1", TOKEN)
    assert state.state == "session-only" and TOKEN not in state.reason


@pytest.mark.asyncio
async def test_no_keyring_backend_is_session_only_from_the_start() -> None:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        store = CredentialStore()
        state = await store.refresh_storage_state()
        assert state.state == "session-only" and state.reason
        await store.set_token("p1", TOKEN)
        assert await store.get_token("p1") == TOKEN
        await store.aclose()
        assert await store.get_token("p1") is None
    finally:
        keyring.set_keyring(previous)


@pytest.mark.asyncio
async def test_a_plaintext_backend_is_never_used() -> None:
    from keyrings.alt.file import PlaintextKeyring

    previous = keyring.get_keyring()
    backend = PlaintextKeyring()
    backend.file_path = str(paths.data_dir() / "plain.cfg")  # type: ignore[misc]
    keyring.set_keyring(backend)
    try:
        store = CredentialStore()
        state = await store.set_token("p1", TOKEN)
        assert state.state == "session-only" and "plain text" in state.reason
        assert not Path(backend.file_path).exists()
    finally:
        keyring.set_keyring(previous)


@pytest.mark.asyncio
async def test_a_hanging_keyring_times_out_to_session_only(memory_keyring: Any) -> None:
    release = threading.Event()

    def hang(service: str, username: str, password: str) -> None:
        release.wait(5)

    memory_keyring.set_password = hang
    store = CredentialStore(timeout_s=0.2)
    started = time.perf_counter()
    try:
        state = await store.set_token("p1", TOKEN)
    finally:
        release.set()
    assert time.perf_counter() - started < 2
    assert state.state == "session-only" and "did not answer" in state.reason
    assert await store.get_token("p1") == TOKEN


def test_construction_is_lazy(monkeypatch: pytest.MonkeyPatch) -> None:
    import capi_desktop.backend.credentials as credentials

    def boom() -> None:
        raise AssertionError("keyring probed at construction")

    monkeypatch.setattr(credentials, "keyring_state", boom)
    CredentialStore()
