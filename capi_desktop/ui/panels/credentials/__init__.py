"""Credentials panel: profiles, tokens in the keyring, Verify, the token guide, the emulator."""

from __future__ import annotations

from capi_desktop.ui.panels.credentials.panel import CredentialsPanel

__all__ = ["CredentialsPanel"]
