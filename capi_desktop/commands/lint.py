"""`capi-desktop lint`: check a CAPI payload offline and predict what Meta would reject."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from capi_desktop.domain.lint import Finding
    from capi_desktop.domain.match_score import MatchScore

NAME = "lint"
HELP = "check a Conversions API payload (request, event list or one event) offline"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="JSON file, or - for stdin")
    parser.add_argument("--json", action="store_true", help="print findings as JSON")
    parser.add_argument(
        "--now", type=int, metavar="UNIX", help="reference time in Unix seconds (default: now)"
    )
    parser.add_argument(
        "--country", metavar="CC", help="default country for phone/address checks (e.g. US)"
    )


def run(args: argparse.Namespace) -> int:
    import json
    import time

    from capi_desktop.commands._request_input import InputError, read_request
    from capi_desktop.domain.lint import counts, has_errors, lint
    from capi_desktop.domain.match_score import score_request, summarize
    from capi_desktop.domain.normalize import NormalizeContext

    try:
        request = read_request(args.file)
    except InputError as exc:
        print(f"capi-desktop lint: {exc}", file=sys.stderr)
        return 2
    now = args.now if args.now is not None else int(time.time())
    context = NormalizeContext(default_country=args.country.upper() if args.country else None)
    findings = lint(request, now=now, context=context)
    scores = score_request(request)
    if args.json:
        summary = summarize(scores)
        summary["per_event"] = [s.to_dict() for s in scores]
        payload = {
            "findings": [f.to_dict() for f in findings],
            "counts": counts(findings),
            "match_score": summary,
        }
        print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        _print_text(findings, scores)
    return 1 if has_errors(findings) else 0


def _print_text(findings: list[Finding], scores: list[MatchScore]) -> None:
    from capi_desktop.domain.lint import by_severity, counts
    from capi_desktop.domain.match_score import summarize

    for finding in by_severity(findings):
        location = finding.path or "(request)"
        print(f"{finding.severity:<7} {location}: {finding.message} [{finding.rule}]")
        print(f"        fix: {finding.fix}")
        if finding.predicted_error:
            code = finding.predicted_error.get("code")
            sub = finding.predicted_error.get("subcode")
            print(f"        Meta would answer: code {code}" + (f", subcode {sub}" if sub else ""))
    total = counts(findings)
    print(f"{total['error']} error(s), {total['warning']} warning(s), {total['info']} info")
    summary = summarize(scores)
    if summary["average"] is not None:
        print(
            f"Match-key coverage (estimate, not Meta's Event Match Quality): "
            f"{summary['average']}/100 over {summary['events']} event(s)"
        )
        if len(scores) == 1 and scores[0].next_best_label:
            print(f"Next best key to add: {scores[0].next_best_label}")
