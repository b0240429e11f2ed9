"""`capi-desktop quality`: read Meta's quality view (EMQ, diagnostics, dedup) for a profile or all."""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from capi_desktop.commands._graph_cli import add_target_arguments

if TYPE_CHECKING:
    from capi_desktop.domain.quality.snapshot import QualitySnapshot

NAME = "quality"
HELP = "read Meta's Event Match Quality, diagnostics and dedup feedback (stored for the trend)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    add_target_arguments(parser)
    parser.add_argument("--all", action="store_true", help="every saved profile, one paced sweep")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--markdown", action="store_true", help="print the report section")
    parser.add_argument("--no-store", action="store_true", help="do not keep the snapshot")
    parser.add_argument(
        "--agent-name",
        metavar="NAME",
        help="only events sent with this (normalized) partner_agent; default: all events",
    )


def run(args: argparse.Namespace) -> int:
    import asyncio

    from capi_desktop import paths
    from capi_desktop.backend.credentials import CredentialStore
    from capi_desktop.backend.http import PlainHttpRefused
    from capi_desktop.backend.quality_client import QualityClient
    from capi_desktop.backend.quality_store import QualityStore
    from capi_desktop.backend.quality_sweep import sweep
    from capi_desktop.commands._graph_cli import CliError, resolve_target, setup_file_logging

    store = CredentialStore()
    try:
        if args.all:
            if args.profile or args.pixel:
                raise CliError("--all reads every saved profile; leave out --profile/--pixel")
            profiles = [_with_overrides(p, args) for p in store.list_profiles()]
            if not profiles:
                raise CliError("no saved profiles (see `capi-desktop profiles add`)")
            tokens = {p.id: store.get_token_sync(p.id) for p in profiles}
        else:
            profile, token = resolve_target(args, store)
            profiles, tokens = [profile], {profile.id: token}
    except (CliError, ValueError) as exc:
        print(f"capi-desktop quality: {exc}", file=sys.stderr)
        return 2
    setup_file_logging()
    snapshots_store = None if args.no_store else QualityStore(paths.data_dir() / "quality.sqlite3")

    async def token_for(profile: Any) -> str | None:
        return tokens.get(profile.id)

    async def go() -> list[QualitySnapshot]:
        client = QualityClient()
        try:
            result = await sweep(
                profiles, token_for, client, snapshots_store, agent_name=args.agent_name
            )
            return result.snapshots
        finally:
            await client.aclose()
            if snapshots_store is not None:
                snapshots_store.close()

    try:
        snapshots = asyncio.run(go())
    except PlainHttpRefused as exc:
        print(f"capi-desktop quality: {exc}", file=sys.stderr)
        return 2
    _print(snapshots, args)
    return 0 if all(s.outcome.state in ("data", "empty") for s in snapshots) else 1


def _with_overrides(profile: Any, args: argparse.Namespace) -> Any:
    from dataclasses import replace

    overrides = {}
    if args.graph_url:
        overrides["graph_url"] = args.graph_url
    if args.api_version:
        overrides["api_version"] = args.api_version
    return replace(profile, **overrides).validated()


def _print(snapshots: list[QualitySnapshot], args: argparse.Namespace) -> None:
    if args.json:
        summaries = [s.summary() for s in snapshots]
        payload = {"profiles": summaries} if args.all else summaries[0]
        print(json.dumps(payload, ensure_ascii=False))
        return
    if args.markdown:
        from capi_desktop.domain.quality.report_section import render_markdown

        print(render_markdown(snapshots))
        return
    from capi_desktop.domain.quality.report_section import quality_rows

    for snapshot in snapshots:
        print(
            f"{snapshot.profile_name} (dataset {snapshot.pixel_id}, Graph {snapshot.graph_version})"
        )
        print(f"  {snapshot.outcome.title}: {snapshot.outcome.detail}")
        if snapshot.outcome.setup_step:
            print(f"  fix: {snapshot.outcome.setup_step}")
        for row in quality_rows(snapshot):
            print(f"  {row[0]}: EMQ {row[1]}, coverage {row[2]}, freshness {row[3]}, ACR {row[4]}")
            print(f"    diagnostics: {row[5]}")
