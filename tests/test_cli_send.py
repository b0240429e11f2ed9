"""`capi-desktop send` and `profiles` against the emulator: JSON keys, exit codes, token sources."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.emulator import Fault, RunningEmulator
from capi_desktop.cli import main

TOKEN = "test-token-123"
PIXEL = "1234567890"
JSON_KEYS = {
    "ok", "outcome", "http_status", "events_received", "messages", "fbtrace_id", "error", "attempts"
}  # fmt: skip
JSON_KEYS |= {"delivery", "not_repeated_because"}  # issue 18: was it received, why not resent
ERROR_KEYS = {"code", "subcode", "title", "fix", "transient", "fbtrace_id", "throttled", "wait_s"}


@pytest.fixture(autouse=True)
def _detach_file_logging() -> Iterator[None]:
    yield
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_capi_desktop", False):
            root.removeHandler(handler)
            handler.close()


def write_events(tmp_path: Path, **overrides: Any) -> Path:
    event = {
        "event_name": "Lead",
        "event_time": int(time.time()),
        "action_source": "website",
        "user_data": {"em": ["d" * 64]},
    } | overrides
    path = tmp_path / "request.json"
    path.write_text(json.dumps({"data": [event]}), encoding="utf-8")
    return path


def run_json(capsys: pytest.CaptureFixture[str], argv: list[str]) -> tuple[int, dict[str, Any]]:
    code = main(argv)
    out = capsys.readouterr().out
    return code, json.loads(out)


def send_args(path: Path, graph_url: str) -> list[str]:
    token = ["--token-env", "CAPI_TOKEN"]
    return ["send", str(path), "--pixel", PIXEL, *token, "--graph-url", graph_url, "--json"]


def base_args(emulator: RunningEmulator, path: Path) -> list[str]:
    return send_args(path, emulator.url)


def add_profile(name: str, emulator: RunningEmulator) -> int:
    """`profiles add NAME` against the emulator, token read from $MY_TOKEN."""
    argv = ["profiles", "add", name, "--pixel", PIXEL, "--graph-url", emulator.url]
    return main([*argv, "--token-env", "MY_TOKEN"])


@pytest.fixture
def token_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """$CAPI_TOKEN holds the emulator's valid token (a test may set it again to a wrong one)."""
    monkeypatch.setenv("CAPI_TOKEN", TOKEN)


