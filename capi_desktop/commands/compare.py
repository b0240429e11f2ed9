"""`capi-desktop compare`: will Meta deduplicate this browser Pixel hit against this server event?"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

    from capi_desktop.domain.dedup.compare import Comparison
    from capi_desktop.domain.pixel.request import PixelHit

NAME = "compare"
HELP = "compare a browser Pixel hit with a server event and predict Meta's dedup verdict"

# 0 deduplicated, 1 a problem (at risk / double counted), 3 no verdict (a key was not read).
_EXIT = {"deduplicated": 0, "at_risk": 1, "double_counted": 1, "unknown": 3}


class _Unreadable(Exception):
    """Input that cannot be used: one line on stderr, exit code 2."""


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--browser",
        required=True,
        metavar="URL|FILE",
        help="Pixel request URL, or a file with a URL, cURL, fetch, fbq call, form body or a HAR"
        " ('-' reads stdin; a cURL/fetch/fbq command may also be given inline)",
    )
    parser.add_argument(
        "--server",
        required=True,
        metavar="FILE",
        help="server event(s): request body, event, JSON array or JSON Lines",
    )
    parser.add_argument("--pixel", metavar="ID", help="pixel the server event was sent to")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the comparison as JSON (exit 0 deduplicated, 1 at risk or double counted,"
        " 3 unknown: a key was not read, 2 unreadable input)",
    )


def _looks_like_url(value: str) -> bool:
    return value.lower().startswith(("http://", "https://", "www.", "facebook.com"))


def _looks_like_pasted_text(value: str) -> bool:
    """A cURL/fetch/fbq command given inline instead of in a file (no such file exists)."""
    from pathlib import Path

    start = value.lstrip().lower()
    if not start.startswith(("curl ", "curl\t", "fetch(", "fbq(", "id=")) and "/tr" not in value:
        return False
    try:
        return not Path(value).is_file()
    except (OSError, ValueError):  # too long or odd for a path: certainly text
        return True


def _browser_hits(value: str) -> list[PixelHit]:
    from pathlib import Path

    from capi_desktop.backend.har_reader import HarError, iter_pixel_hits
    from capi_desktop.domain.pixel.request import ParseProblem, parse_browser_input

    if value == "-":
        text = sys.stdin.read()
    elif _looks_like_url(value) or _looks_like_pasted_text(value):
        text = value
    else:
        path = Path(value)
        try:
            with path.open("rb") as handle:
                head = handle.read(4096).decode("utf-8", errors="replace").lstrip("\ufeff \r\n\t")
            if (head.startswith("{") and '"log"' in head) or path.suffix.lower() == ".har":
                hits = list(iter_pixel_hits(path))
                if not hits:
                    raise _Unreadable(f"{path.name} holds no Meta Pixel request (facebook.com/tr)")
                return hits
            text = path.read_text(encoding="utf-8", errors="replace")
        except HarError as exc:
            raise _Unreadable(f"{path.name}: {exc}") from None
        except OSError as exc:
            raise _Unreadable(f"cannot read {value}: {exc.strerror or exc}") from None
    result = parse_browser_input(text)
    if isinstance(result, ParseProblem):
        raise _Unreadable(f"browser side: {result.text}")
    return [result]


def _pick(args: argparse.Namespace) -> tuple[PixelHit, Mapping[str, Any], str | None]:
    from capi_desktop.backend.server_log_reader import ServerLogError, read_server_events
    from capi_desktop.domain.dedup.compare import best_match

    hits = _browser_hits(args.browser)
    try:
        server_events = read_server_events(args.server)
    except ServerLogError as exc:
        raise _Unreadable(f"server side: {exc}") from None
    except OSError as exc:
        raise _Unreadable(f"cannot read {args.server}: {exc.strerror or exc}") from None
    pair = best_match(hits, [e.event for e in server_events])
    assert pair is not None  # both sides are non-empty here
    hit, event = pair
    owner = next(e for e in server_events if e.event is event)
    pixel: str | None = args.pixel or owner.pixel_id
    return hit, event, pixel


def _print_table(hit: PixelHit, result: Comparison) -> None:
    import shutil

    from capi_desktop.domain.dedup.model import VERDICT_LABELS

    width = max(80, shutil.get_terminal_size((120, 20)).columns)
    col = max(14, (width - 36) // 3)

    def cut(text: str | None) -> str:
        text = "—" if text is None else text
        return text if len(text) <= col else text[: col - 1] + "…"

    where = f" ({hit.origin})" if hit.origin else ""
    print(f"Browser: {hit.source_kind}{where}, {hit.event_name} {hit.event_id!r}")
    print(f"{'field':<18} {'browser':<{col}} {'server':<{col}} {'status':<8} reason")
    for row in result.rows:
        print(
            f"{row.field:<18} {cut(row.browser):<{col}} {cut(row.server):<{col}} {row.status:<8} {row.reason}"
        )
    print(f"\nVerdict: {VERDICT_LABELS[result.verdict].upper()}. {result.reason}")
    for note in result.notes:  # what could not be read stands next to the verdict
        print(f"  not read / repaired: {note}")


def run(args: argparse.Namespace) -> int:
    import json

    from capi_desktop.domain.dedup.compare import compare

    try:
        hit, event, pixel = _pick(args)
    except _Unreadable as exc:
        print(f"capi-desktop compare: {exc}", file=sys.stderr)
        return 2
    result = compare(hit, event, server_pixel_id=pixel)
    if args.json:
        payload = result.to_json()
        payload["browser_source"] = {"kind": hit.source_kind, "origin": hit.origin}
        payload["browser"] = {
            "pixel_id": hit.pixel_id,
            "event_name": hit.event_name,
            "event_id": hit.event_id,
            "truncated": hit.truncated,
            "fbp": hit.fbp,
            "custom_data": hit.custom_data,
        }
        payload["warnings"] = list(hit.warnings)
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print_table(hit, result)
    return _EXIT[result.verdict]
