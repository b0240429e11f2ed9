"""Every file read at start survives bad bytes, truncation and wrong types: moved aside, named, logged."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest

from capi_desktop.backend import json_store
from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.drafts import DraftStore
from capi_desktop.backend.settings import Settings

DAMAGE = {
    "non-utf8": b'{"last_panel": "send\xff\xfe"}',
    "truncated": b'{"last_panel": "se',
    "wrong-type": b'["not", "an", "object"]',
    "empty": b"",
    "nul-bytes": b"\x00\x00\x00\x00",
}


@pytest.fixture(autouse=True)
def _drain() -> None:
    json_store.drain_notices()


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_settings_damaged_is_moved_aside_with_a_named_message(
    tmp_path: Path, kind: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "settings.json"
    path.write_bytes(DAMAGE[kind])
    with caplog.at_level(logging.WARNING):
        settings = Settings(path)
    assert settings.get("last_panel") is None
    copies = list(tmp_path.glob("settings.json.corrupt-*"))
    assert len(copies) == 1 and copies[0].read_bytes() == DAMAGE[kind]
    assert settings.problem is not None
    assert str(path) in settings.problem and str(copies[0]) in settings.problem
    assert [n.path for n in json_store.drain_notices()] == [path]
    assert any(str(copies[0]) in r.getMessage() for r in caplog.records)
    settings.set("x", 1)
    settings.save()  # a fresh file starts normally
    assert json.loads(path.read_text())["x"] == 1


def test_a_valid_settings_file_is_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text('{"last_panel": "send"}')
    assert Settings(path).get("last_panel") == "send"
    assert json_store.drain_notices() == []
    assert list(tmp_path.iterdir()) == [path]


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_profiles_damaged(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "profiles.json"
    path.write_bytes(DAMAGE[kind])
    store = CredentialStore(path)
    assert store.list_profiles() == []
    assert store.load_problem and str(path) in store.load_problem
    assert len(list(tmp_path.glob("profiles.json.corrupt-*"))) == 1


def test_profile_with_null_name_does_not_load_as_none(tmp_path: Path) -> None:
    path = tmp_path / "profiles.json"
    profiles = [
        {"id": "a1", "name": None, "pixel_id": "123456789012345"},
        {"id": "b2", "name": "Shop", "pixel_id": "123456789012346", "notes": None},
        {"id": "c3", "name": ["x"], "pixel_id": 42},
    ]
    path.write_text(json.dumps({"version": 1, "profiles": profiles}))
    store = CredentialStore(path)
    names = [p.name for p in store.list_profiles()]
    assert "None" not in names and "['x']" not in names
    assert "Shop" in names
    shop = store.find("Shop")
    assert shop is not None and shop.notes == ""
    assert store.load_problem and "profile" in store.load_problem


@pytest.mark.parametrize("kind", sorted(DAMAGE))
def test_autosave_damaged(tmp_path: Path, kind: str) -> None:
    drafts = DraftStore(tmp_path)
    drafts.autosave_path.write_bytes(DAMAGE[kind])
    assert drafts.load_autosave() is None
    assert drafts.problem and str(drafts.autosave_path) in drafts.problem
    assert len(list(tmp_path.glob("autosave.capi.json.corrupt-*"))) == 1


def test_recent_list_non_utf8(tmp_path: Path) -> None:
    drafts = DraftStore(tmp_path)
    (tmp_path / "recent.json").write_bytes(b'["\xff"]')
    assert drafts.recent() == []
    assert len(list(tmp_path.glob("recent.json.corrupt-*"))) == 1


def test_wrong_typed_setting_values_fall_back_to_their_default(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"send.journey_spacing_s": "abc", "flag": 1, "n": 2}))
    settings = Settings(path)
    assert settings.get("send.journey_spacing_s", 3.0) == 3.0
    assert settings.get("flag", False) is False
    assert settings.get("n", 1.5) == 2 and settings.get("n") == 2
