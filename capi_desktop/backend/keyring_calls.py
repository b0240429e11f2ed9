"""Keyring calls with a deadline, and where tokens are kept (system keyring or session memory)."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

from capi_desktop.domain.redact import redact

T = TypeVar("T")
StorageMode = Literal["system", "session-only"]


@dataclass(frozen=True)
class StorageState:
    """Where tokens go: the OS keyring ("system") or this process's memory ("session-only")."""

    state: StorageMode
    reason: str = ""
    backend: str = ""


class KeyringUnavailable(Exception):
    """Internal: the keyring failed or timed out; the caller falls back to session memory."""


def run_with_timeout(fn: Callable[..., T], args: tuple[Any, ...], timeout_s: float) -> T:
    """`fn(*args)` in a daemon thread; KeyringUnavailable when it does not return in time."""
    # A locked Secret Service can block forever waiting for an unlock prompt: never wait on it
    # without a deadline. The daemon thread is abandoned if it hangs.
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn(*args)
        except BaseException as exc:
            box["error"] = exc

    thread = threading.Thread(target=target, name="keyring-call", daemon=True)
    thread.start()
    thread.join(timeout_s)
    if thread.is_alive():
        raise KeyringUnavailable(f"the keyring did not answer within {timeout_s:g} s (locked?)")
    if "error" in box:
        raise box["error"]
    return box["value"]  # type: ignore[no-any-return]


def keyring_failure(exc: BaseException, *secrets: str) -> str:
    """Why the keyring is unusable, in words for the status line (secrets redacted)."""
    text = redact(str(exc), *secrets).strip()
    return f"the keyring failed ({type(exc).__name__}{': ' + text if text else ''})"
