"""Canary: after a full flow with debug logging, no file under the app home contains the token."""

from __future__ import annotations

import asyncio
import json
import logging
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import keyring.errors
import pytest

from capi_desktop import paths
from capi_desktop.backend.credentials import CredentialStore
from capi_desktop.backend.emulator import Fault, start_emulator
from capi_desktop.backend.graph_client import GraphClient
from capi_desktop.backend.logging_setup import configure_logging
from capi_desktop.backend.retry import RetryPolicy
from capi_desktop.cli import main

CANARY = "canary-7c1d2e3f4a5b6c7d8e9f"
WRONG_CANARY = "canary-wrong-0a1b2c3d4e5f"


@pytest.fixture
def debug_logging() -> Iterator[Path]:
    root = logging.getLogger()
    level = root.level
    log_path = configure_logging(paths.log_dir(), level=logging.DEBUG)
    yield log_path
    for handler in list(root.handlers):
        if getattr(handler, "_capi_desktop", False):
            root.removeHandler(handler)
            handler.close()
    root.setLevel(level)


def files_containing(root: Path, needle: str) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and needle.encode() in p.read_bytes()]


def test_the_token_never_reaches_a_file(
    app_home: Path,
    debug_logging: Path,
    memory_keyring: Any,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    event = {
        "event_name": "Purchase",
        "event_time": int(time.time()),
        "action_source": "website",
        "user_data": {"em": ["e" * 64]},
        "custom_data": {"value": 1.0, "currency": "EUR"},  # Meta rejects a Purchase without one
    }
    with start_emulator(tokens=[CANARY], pixels=["1234567890"]) as emulator:
        store = CredentialStore()
        profile = store.add("Canary", "1234567890", graph_url=emulator.url)
        leaks: list[str] = []

        async def flow() -> None:
            await store.set_token(profile.id, CANARY)
            token = await store.get_token(profile.id)
            assert token == CANARY
            graph = GraphClient(retry=RetryPolicy(max_attempts=3, base_delay_s=0.001))
            try:
                ok = await graph.send_events(
                    profile, token, {"data": [event]}, test_event_code="T1"
                )
                emulator.set_faults(Fault("throttle"), Fault("throttle"))
                retried = await graph.send_events(
                    profile, token, {"data": [{**event, "event_id": "c1"}]}, test_event_code=None
                )
                emulator.set_faults(Fault("truncated", times=0))
                cut = await graph.send_events(
                    profile, token, {"data": [event]}, test_event_code=None
                )
                emulator.set_faults()
                wrong = await graph.send_events(
                    profile, WRONG_CANARY, {"data": [event]}, test_event_code=None
                )
                check = await graph.check_credentials(profile, token)
                bad_check = await graph.check_credentials(profile, WRONG_CANARY)
            finally:
                await graph.aclose()
            assert ok.ok and check.ok and not wrong.ok and not bad_check.ok and not cut.ok
            assert retried.ok and retried.attempts == 3
            for value in (ok, retried, cut, wrong, check, bad_check):
                logging.getLogger("canary").info("result %r", value)
                leaks.append(repr(value))
            try:
                raise RuntimeError(f"simulated crash while sending with {token}")
            except RuntimeError:
                logging.getLogger("canary").exception("boom")
            # A locked keyring afterwards: the token must stay in memory, never a file.
            memory_keyring.fail_with = keyring.errors.KeyringLocked("locked")
            await store.set_token(profile.id, CANARY)

        asyncio.run(flow())
        memory_keyring.fail_with = None  # the CLI below reads the profile's token from it
        request = app_home / "request.json"
        request.write_text(json.dumps({"data": [event]}), encoding="utf-8")
        monkeypatch.setenv("CANARY_TOKEN", CANARY)
        assert (
            main(
                [
                    "send",
                    str(request),
                    "--pixel",
                    "1234567890",
                    "--token-env",
                    "CANARY_TOKEN",
                    "--graph-url",
                    emulator.url,
                    "--json",
                ]
            )
            == 0
        )
        assert main(["send", str(request), "--profile", "Canary", "--json"]) == 0
    captured = capsys.readouterr()
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert debug_logging.exists() and debug_logging.stat().st_size > 0
    assert "retry" in debug_logging.read_text(encoding="utf-8")
    for needle in (CANARY, WRONG_CANARY):
        assert files_containing(app_home, needle) == []
        assert all(needle not in text for text in leaks)
        assert needle not in captured.out + captured.err
