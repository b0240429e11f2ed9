"""CLI subcommands: one module each, discovered by `capi_desktop.cli`.

A module here defines NAME (str), HELP (str), add_arguments(parser) and run(args) -> int,
and imports its heavy dependencies inside run() so `--help` and other commands stay fast.
"""
