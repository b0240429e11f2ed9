"""`capi-desktop quality` against the emulator: one profile, --all, --json keys, exit codes."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.emulator import RunningEmulator
from capi_desktop.cli import main
from tests.quality_support import PIXEL, TOKEN, good_event, post_events


@pytest.fixture(autouse=True)
def _detach_file_logging() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_capi_desktop", False):
            root.removeHandler(handler)
            handler.close()


def test_quality_json_for_pixel_and_token_env(
    emulator: RunningEmulator, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CAPI_TOKEN", TOKEN)
    post_events(emulator.url, [good_event()])
    argv = ["quality", "--pixel", PIXEL, "--token-env", "CAPI_TOKEN", "--graph-url", emulator.url]
    code = main([*argv, "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0
    assert data["state"] == "data" and data["pixel_id"] == PIXEL
    purchase = data["events"][0]
    assert purchase["event_name"] == "Purchase" and purchase["emq"] > 5
    assert purchase["coverage_goal_pct"] == 75
    assert TOKEN not in json.dumps(data)
    assert main(argv) == 0
    assert "Purchase: EMQ" in capsys.readouterr().out


def test_quality_all_profiles_and_permission_exit_code(
    emulator: RunningEmulator, capsys: pytest.CaptureFixture[str]
) -> None:
    store = CredentialStore()
    for name in ("Client A", "Client B"):
        profile = store.add(name, PIXEL, graph_url=emulator.url)
        store.set_token_sync(profile.id, TOKEN if name == "Client A" else "limited-token")
    emulator.state.tokens.add("limited-token")
    emulator.state.quality.token_scopes["limited-token"] = ("business_management",)
    code = main(["quality", "--all", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 1
    states = {p["profile"]: p["state"] for p in data["profiles"]}
    assert states == {"Client A": "empty", "Client B": "permission"}
    limited = next(p for p in data["profiles"] if p["profile"] == "Client B")
    assert limited["missing_scopes"] == ["ads_read"]
    code = main(["quality", "--all", "--markdown"])
    assert "## Meta's quality view" in capsys.readouterr().out


def test_quality_rejects_mixed_targets(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quality", "--all", "--profile", "x"]) == 2
    assert "--all" in capsys.readouterr().err
