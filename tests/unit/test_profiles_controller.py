"""ProfilesController without widgets: the list, current/active selection, edits, tokens, Verify
results, and what it publishes to the app-wide ActiveProfile; EmulatorProfile likewise."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.graph_models import CredentialCheck
from capi_desktop.backend.settings import Settings
from capi_desktop.config import APP_ID
from capi_desktop.domain.profile import Profile
from capi_desktop.ui.links import ActiveProfile
from capi_desktop.ui.panels.credentials.controllers.emulator import (
    EmulatorProblem,
    EmulatorProfile,
    is_emulator_url,
)
from capi_desktop.ui.panels.credentials.controllers.profiles import (
    UNAVAILABLE,
    UNSAVED,
    CredentialsUnavailable,
    ProfilesController,
)

TOKEN = "test-token-123"


class Heard:
    """Every signal of an ActiveProfile and a controller, in order."""

    def __init__(self, active: ActiveProfile, controller: ProfilesController) -> None:
        self.events: list[tuple[str, Any]] = []
        active.profiles_changed.connect(lambda: self.events.append(("profiles", None)))
        active.changed.connect(lambda pid: self.events.append(("active", pid)))
        controller.active_changed.connect(lambda pid: self.events.append(("legacy", pid)))


def make(tmp_path: Path, active_id: str = "") -> tuple[ProfilesController, ActiveProfile, Heard]:
    settings = Settings(tmp_path / "settings.json")
    if active_id:
        settings.set("active_profile", active_id)
    active = ActiveProfile()
    controller = ProfilesController(CredentialStore(tmp_path / "profiles.json"), settings, active)
    return controller, active, Heard(active, controller)


def saved(tmp_path: Path, *names: str) -> list[str]:
    store = CredentialStore(tmp_path / "profiles.json")
    return [store.add(name, "1234567890").id for name in names]


def test_reload_publishes_the_profiles_and_the_saved_active_one(tmp_path: Path) -> None:
    first, second = saved(tmp_path, "Alpha", "Beta")
    controller, active, heard = make(tmp_path, active_id=second)
    assert [p.name for p in controller.reload()] == ["Alpha", "Beta"]
    assert [p.id for p in active.profiles()] == [first, second]
    assert active.load_problem is None
    assert active.current_id == second and active.current() == controller.active_profile()
    assert heard.events == [("profiles", None), ("active", second)]
    assert controller.choose(None) == first  # nothing shown yet: the first one
    assert controller.choose(second) == second


def test_a_stale_active_id_is_not_published(tmp_path: Path) -> None:
    saved(tmp_path, "Alpha")
    controller, active, _heard = make(tmp_path, active_id="gone")
    controller.reload()
    assert active.current_id == "" and active.current() is None
    assert controller.active_profile() is None


def test_a_damaged_profiles_file_is_published_as_the_problem(tmp_path: Path) -> None:
    (tmp_path / "profiles.json").write_text("{not json", encoding="utf-8")
    controller, active, heard = make(tmp_path)
    assert controller.reload() == []
    assert active.load_problem and "damaged" in active.load_problem
    assert heard.events == [("profiles", None)]


def test_without_a_store_every_edit_says_why(tmp_path: Path) -> None:
    active = ActiveProfile()
    controller = ProfilesController(None, Settings(tmp_path / "settings.json"), active)
    assert not controller.available
    assert controller.reload() == [] and active.load_problem == UNAVAILABLE
    assert controller.get("x") is None and controller.active_profile() is None
    with pytest.raises(CredentialsUnavailable, match="not available"):
        controller.save(Profile("new", "Shop", "1234567890"))


def test_opening_a_profile_makes_it_active_and_saves_the_setting(tmp_path: Path) -> None:
    first, second = saved(tmp_path, "Alpha", "Beta")
    controller, active, heard = make(tmp_path, active_id=first)
    controller.reload()
    heard.events.clear()
    assert controller.open(second) == controller.get(second)
    assert controller.current_id == second and controller.editing
    assert active.current_id == second
    assert Settings(tmp_path / "settings.json").get("active_profile") == second
    assert heard.events == [("active", second), ("legacy", second)]
    controller.open(second)  # the same again: nothing to tell
    assert heard.events == [("active", second), ("legacy", second)]


def test_a_new_profile_is_typed_then_saved_and_keeps_its_verify_result(tmp_path: Path) -> None:
    (existing,) = saved(tmp_path, "Alpha")
    controller, active, _heard = make(tmp_path)
    controller.reload()
    assert controller.open(None, new=True) is None
    assert controller.editing_new and controller.editing and controller.result_key == UNSAVED
    assert controller.choose(None) is None  # a reload keeps the blank form
    controller.record(UNSAVED, CredentialCheck(ok=True), emulator=True)
    profile = controller.save(Profile("new", "Shop", "1234567890", test_event_code="TEST1"))
    assert controller.current_id == profile.id and not controller.editing_new
    assert controller.get(profile.id) == profile and profile.test_event_code == "TEST1"
    found = controller.result(profile.id)
    assert found is not None and found.check.ok and found.emulator
    assert controller.result(None) is None  # the unsaved result moved to the saved profile
    controller.reload()
    assert [p.id for p in active.profiles()] == [existing, profile.id]


def test_save_update_and_rename_refuse_a_taken_name(tmp_path: Path) -> None:
    first, second = saved(tmp_path, "Alpha", "Beta")
    controller, _active, _heard = make(tmp_path)
    controller.reload()
    controller.open(first)
    updated = controller.save(Profile(first, "Alpha", "1234567890", notes="main"))
    assert CredentialStore(tmp_path / "profiles.json").get(first) == updated
    with pytest.raises(ValueError, match="already exists"):
        controller.save(Profile(first, "beta", "1234567890"))
    with pytest.raises(ValueError, match="already exists"):
        controller.rename(second, "ALPHA")
    assert controller.rename(second, "Gamma").name == "Gamma"


@pytest.mark.asyncio
async def test_duplicate_copies_the_token_and_publishes_the_longer_list(
    tmp_path: Path, memory_keyring: Any
) -> None:
    (first,) = saved(tmp_path, "Alpha")
    controller, active, heard = make(tmp_path)
    controller.reload()
    await controller.set_token(first, TOKEN)
    heard.events.clear()
    copy, copied = await controller.duplicate(first)
    assert copied and copy.name == "Alpha (copy)"
    assert memory_keyring.store[(APP_ID, copy.id)] == TOKEN
    assert [p.id for p in active.profiles()] == [first, copy.id]
    assert ("profiles", None) in heard.events


@pytest.mark.asyncio
async def test_remove_drops_token_result_and_active(tmp_path: Path, memory_keyring: Any) -> None:
    first, second = saved(tmp_path, "Alpha", "Beta")
    controller, active, _heard = make(tmp_path)
    controller.reload()
    controller.open(second)
    await controller.set_token(second, TOKEN)
    controller.record(second, CredentialCheck(ok=False), emulator=False)
    await controller.remove(second)
    assert controller.result(second) is None and controller.active_id == ""
    assert (APP_ID, second) not in memory_keyring.store
    controller.reload()
    assert active.current_id == "" and [p.id for p in active.profiles()] == [first]
    assert controller.choose(None) == first  # the removed current one is not chosen again


@pytest.mark.asyncio
async def test_tokens_and_where_they_are_kept(tmp_path: Path, memory_keyring: Any) -> None:
    (first,) = saved(tmp_path, "Alpha")
    controller, _active, _heard = make(tmp_path)
    state = await controller.set_token(first, TOKEN)
    assert state.state == "system"
    assert await controller.saved_token(first) == (state, TOKEN)
    assert await controller.token(None) is None
    controller.record(first, CredentialCheck(ok=True), emulator=False)
    await controller.forget_token(first)
    assert (await controller.saved_token(first))[1] is None
    assert controller.result(first) is None  # a forgotten token's Verify no longer holds


@pytest.mark.asyncio
async def test_a_locked_keyring_keeps_the_token_for_the_session(
    tmp_path: Path, memory_keyring: Any
) -> None:
    (first,) = saved(tmp_path, "Alpha")
    memory_keyring.fail_with = RuntimeError("Secret Service is locked")
    controller, _active, _heard = make(tmp_path)
    state = await controller.set_token(first, TOKEN)
    assert state.state == "session-only" and "locked" in state.reason
    assert await controller.token(first) == TOKEN
    assert memory_keyring.store == {}


def test_emulator_urls_are_loopback_only() -> None:
    assert is_emulator_url("http://127.0.0.1:8765") and is_emulator_url(" http://[::1]:1/ ")
    assert not is_emulator_url("https://graph.facebook.com")


@pytest.mark.asyncio
async def test_the_emulator_profile_is_made_once_and_follows_the_port(
    tmp_path: Path, memory_keyring: Any
) -> None:
    controller, _active, _heard = make(tmp_path)
    emulator = EmulatorProfile(controller)
    assert await emulator.restore() is None and not emulator.running  # no profile: no start
    made = await emulator.ensure(create=True)
    try:
        assert made is not None and made.name == "Local emulator"
        assert emulator.running and made.graph_url == emulator.url
        assert memory_keyring.store[(APP_ID, made.id)] == TOKEN
        assert await emulator.ensure(create=True) == made  # reused, not a second one
    finally:
        await emulator.stop()
    assert not emulator.running and emulator.url == ""
    again = EmulatorProfile(controller)  # the next run: a new emulator on a new port
    try:
        restored = await again.restore()
        assert restored is not None and restored.id == made.id
        assert restored.graph_url == again.url
        assert len(controller.store.list_profiles()) == 1
    finally:
        await again.stop()


@pytest.mark.asyncio
async def test_an_emulator_that_cannot_start_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_port(*_args: Any, **_kwargs: Any) -> None:
        raise OSError(98, "Address already in use")

    monkeypatch.setattr("capi_desktop.backend.emulator.start_emulator", no_port)
    controller, _active, _heard = make(tmp_path)
    with pytest.raises(EmulatorProblem, match=r"Could not start the emulator: .*in use"):
        await EmulatorProfile(controller).ensure(create=True)
    assert controller.store.list_profiles() == []
