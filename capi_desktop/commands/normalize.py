"""`capi-desktop normalize --jsonl`: stream JSON lines of {field, value, country?} to results."""

from __future__ import annotations

import argparse
import json
import sys
from typing import IO, Any

NAME = "normalize"
HELP = "normalize and hash a stream of JSON lines ({field, value, country?}) from stdin"
_MAX_ECHO = 200
_CHUNK = 1 << 16


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--jsonl",
        action="store_true",
        required=True,
        help="read JSON lines on stdin, write one result line per input line, in order",
    )
    parser.add_argument("--country", metavar="CC", help="default country (ISO-2) for every line")


def _error_line(raw: str, warning_id: str, message: str) -> dict[str, Any]:
    return {
        "field": None,
        "input": raw[:_MAX_ECHO],
        "normalized": None,
        "sha256": None,
        "status": "error",
        "steps": [],
        "warnings": [{"id": warning_id, "message": message}],
    }


def process(stdin: IO[bytes], stdout: IO[str], country: str | None) -> int:
    """Normalize each line of `stdin` to `stdout`; returns the number of error lines."""
    from capi_desktop.domain.normalize import NormalizeContext, lookup_default_country, normalize

    contexts: dict[str | None, NormalizeContext] = {}

    def context_for(code: str | None) -> NormalizeContext:
        found = contexts.get(code)
        if found is None:
            found = contexts[code] = NormalizeContext(default_country=code)
        return found

    errors = 0
    dumps = json.dumps

    def emit(raw_line: bytes) -> dict[str, Any]:
        try:
            line = raw_line.decode("utf-8")
        except UnicodeDecodeError:
            line = raw_line.decode("utf-8", "replace").rstrip("\r\n")
            return _error_line(line, "jsonl.encoding", "Line is not valid UTF-8.")
        return _handle(line, country, context_for, lookup_default_country, normalize)

    # Read whatever has arrived, answer every complete line in it, flush once per chunk:
    # a line-by-line conversation over a pipe gets its answer at once, bulk input stays fast.
    read = getattr(stdin, "read1", stdin.read)
    pending: list[bytes] = []
    while True:
        chunk = read(_CHUNK)
        if not chunk:
            break
        lines = chunk.split(b"\n")
        if pending:
            lines[0] = b"".join((*pending, lines[0]))
            pending = []
        tail = lines.pop()
        if tail:
            pending.append(tail)
        if lines:
            out = [emit(line) for line in lines]
            errors += sum(1 for item in out if item["status"] == "error")
            stdout.write("".join(dumps(item) + "\n" for item in out))
            stdout.flush()
    if pending:
        item = emit(b"".join(pending))
        errors += item["status"] == "error"
        stdout.write(dumps(item) + "\n")
        stdout.flush()
    return errors


def _handle(
    line: str, country: str | None, context_for: Any, lookup: Any, normalize: Any
) -> dict[str, Any]:
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as exc:
        return _error_line(line.rstrip("\r\n"), "jsonl.invalid_json", f"Not JSON: {exc}"[:200])
    if not isinstance(item, dict) or not isinstance(item.get("field"), str) or "value" not in item:
        return _error_line(
            line.rstrip("\r\n"),
            "jsonl.shape",
            'Expected an object like {"field": "em", "value": "...", "country": "US"}.',
        )
    code = country
    if item.get("country") is not None:
        code = lookup(item["country"]) if isinstance(item["country"], str) else None
        if code is None:
            out = _error_line(
                str(item.get("value"))[:_MAX_ECHO], "jsonl.country", "Unknown country."
            )
            out["field"] = item["field"]
            return out
    result: dict[str, Any] = normalize(
        item["field"], item["value"], context=context_for(code)
    ).to_json()
    return result


def run(args: argparse.Namespace) -> int:
    from capi_desktop.domain.normalize import lookup_default_country

    country = None
    if args.country:
        country = lookup_default_country(args.country)
        if country is None:
            print(f"capi-desktop normalize: unknown country {args.country!r}", file=sys.stderr)
            return 2
    process(sys.stdin.buffer, sys.stdout, country)
    return 0
