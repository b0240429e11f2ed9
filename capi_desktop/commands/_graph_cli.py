"""Shared bits of the `send` and `profiles` commands: profile/token resolution, JSON output."""

from __future__ import annotations

import argparse
import os
import re
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from capi_desktop.backend.credentials import CredentialStore
    from capi_desktop.backend.graph_client import Profile, SendResult


_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]{0,63}$")


class CliError(Exception):
    """Bad input or a refusal: printed as one line, exit code 2."""


def add_target_arguments(parser: argparse.ArgumentParser) -> None:
    # No abbreviations: `--token X` must not silently mean `--token-env X`.
    parser.allow_abbrev = False
    parser.add_argument("--profile", metavar="NAME", help="saved profile (token from the keyring)")
    parser.add_argument("--pixel", metavar="ID", help="pixel (dataset) ID, with --token-env")
    parser.add_argument(
        "--token-env",
        metavar="VAR",
        help="name of the environment variable holding the access token (never the token itself)",
    )
    parser.add_argument("--graph-url", metavar="URL", help="Graph base URL (emulator, proxy)")
    parser.add_argument("--api-version", metavar="vNN.0", help="Graph API version")


def token_from_env(var: str) -> str:
    from capi_desktop.domain.redact import looks_like_token

    if not _ENV_NAME.match(var) or looks_like_token(var):
        # Someone may have pasted the token itself: never echo it back.
        raise CliError("--token-env takes the NAME of an environment variable, not a token")
    value = os.environ.get(var, "").strip()
    if not value:
        raise CliError(f"the environment variable {var} is not set or empty")
    from capi_desktop.domain.redact import remember_secret

    remember_secret(value)
    return value


def resolve_target(args: argparse.Namespace, store: CredentialStore) -> tuple[Profile, str]:
    """(profile with overrides applied, token) from --profile or --pixel/--token-env."""
    from dataclasses import replace

    from capi_desktop.domain.profile import Profile

    if bool(args.profile) == bool(args.pixel):
        raise CliError("give either --profile NAME or --pixel ID with --token-env VAR")
    if args.profile:
        profile = store.find(args.profile)
        if profile is None:
            raise CliError(f"no profile named {args.profile!r} (see `capi-desktop profiles list`)")
        token = (
            token_from_env(args.token_env) if args.token_env else store.get_token_sync(profile.id)
        )
        if not token:
            raise CliError(
                f"no token stored for profile {profile.name!r} "
                f"({store.storage_state().reason or 'keyring empty'}); use --token-env VAR"
            )
    else:
        if not args.token_env:
            raise CliError("--pixel needs --token-env VAR (tokens are never taken from arguments)")
        profile = Profile(id="cli", name="command line", pixel_id=args.pixel)
        token = token_from_env(args.token_env)
    overrides = {}
    if args.graph_url:
        overrides["graph_url"] = args.graph_url
    if args.api_version:
        overrides["api_version"] = args.api_version
    try:
        return replace(profile, **overrides).validated(), token
    except ValueError as exc:
        raise CliError(str(exc)) from None


def send_result_json(result: SendResult) -> dict[str, Any]:
    """The documented `send --json` object (one request, or a summary over chunks)."""
    from capi_desktop.domain.request.send_outcome import classify_outcome, shown_chunk

    shown = shown_chunk(result.chunks)
    error = shown.error if shown is not None and shown.error is not None else result.error
    return {
        "ok": result.ok,
        "outcome": classify_outcome(
            result.ok,
            category=error.category if error else "",
            http_status=error.http_status if error else None,
            throttled=error.throttled if error else False,
        ),
        "http_status": shown.http_status if shown else None,
        "events_received": result.events_received,
        "messages": [m for c in result.chunks for m in c.messages],
        "fbtrace_id": (shown.fbtrace_id or None) if shown else None,
        "error": None
        if error is None
        else {
            "code": error.code,
            "subcode": error.subcode,
            "title": error.title,
            "fix": list(error.fix),
            "transient": error.retryable,
            "fbtrace_id": error.fbtrace_id or None,
            "throttled": error.throttled,
            "wait_s": error.wait_s,
        },
        "attempts": result.attempts,
        # "unknown": Meta may have received it (not repeated automatically; see retry.py).
        "delivery": shown.delivery if shown and not shown.ok else ("answered" if shown else None),
        "not_repeated_because": (shown.stop_reason or None) if shown and not shown.ok else None,
    }


def setup_file_logging() -> None:
    # The CLI logs to the same redacting log file as the app (support asks for it).
    from capi_desktop import paths
    from capi_desktop.backend.logging_setup import configure_logging

    configure_logging(paths.log_dir())
