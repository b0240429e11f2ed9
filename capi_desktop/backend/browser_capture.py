"""Drive an installed Chromium-family browser with Playwright and capture every Pixel request.

Playwright is imported only when a capture starts (about 0.13 s): it stays off the app's
start-up path. It drives the user's own browser through `executable_path`; nothing is
downloaded. The capture runs on its own thread (Playwright's sync API owns that thread).
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from capi_desktop.domain.live.capture import PIXEL_URL_PATTERN, CapturedRequest

log = logging.getLogger(__name__)
HEADLESS_ARGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
)
_COOKIES = ("_fbp", "_fbc")
_GIF = bytes.fromhex(
    "47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b"
)


class CaptureError(RuntimeError):
    """The browser could not be started or driven; the message says what to do."""


def playwright_available() -> str | None:
    """None when Playwright can be imported, otherwise what to install."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return (
            "the Playwright package is missing: pip install playwright (no browser download needed)"
        )
    return None


class BrowserCapture:
    """One browser with a fresh profile; `on_request` gets each Pixel request (on this thread)."""

    def __init__(
        self,
        executable: str,
        on_request: Callable[[CapturedRequest], None],
        *,
        headless: bool = False,
        block_pixel: bool = False,
        on_closed: Callable[[str | None], None] | None = None,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.executable = executable
        self.on_request = on_request
        self.on_closed = on_closed
        self.headless = headless
        self.block_pixel = block_pixel  # answer Pixel requests locally (tests, offline demos)
        self.clock = clock
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None
        self._error: str | None = None
        self._navigate: list[str] = []
        self._lock = threading.Lock()

    def start(self, url: str, timeout_s: float = 30.0) -> None:
        """Launch the browser on `url`; raises CaptureError when it cannot start."""
        problem = playwright_available()
        if problem:
            raise CaptureError(problem)
        self._thread = threading.Thread(
            target=self._run, args=(url,), daemon=True, name="browser-capture"
        )
        self._thread.start()
        if not self._ready.wait(timeout_s):
            self._stop.set()
            raise CaptureError(f"the browser did not start within {timeout_s:g} s")
        if self._error:
            raise CaptureError(self._error)

    def goto(self, url: str) -> None:
        """Open another page in the captured tab (from any thread)."""
        with self._lock:
            self._navigate.append(url)

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=15)

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    # -- the capture thread ----------------------------------------------------------------------

    def _run(self, url: str) -> None:
        from playwright.sync_api import Error, sync_playwright

        reason: str | None = None
        try:
            with (
                sync_playwright() as driver,
                tempfile.TemporaryDirectory(prefix="capi-live-") as home,
            ):
                context = driver.chromium.launch_persistent_context(
                    str(Path(home) / "profile"),
                    executable_path=self.executable,
                    headless=self.headless,
                    args=_browser_args(self.headless),
                    ignore_default_args=["--enable-automation"],
                )
                context.route(
                    re.compile(PIXEL_URL_PATTERN), lambda route: self._on_route(route, context)
                )
                page = context.pages[0] if context.pages else context.new_page()
                closed = threading.Event()
                context.on("close", lambda *_: closed.set())
                self._ready.set()
                page.goto(url)
                while not self._stop.is_set() and not closed.is_set():
                    with self._lock:
                        pending, self._navigate = self._navigate, []
                    for target in pending:
                        page.goto(target)
                    page.wait_for_timeout(100)
                if not closed.is_set():
                    context.close()
                else:
                    reason = "the browser was closed"
        except Error as exc:
            reason = _plain(str(exc))
            if not self._ready.is_set():
                self._error = f"could not start {self.executable}: {reason}"
        except Exception as exc:  # never let the thread die silently
            log.exception("browser capture failed")
            reason = f"the capture stopped: {type(exc).__name__}"
            if not self._ready.is_set():
                self._error = reason
        finally:
            self._ready.set()
            if self.on_closed is not None:
                self.on_closed(reason)

    def _on_route(self, route: Any, context: Any) -> None:
        request = route.request
        try:
            frame_url = request.frame.url
        except Exception:  # a service worker or a detached frame has no page URL
            frame_url = None
        try:
            cookies = {
                c["name"]: c["value"] for c in context.cookies() if c.get("name") in _COOKIES
            }
        except Exception:
            cookies = {}
        captured = CapturedRequest(
            url=request.url,
            method=request.method,
            body=request.post_data,
            content_type=request.headers.get("content-type"),
            page_url=frame_url,
            at=self.clock(),
            cookies=cookies,
        )
        try:
            self.on_request(captured)
        finally:
            if self.block_pixel:
                route.fulfill(status=200, body=_GIF, content_type="image/gif")
            else:
                route.continue_()


def _browser_args(headless: bool) -> list[str]:
    if headless:
        return list(HEADLESS_ARGS)
    # A visible browser keeps GPU and sandbox, except as root where Chromium refuses to start.
    args = list(HEADLESS_ARGS[2:])
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        args.insert(0, "--no-sandbox")
    return args


def _plain(message: str) -> str:
    """Playwright's first line, without its call log (which can be long)."""
    first = message.strip().splitlines()[0] if message.strip() else "unknown error"
    return first[:300]