@pytest.mark.usefixtures("token_env")
def test_send_accepted(
    emulator: RunningEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run_json(
        capsys, [*base_args(emulator, write_events(tmp_path)), "--test-code", "T1"]
    )
    assert code == 0 and set(out) == JSON_KEYS
    assert out["ok"] is True and out["events_received"] == 1 and out["error"] is None
    assert out["http_status"] == 200 and out["attempts"] == 1 and out["fbtrace_id"]
    assert emulator.received()[0]["test_event_code"] == "T1"


@pytest.mark.usefixtures("token_env")
def test_send_rejected_exit_1_with_error_object(
    emulator: RunningEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = write_events(tmp_path, event_time=int(time.time()) - 30 * 86400)
    code, out = run_json(capsys, base_args(emulator, old))
    assert code == 1 and out["ok"] is False and set(out["error"]) == ERROR_KEYS
    assert (out["error"]["code"], out["error"]["subcode"]) == (100, 2804003)
    assert out["error"]["transient"] is False and out["error"]["fix"]
    assert out["http_status"] == 400


def test_send_wrong_token_is_190(
    emulator: RunningEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("CAPI_TOKEN", "wrong-token")
    code, out = run_json(capsys, base_args(emulator, write_events(tmp_path)))
    assert code == 1 and out["error"]["code"] == 190 and out["attempts"] == 1


@pytest.mark.usefixtures("token_env")
def test_send_transient_failure_reports_attempts(
    emulator: RunningEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Throttled by Meta and every event has an event_id: repeated automatically (issue 18).
    emulator.set_faults(Fault("throttle", times=1))
    code, out = run_json(capsys, base_args(emulator, write_events(tmp_path, event_id="l-1")))
    assert code == 0 and out["attempts"] == 2


@pytest.mark.usefixtures("token_env")
def test_send_502_is_not_repeated_and_says_delivery_is_unknown(
    emulator: RunningEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    emulator.set_faults(Fault("http_502", times=1))
    code, out = run_json(capsys, base_args(emulator, write_events(tmp_path, event_id="l-1")))
    assert code != 0 and out["attempts"] == 1 and len(emulator.hits()) == 1


@pytest.mark.usefixtures("token_env")
def test_plain_http_to_remote_host_is_refused_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(send_args(write_events(tmp_path), "http://graph.example.com")) == 2
    err = capsys.readouterr().err
    assert "plain http" in err and TOKEN not in err


@pytest.mark.parametrize(
    "argv_tail",
    [
        ["--pixel", PIXEL],  # no token source
        ["--pixel", PIXEL, "--token-env", "UNSET_VAR_FOR_TEST"],
        ["--profile", "nope"],
        [],
    ],
)
def test_bad_input_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv_tail: list[str]
) -> None:
    assert main(["send", str(write_events(tmp_path)), *argv_tail]) == 2
    assert capsys.readouterr().err.startswith("capi-desktop send:")


def test_unreadable_file_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{nope", encoding="utf-8")
    assert main(["send", str(bad), "--pixel", PIXEL, "--token-env", "X"]) == 2


def test_there_is_no_token_argument(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["send", "x.json", "--token", TOKEN])
    assert stop.value.code == 2
    with pytest.raises(SystemExit):
        main(["profiles", "add", "P", "--pixel", PIXEL, "--token", TOKEN])
    assert "unrecognized arguments" in capsys.readouterr().err


def test_a_token_passed_as_env_name_is_not_echoed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    token_like = "canary-token-passed-by-mistake-0123"
    assert (
        main(["send", str(write_events(tmp_path)), "--pixel", PIXEL, "--token-env", token_like])
        == 2
    )
    captured = capsys.readouterr()
    assert token_like not in captured.err + captured.out


def test_profiles_add_list_verify_send_remove(
    emulator: RunningEmulator,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("MY_TOKEN", TOKEN)
    assert add_profile("Shop", emulator) == 0
    capsys.readouterr()
    assert main(["profiles", "list", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert listed["profiles"][0]["name"] == "Shop" and listed["profiles"][0]["token_stored"]
    assert TOKEN not in json.dumps(listed)
    assert main(["profiles", "verify", "Shop", "--json"]) == 0
    verified = json.loads(capsys.readouterr().out)
    assert verified["ok"] and verified["pixel"]["id"] == PIXEL
    code, out = run_json(
        capsys, ["send", str(write_events(tmp_path)), "--profile", "shop", "--json"]
    )
    assert code == 0 and out["events_received"] == 1
    assert main(["profiles", "remove", "Shop"]) == 0
    assert CredentialStore().list_profiles() == []


def test_profiles_add_token_from_stdin(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], memory_keyring: Any
) -> None:
    import io

    monkeypatch.setattr("sys.stdin", io.StringIO(TOKEN + "\n"))
    assert main(["profiles", "add", "Stdin", "--pixel", PIXEL, "--token-stdin"]) == 0
    profile = CredentialStore().find("Stdin")
    assert profile is not None
    assert memory_keyring.store[("io.github.capidesktop.CapiDesktop", profile.id)] == TOKEN


def test_profiles_verify_failure_exit_1(
    emulator: RunningEmulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("MY_TOKEN", "wrong-token")
    add_profile("Bad", emulator)
    assert main(["profiles", "verify", "Bad"]) == 1
    assert "FAILED (token)" in capsys.readouterr().out


def test_emulator_command_refuses_remote_bind(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["emulator", "--host", "0.0.0.0", "--port", "0"]) == 2
    assert "loopback" in capsys.readouterr().err


@pytest.mark.usefixtures("token_env")
def test_send_warns_about_an_expired_api_version_on_stderr(
    emulator: RunningEmulator, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [*base_args(emulator, write_events(tmp_path)), "--api-version", "v20.0"]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert json.loads(captured.out)["ok"] is True
    assert "warning: v20.0 expired on 2026-09-24" in captured.err
    assert main([*base_args(emulator, write_events(tmp_path))]) == 0
    assert capsys.readouterr().err == ""
