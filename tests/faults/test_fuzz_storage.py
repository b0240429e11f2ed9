"""Fuzz the start-up readers and the scrubber: any bytes load or move aside; no token survives."""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from capi_desktop.backend import file_notices
from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.drafts import Draft, DraftStore
from capi_desktop.backend.settings import Settings
from capi_desktop.domain.redact import scrub, scrub_value

JSONISH = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=20,
)
TOKEN = "EAA" + "Fz" * 20  # built here, not a literal 40+ run
# File-writing cases fsync each example: fewer in `make test`, the profile's count in make faults.
LONG = os.environ.get("CAPI_FUZZ_PROFILE") == "faults"
FILES = settings(max_examples=2_000 if LONG else 60)


@FILES
@given(st.binary(max_size=400))
def test_any_bytes_as_settings_profiles_or_autosave_never_raise(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for name in ("settings.json", "profiles.json", "autosave.capi.json"):
            (root / name).write_bytes(raw)
        settings = Settings(root / "settings.json")
        assert isinstance(settings.get("x", 1), object)
        CredentialStore(root / "profiles.json").list_profiles()
        DraftStore(root).load_autosave()
        kept = sorted(p.name for p in root.iterdir())
        for name in ("settings.json", "profiles.json", "autosave.capi.json"):
            assert name in kept or any(k.startswith(name + ".corrupt-") for k in kept)
    file_notices.drain_notices()


@FILES
@given(JSONISH)
def test_any_json_as_profiles_never_loads_a_none_name(value: object) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "profiles.json"
        path.write_text(
            json.dumps({"profiles": [value, {"id": "a", "name": None, "pixel_id": "12345"}]})
        )
        for profile in CredentialStore(path).list_profiles():
            assert profile.name.strip() and profile.name != "None"
    file_notices.drain_notices()


@given(st.text(max_size=200), st.text(max_size=200))
def test_a_token_inside_any_text_is_scrubbed(before: str, after: str) -> None:
    cleaned = scrub(before + TOKEN + after)
    assert TOKEN not in cleaned


@FILES
@given(JSONISH, st.text(max_size=60))
def test_draft_files_never_hold_the_token(body: object, typed: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = DraftStore(Path(folder))
        request = {"data": [{"note": typed + TOKEN, "x": body}], "access_token": "s3cr3t-val"}
        store.autosave(
            Draft(body=request, editor_text=typed + '"access_token": "s3cr3t-val"' + TOKEN)
        )
        text = store.autosave_path.read_text(encoding="utf-8")
        assert TOKEN not in text and "s3cr3t-val" not in text
        assert json.loads(text)["request"]["data"][0]["x"] == scrub_value(body)
