"""Read a CAPI request from a file or stdin for CLI commands; problems become one clear message."""

from __future__ import annotations

import sys
from pathlib import Path

from capi_desktop.domain.request.event_model import CapiRequest, parse_request


class InputError(Exception):
    """The input cannot be used; the message is ready to print."""


def read_request(source: str) -> CapiRequest:
    """Parse FILE (or `-` for stdin) as a request body, an event list or one event."""
    name = "stdin" if source == "-" else source
    try:
        if source == "-":
            text = sys.stdin.buffer.read().decode("utf-8")
        else:
            text = Path(source).read_bytes().decode("utf-8")
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a JSON file") from None
    except PermissionError:
        raise InputError(f"{name}: permission denied") from None
    except UnicodeDecodeError as exc:
        raise InputError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})") from None
    result = parse_request(text)
    if result.request is None:
        assert result.error is not None
        raise InputError(f"{name}: invalid JSON at {result.error}")
    return result.request
