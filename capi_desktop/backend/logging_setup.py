"""Rotating log file in the app's log dir, with token redaction on every record."""

from __future__ import annotations

import contextlib
import logging
import logging.handlers
import os
from pathlib import Path

from capi_desktop.domain.redact import redact


class RedactingFilter(logging.Filter):
    """Rewrites each record's final message so no token reaches any handler."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if record.exc_info and record.exc_info[1] is not None:
            # Exception text can carry a token too (e.g. a URL in an httpx error).
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        record.msg = cleaned
        record.args = None
        return True


class PrivateRotatingFileHandler(logging.handlers.RotatingFileHandler):
    """Every log file (and each rotated one) is 0600: it names profiles, pixels and files."""

    def _open(self):  # type: ignore[no-untyped-def]
        stream = super()._open()
        with contextlib.suppress(OSError):
            os.chmod(self.baseFilename, 0o600)
        return stream


def configure_logging(log_dir: Path, *, level: int = logging.INFO) -> Path:
    """Attach a redacting rotating file handler to the root logger; return the log path."""
    log_path = log_dir / "capi-desktop.log"
    root = logging.getLogger()
    for handler in list(root.handlers):
        if getattr(handler, "_capi_desktop", False):
            root.removeHandler(handler)
            handler.close()
    try:
        handler = PrivateRotatingFileHandler(
            log_path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError as exc:  # a full or read-only disk must not stop the app
        from capi_desktop.backend.file_notices import FileNotice, announce

        reason = exc.strerror or type(exc).__name__
        announce(FileNotice(log_path, f"The log file {log_path} cannot be written ({reason}); "
                            "the app runs without a log file this time."))  # fmt: skip
        return log_path
    handler.addFilter(RedactingFilter())
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler._capi_desktop = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    root.setLevel(level)
    return log_path
