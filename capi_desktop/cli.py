"""Command line: subcommands from `capi_desktop.commands`; no subcommand starts the GUI."""

from __future__ import annotations

import argparse
import importlib
import pkgutil
import sys
from collections.abc import Sequence
from types import ModuleType

from capi_desktop import commands
from capi_desktop.config import APP_NAME, VERSION


def _command_modules() -> list[ModuleType]:
    modules = []
    for info in sorted(pkgutil.iter_modules(commands.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{commands.__name__}.{info.name}")
        if hasattr(module, "NAME") and hasattr(module, "run"):
            modules.append(module)
    return modules


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="capi-desktop",
        description=f"{APP_NAME}: check, compose and debug Meta Conversions API events.",
    )
    parser.add_argument("--version", action="version", version=f"{APP_NAME} {VERSION}")
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="check Qt, keyring, resources and app dirs, then exit (non-zero on failure)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in _command_modules():
        command = sub.add_parser(module.NAME, help=module.HELP, description=module.HELP)
        module.add_arguments(command)
        command.set_defaults(_run=module.run)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    if not (sys.argv[1:] if argv is None else argv):
        # Plain start of the GUI: skip importing every subcommand to build the parser.
        from capi_desktop.app import run_app

        return run_app()
    args = build_parser().parse_args(argv)
    if args.self_test:
        from capi_desktop.self_test import run_self_test

        return run_self_test()
    run = getattr(args, "_run", None)
    if run is None:
        from capi_desktop.app import run_app

        return run_app()
    try:
        return int(run(args))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except Exception as exc:  # a CLI must end with a message, never a traceback
        from capi_desktop.domain.redact import redact

        print(
            f"capi-desktop {args.command}: {redact(str(exc)) or type(exc).__name__}",
            file=sys.stderr,
        )
        return 2
