"""`capi-desktop profiles list|add|remove|verify`: manage credential profiles from a terminal."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

NAME = "profiles"
HELP = "list, add, remove or verify credential profiles (tokens go to the OS keyring)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.allow_abbrev = False
    sub = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    listing = sub.add_parser("list", help="list profiles and whether a token is stored")
    listing.add_argument("--json", action="store_true")
    add = sub.add_parser(
        "add", help="add a profile; the token is read from stdin or --token-env", allow_abbrev=False
    )
    add.add_argument("name")
    add.add_argument("--pixel", required=True, metavar="ID")
    add.add_argument("--api-version", metavar="vNN.0")
    add.add_argument("--graph-url", metavar="URL")
    add.add_argument("--test-code", metavar="CODE", default="")
    add.add_argument("--notes", default="")
    source = add.add_mutually_exclusive_group()
    source.add_argument("--token-env", metavar="VAR", help="read the token from this variable")
    source.add_argument("--token-stdin", action="store_true", help="read the token from stdin")
    remove = sub.add_parser("remove", help="delete a profile and its stored token")
    remove.add_argument("name")
    verify = sub.add_parser("verify", help="check the token and pixel against the Graph API")
    verify.add_argument("name")
    verify.add_argument("--json", action="store_true")


def run(args: argparse.Namespace) -> int:
    from capi_desktop.backend.credentials import CredentialStore
    from capi_desktop.commands._graph_cli import CliError

    store = CredentialStore()
    try:
        handler = {"list": _list, "add": _add, "remove": _remove, "verify": _verify}[args.action]
        return handler(args, store)
    except (CliError, ValueError, KeyError) as exc:
        message = exc.args[0] if isinstance(exc, KeyError) and exc.args else exc
        print(f"capi-desktop profiles: {message}", file=sys.stderr)
        return 2


def _list(args: argparse.Namespace, store: Any) -> int:
    if store.load_problem:
        print(f"warning: {store.load_problem}", file=sys.stderr)
    rows = []
    for profile in store.list_profiles():
        rows.append(profile.to_json() | {"token_stored": bool(store.get_token_sync(profile.id))})
    if args.json:
        print(json.dumps({"profiles": rows, "storage": store.storage_state().state}))
        return 0
    if not rows:
        print("No profiles. Add one: capi-desktop profiles add NAME --pixel ID --token-stdin")
        return 0
    for row in rows:
        token = "token stored" if row["token_stored"] else "no token"
        print(
            f"{row['name']}\tpixel {row['pixel_id']}\t{row['api_version']}\t{row['graph_url']}\t{token}"
        )
    state = store.storage_state()
    if state.state != "system":
        print(f"note: tokens are kept for this session only — {state.reason}", file=sys.stderr)
    return 0


def _add(args: argparse.Namespace, store: Any) -> int:
    from capi_desktop.commands._graph_cli import CliError, token_from_env

    if args.token_env:
        token = token_from_env(args.token_env)
    elif args.token_stdin:
        token = sys.stdin.readline().strip()
        if not token:
            raise CliError("no token on stdin")
    else:
        token = ""
    fields = {"test_event_code": args.test_code, "notes": args.notes}
    if args.api_version:
        fields["api_version"] = args.api_version
    if args.graph_url:
        fields["graph_url"] = args.graph_url
    profile = store.add(args.name, args.pixel, **fields)
    if token:
        state = store.set_token_sync(profile.id, token)
        if state.state != "system":
            # A CLI process ends now: a session-only token would be lost at once. Say so.
            print(
                f"warning: no usable keyring ({state.reason}); the token was NOT saved. "
                "Use --token-env with `send` instead.",
                file=sys.stderr,
            )
    print(f"Added profile {profile.name!r} (pixel {profile.pixel_id}).")
    return 0


def _named_profile(store: Any, name: str) -> Any:
    """The profile called `name`; a CliError when there is none."""
    from capi_desktop.commands._graph_cli import CliError

    profile = store.find(name)
    if profile is None:
        raise CliError(f"no profile named {name!r}")
    return profile


def _remove(args: argparse.Namespace, store: Any) -> int:
    profile = _named_profile(store, args.name)
    store.remove_sync(profile.id)
    print(f"Removed profile {profile.name!r} and its stored token.")
    return 0


def _verify(args: argparse.Namespace, store: Any) -> int:
    import asyncio

    from capi_desktop.backend.graph_client import CredentialCheck, GraphClient
    from capi_desktop.commands._graph_cli import CliError, setup_file_logging

    profile = _named_profile(store, args.name)
    token = store.get_token_sync(profile.id)
    if not token:
        raise CliError(f"no token stored for profile {profile.name!r}")
    setup_file_logging()

    async def go() -> CredentialCheck:
        graph = GraphClient()
        try:
            return await graph.check_credentials(profile, token)
        finally:
            await graph.aclose()

    check = asyncio.run(go())
    error = check.error
    if args.json:
        info = check.token_info
        print(
            json.dumps(
                {
                    "ok": check.ok,
                    "category": check.category,
                    "pixel": check.pixel,
                    "me": check.me,
                    "token": None
                    if info is None
                    else {
                        "type": info.type,
                        "scopes": list(info.scopes),
                        "expires_at": info.expires_at,
                    },
                    "error": None if error is None else error.to_json(),
                    "version_warning": check.version_warning or None,
                }
            )
        )
    elif check.ok:
        pixel = check.pixel or {}
        print(
            f"OK: pixel {pixel.get('id')} ({pixel.get('name', '?')}), as {(check.me or {}).get('name')}"
        )
        if check.token_info is not None:
            print(
                f"  token type {check.token_info.type}, scopes: {', '.join(check.token_info.scopes)}"
            )
    else:
        assert error is not None
        print(f"FAILED ({check.category}): {error.summary()}")
        for step in error.fix:
            print(f"  fix: {step}")
    if check.version_warning:
        print(f"warning: {check.version_warning}", file=sys.stderr)
    return 0 if check.ok else 1
