"""`capi-desktop session`: a live test session without the GUI, printing what arrives as JSON lines."""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

NAME = "session"
HELP = "watch a real journey: capture the browser's Pixel hits, relay server events, pair them live"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--url", help="page to open in the browser (omit for relay only)")
    parser.add_argument(
        "--relay-port", type=int, default=0, metavar="N", help="relay port (0: any)"
    )
    parser.add_argument(
        "--browser", metavar="PATH", help="Chrome/Chromium/Edge to start (default: first found)"
    )
    parser.add_argument(
        "--forward", action="store_true", help="forward relayed requests to Meta (off by default)"
    )
    parser.add_argument(
        "--graph-url", default="https://graph.facebook.com", help="where --forward sends"
    )
    parser.add_argument(
        "--test-code", metavar="CODE", help="test_event_code set on forwarded requests"
    )
    parser.add_argument("--headless", action="store_true", help="run the browser without a window")
    parser.add_argument(
        "--block-pixel", action="store_true", help="answer Pixel requests locally (offline runs)"
    )
    parser.add_argument("--import-log", metavar="FILE", help="server log to add to the session")
    parser.add_argument("--duration", type=float, metavar="S", help="stop after S seconds")
    parser.add_argument("--until-pairs", type=int, metavar="N", help="stop after N pairs")
    parser.add_argument(
        "--har", metavar="FILE", help="write the session as a redacted HAR at the end"
    )
    parser.add_argument(
        "--report", metavar="FILE", help="write the audit report (.html, .md or .csv)"
    )


def _line(kind: str, payload: Any) -> None:
    print(json.dumps({"type": kind, **payload}, ensure_ascii=False, default=str), flush=True)


def _choose_browser(args: argparse.Namespace) -> str | None:
    from capi_desktop.backend.browser_find import check_browser, find_browsers

    if not args.url:
        return None
    if args.browser:
        problem = check_browser(args.browser)
        if problem:
            raise ValueError(problem)
        return str(args.browser)
    found = find_browsers()
    if not found:
        raise ValueError("no Chrome, Chromium or Edge found: install one or pass --browser PATH")
    return found[0].path


def _finish(runner: Any, args: argparse.Namespace) -> int:
    from pathlib import Path

    from capi_desktop.domain.audit.report import FORMATS, ReportFormat
    from capi_desktop.domain.live.export import session_har, session_report
    from capi_desktop.domain.live.timeline import checklist

    session = runner.session
    status = session.status()
    check = checklist(session)
    if args.har:
        Path(args.har).write_text(json.dumps(session_har(session), indent=1), encoding="utf-8")
    if args.report:
        suffix = Path(args.report).suffix.lstrip(".").lower()
        fmt: ReportFormat = next((f for f in FORMATS if f == suffix), "html")
        Path(args.report).write_text(session_report(session, fmt), encoding="utf-8")
    _line(
        "summary",
        {
            "pairs": len(session.pairs),
            "clean_pairs": sum(1 for p in session.pairs if p.clean),
            "warnings": len(session.warnings),
            "window": status.state,
            "window_message": status.message,
            "journey_complete": check.complete,
            "gaps": list(check.gaps),
            "browser_closed": runner.browser_closed,
        },
    )
    return 0 if check.complete and not session.warnings else 1


def run(args: argparse.Namespace) -> int:
    from capi_desktop.backend.browser_capture import CaptureError
    from capi_desktop.backend.live_runner import LiveRunner
    from capi_desktop.backend.relay import ForwardRefused

    try:
        browser = _choose_browser(args)
        runner = LiveRunner(
            relay_port=args.relay_port,
            forward=args.forward,
            graph_url=args.graph_url,
            test_event_code=args.test_code,
            browser=browser,
            headless=args.headless,
            block_pixel=args.block_pixel,
        )
    except (ValueError, ForwardRefused, OSError) as exc:
        print(f"capi-desktop session: {exc}", file=sys.stderr)
        return 2
    if args.forward and not args.test_code:
        print(
            "capi-desktop session: forwarding without --test-code: relayed events count as real"
            " production events unless the sender sets test_event_code itself",
            file=sys.stderr,
        )
    _line(
        "relay",
        {
            "url": runner.relay.url,
            "events_url": runner.relay.events_url("{pixel_id}"),
            "forward": args.forward,
        },
    )
    try:
        runner.start(args.url)
        if browser:
            _line("browser", {"path": browser, "url": args.url})
        if args.import_log:
            _line(
                "imported", {"file": args.import_log, "events": runner.import_log(args.import_log)}
            )
        deadline = time.monotonic() + args.duration if args.duration else None
        state = None
        while deadline is None or time.monotonic() < deadline:
            for update in runner.drain(wait_s=0.2):
                _line(update.kind, update.payload)
            status = runner.session.status()
            if status.state != state:
                state = status.state
                _line("window", {"state": status.state, "message": status.message})
            if args.until_pairs and len(runner.session.pairs) >= args.until_pairs:
                break
            if runner.browser_done and not args.import_log and args.duration is None:
                break
    except CaptureError as exc:
        print(f"capi-desktop session: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        pass
    finally:
        runner.stop()
    for update in runner.drain():
        _line(update.kind, update.payload)
    return _finish(runner, args)
