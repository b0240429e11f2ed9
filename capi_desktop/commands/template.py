"""`capi-desktop template KIND [EVENT]`: print a starting payload for one kind of event."""

from __future__ import annotations

import argparse
import sys

NAME = "template"
HELP = "print a starting payload for an event kind (website, app, physical_store, crm, …)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "kind",
        metavar="KIND",
        nargs="?",
        help="website, app, physical_store (offline), crm (Conversion Leads), "
        "system_generated, business_messaging, email, phone_call, chat, other",
    )
    parser.add_argument("event", metavar="EVENT", nargs="?", help="event name (default per kind)")
    parser.add_argument("--list", action="store_true", help="list the kinds and what each needs")
    parser.add_argument(
        "--now", type=int, metavar="UNIX", help="reference time in Unix seconds (default: now)"
    )


def run(args: argparse.Namespace) -> int:
    import json
    import time

    from capi_desktop.domain.event_kinds import KINDS, resolve
    from capi_desktop.domain.event_kinds.starters import starter_request

    if args.list or not args.kind:
        for each in KINDS.values():
            print(
                f"{each.key:<19} action_source={each.action_source:<19} window {each.window_text}"
            )
            print(f"{'':<19} requires: {', '.join(each.required)}")
            print(f"{'':<19} pairs with: {each.dedup_wording}")
        return 0 if args.list else 2
    kind = resolve(args.kind)
    if kind is None:
        print(
            f"capi-desktop template: unknown kind {args.kind!r}; choose one of " + ", ".join(KINDS),
            file=sys.stderr,
        )
        return 2
    now = args.now if args.now is not None else int(time.time())
    print(json.dumps(starter_request(kind.key, args.event, now=now), indent=2))
    return 0
