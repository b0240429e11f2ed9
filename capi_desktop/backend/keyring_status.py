"""Which OS keyring backend is active and whether it can hold secrets."""

from __future__ import annotations

from dataclasses import dataclass

import keyring
import keyring.backend
from keyring.backends import chainer, fail

# Plaintext stores look like keyrings but write the secret to disk unencrypted: never use them.
_PLAINTEXT_MODULES = ("keyrings.alt.file", "keyring.backends.null")


@dataclass(frozen=True)
class KeyringState:
    backend_name: str
    usable: bool
    reason: str = ""


def _name(backend: keyring.backend.KeyringBackend) -> str:
    return str(getattr(backend, "name", None) or type(backend).__name__)


def keyring_state() -> KeyringState:
    """Inspect the active backend without reading or writing any secret."""
    backend = keyring.get_keyring()
    name = _name(backend)
    if isinstance(backend, fail.Keyring):
        return KeyringState(name, False, "no OS keyring was found (no Secret Service / D-Bus?)")
    if isinstance(backend, chainer.ChainerBackend) and not backend.backends:
        return KeyringState(name, False, "no OS keyring was found")
    module = type(backend).__module__
    if module.startswith(_PLAINTEXT_MODULES) and "Encrypted" not in type(backend).__name__:
        return KeyringState(name, False, "the only keyring available stores secrets in plain text")
    return KeyringState(name, True)


def describe_keyring() -> str:
    state = keyring_state()
    return state.backend_name if state.usable else f"{state.backend_name} — {state.reason}"
