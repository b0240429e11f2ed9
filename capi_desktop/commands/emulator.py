"""`capi-desktop emulator`: run the local Graph API emulator until Ctrl+C."""

from __future__ import annotations

import argparse
import sys

NAME = "emulator"
HELP = "run a local Graph API emulator (loopback only) for trying the app without Meta"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--token", action="append", metavar="T", help="accepted token (repeatable)")
    parser.add_argument("--pixel", action="append", metavar="ID", help="known pixel (repeatable)")
    parser.add_argument("--expired-token", action="append", metavar="T", default=[])
    parser.add_argument(
        "--allow-remote", action="store_true", help="allow binding to a non-loopback address"
    )


def run(args: argparse.Namespace) -> int:
    import threading

    from capi_desktop.backend.emulator import DEFAULT_PIXEL, DEFAULT_TOKEN, start_emulator

    tokens = args.token or [DEFAULT_TOKEN]
    pixels = args.pixel or [DEFAULT_PIXEL]
    try:
        running = start_emulator(
            args.host,
            args.port,
            tokens,
            pixels,
            expired_tokens=args.expired_token,
            allow_remote=args.allow_remote,
        )
    except (ValueError, OSError) as exc:
        print(f"capi-desktop emulator: {exc}", file=sys.stderr)
        return 2
    print(f"Graph API emulator on {running.url}", flush=True)
    print(f"  pixels: {', '.join(pixels)}; {len(tokens)} token(s) accepted", flush=True)
    print(f"  received events: {running.url}/_emulator/received  (Ctrl+C stops)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        running.stop()
    return 0
