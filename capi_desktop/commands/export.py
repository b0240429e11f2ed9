"""`capi-desktop export`: turn a CAPI payload into cURL / Python / Node / PHP code or the JSON body."""

from __future__ import annotations

import argparse
import sys

from capi_desktop.domain.codegen.formats import FORMATS

NAME = "export"
HELP = "generate code that sends a payload (the token stays in $META_ACCESS_TOKEN)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="JSON file, or - for stdin")
    parser.add_argument("--format", required=True, choices=FORMATS)
    parser.add_argument("--pixel", default="", metavar="ID", help="pixel (dataset) ID")
    parser.add_argument(
        "--api-version", default=None, metavar="vNN.0", help="Graph API version (default: newest)"
    )
    parser.add_argument(
        "--graph-url",
        default=None,
        help="Graph base URL (default: Meta's); e.g. the local emulator's http://127.0.0.1:PORT",
    )


def run(args: argparse.Namespace) -> int:
    from capi_desktop.commands._request_input import InputError, read_request
    from capi_desktop.config import DEFAULT_GRAPH_URL
    from capi_desktop.domain.codegen import export
    from capi_desktop.domain.request.graph_versions import DEFAULT_API_VERSION

    try:
        request = read_request(args.file)
    except InputError as exc:
        print(f"capi-desktop export: {exc}", file=sys.stderr)
        return 2
    try:
        code = export(
            request,
            args.format,
            pixel_id=args.pixel,
            api_version=args.api_version or DEFAULT_API_VERSION,
            graph_url=args.graph_url or DEFAULT_GRAPH_URL,
        )
    except ValueError as exc:
        print(f"capi-desktop export: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(code)
    return 0
