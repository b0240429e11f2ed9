"""Entry point for `python -m capi_desktop`."""

from capi_desktop.cli import main

raise SystemExit(main())
