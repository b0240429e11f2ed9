"""`capi-desktop hash`: normalize and hash user_data values per Meta's rules, showing every step."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

NAME = "hash"
HELP = "normalize and SHA-256 one or more user_data values (Meta's rules), with steps"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "key", metavar="KEY", help="user_data key, e.g. em, ph, fn (aliases: email, phone)"
    )
    parser.add_argument("values", metavar="VALUE", nargs="+", help="raw value(s)")
    parser.add_argument(
        "--country", metavar="CC", help="default country (ISO-2) for phones, states, zips, dates"
    )
    parser.add_argument("--json", action="store_true", help="print a JSON array")
    parser.add_argument(
        "--variants",
        action="store_true",
        help="also show what the SDKs, the param builders and sGTM tags would produce",
    )
    parser.add_argument(
        "--which",
        metavar="HASH",
        help="which implementation sent this? say whose output for VALUE equals the captured HASH",
    )


def _print(text: str) -> None:
    # Lone surrogates from the command line cannot be encoded; show them escaped.
    sys.stdout.write(text.encode("utf-8", "backslashreplace").decode("utf-8") + "\n")


def run(args: argparse.Namespace) -> int:
    from capi_desktop.domain.normalize import (
        NormalizeContext,
        canonical_key,
        lookup_default_country,
        normalize_values,
        suggest_key,
        variants,
        who_sent,
    )

    country = None
    if args.country:
        country = lookup_default_country(args.country)
        if country is None:
            print(f"capi-desktop hash: unknown country {args.country!r}", file=sys.stderr)
            return 2
    key = args.key
    canonical = canonical_key(key)
    if canonical is None:
        guess = suggest_key(key)
        hint = f"; did you mean {guess!r}?" if guess else ""
        print(f"capi-desktop hash: {key!r} is not a user_data key{hint}", file=sys.stderr)
        return 2
    if canonical is not None and canonical != key:
        print(f"capi-desktop hash: using Meta's key {canonical!r} for {key!r}", file=sys.stderr)
        key = canonical
    context = NormalizeContext(default_country=country)
    results = normalize_values(key, list(args.values), context=context)
    if args.which is not None:
        answers = [who_sent(args.which, raw, context, key=key) for raw in args.values]
        if args.json:
            _print(json.dumps([_who_json(a) for a in answers], indent=2, ensure_ascii=False))
        else:
            for answer in answers:
                _print(f"{key} {answer.raw!r}: {answer.summary()}")
                for match in answer.matches:
                    _print(f"  = {match.label}: {match.note}  [{match.provenance or 'heuristic'}]")
        return 0 if any(a.matches for a in answers) else 1
    if args.json:
        payload: list[dict[str, Any]] = []
        for result in results:
            item = result.to_json()
            if args.variants:
                item["variants"] = [v.to_json() for v in variants(key, result.input, context)]
            payload.append(item)
        _print(json.dumps(payload, indent=2, ensure_ascii=False))
    else:
        for result in results:
            _print(f"{result.key} {result.input!r} → {result.normalized!r} [{result.status}]")
            if result.sha256:
                _print(f"  sha256: {result.sha256}")
            for step in result.steps:
                _print(f"  step: {step}")
            for warning in result.warnings:
                _print(f"  {warning.id}: {warning.message}")
            if args.variants:
                for v in variants(key, result.input, context):
                    mark = "≠" if v.differs_from_docs else "="
                    digest = (v.sha256 or "-")[:16]
                    _print(f"  {mark} {v.label:<40} {v.normalized!r:<28} {digest}  {v.note}")
                    if v.provenance.endswith("not run"):
                        _print(f"      ({v.provenance})")
    return 1 if any(r.status == "error" for r in results) else 0


def _who_json(answer: Any) -> dict[str, Any]:
    return {
        "captured": answer.captured,
        "input": answer.raw,
        "key": answer.key,
        "summary": answer.summary(),
        "problem": answer.problem,
        "appendix": answer.appendix,
        "matches": [m.to_json() for m in answer.matches],
    }
