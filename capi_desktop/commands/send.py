"""`capi-desktop send FILE`: send a request body to the Graph API (or the emulator)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from capi_desktop.commands._graph_cli import add_target_arguments

NAME = "send"
HELP = "send events (JSON file or -) to the Conversions API with a profile or --token-env"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="request body, event list or event; - = stdin")
    add_target_arguments(parser)
    parser.add_argument("--test-code", metavar="CODE", help="test_event_code (Events Manager)")
    parser.add_argument("--json", action="store_true", help="print one JSON object")


def run(args: argparse.Namespace) -> int:
    import asyncio

    from capi_desktop.backend.credentials import CredentialStore
    from capi_desktop.backend.graph_client import GraphClient, SendResult
    from capi_desktop.backend.http import PlainHttpRefused
    from capi_desktop.commands._graph_cli import (
        CliError,
        resolve_target,
        send_result_json,
        setup_file_logging,
    )
    from capi_desktop.commands._request_input import InputError, read_request

    try:
        request = read_request(args.file)
        profile, token = resolve_target(args, CredentialStore())
    except (InputError, CliError) as exc:
        print(f"capi-desktop send: {exc}", file=sys.stderr)
        return 2
    from capi_desktop.domain.request.graph_versions import version_status

    version_warning = version_status(profile.api_version).message
    if version_warning:  # stderr, so `--json` output stays one object
        print(f"capi-desktop send: warning: {version_warning}", file=sys.stderr)
    setup_file_logging()
    from capi_desktop.domain.request.send_outcome import effective_test_code

    test_code = effective_test_code(args.test_code, request.body, profile.test_event_code).code

    async def go() -> SendResult:
        graph = GraphClient()
        try:
            return await graph.send_events(
                profile, token, request.sendable_body(), test_event_code=test_code
            )
        finally:
            await graph.aclose()

    try:
        result = asyncio.run(go())
    except (PlainHttpRefused, ValueError) as exc:
        print(f"capi-desktop send: {exc}", file=sys.stderr)
        return 2
    summary = send_result_json(result)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False))
    else:
        _print_human(summary, test_code)
    return 0 if summary["ok"] else 1


def _print_human(summary: dict[str, Any], test_code: str | None) -> None:
    error = summary["error"]
    if not isinstance(error, dict):
        where = f" with test code {test_code}" if test_code else ""
        from capi_desktop.domain.wording import plural

        print(f"Accepted{where}: {plural(summary['events_received'], 'event')} received.")
        for message in summary["messages"]:
            print(f"  note: {message}")
        print(f"  fbtrace_id: {summary['fbtrace_id']}")
        return
    from capi_desktop.domain.error_catalog.labels import code_label

    number = code_label(error["code"], error["subcode"])
    verdict = "Throttled" if error.get("throttled") else "Rejected"
    print(f"{verdict}: {error['title']}{number}")
    for step in error["fix"]:
        print(f"  fix: {step}")
    if summary.get("not_repeated_because"):
        print(f"  Not sent again automatically: {summary['not_repeated_because']}.")
    elif error["transient"]:
        print("  This looks temporary; it was retried and may work later.")
    print(
        f"  HTTP {summary['http_status']}, fbtrace_id: {error['fbtrace_id']}, attempts: {summary['attempts']}"
    )
