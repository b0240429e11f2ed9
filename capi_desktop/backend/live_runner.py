"""Run a live session: the relay and the browser capture feed one queue; the owner drains it."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Callable
from typing import Any

from capi_desktop.backend.browser_capture import BrowserCapture
from capi_desktop.backend.relay import DEFAULT_GRAPH_URL, RecordingRelay
from capi_desktop.backend.relay_import import relayed_from_log
from capi_desktop.domain.live.capture import CapturedRequest
from capi_desktop.domain.live.records import RelayedRequest
from capi_desktop.domain.live.session import LiveSession, SessionUpdate


class LiveRunner:
    """Owns relay, capture and session; `drain()` applies what arrived, on the caller's thread."""

    def __init__(
        self,
        *,
        relay_port: int = 0,
        forward: bool = False,
        graph_url: str = DEFAULT_GRAPH_URL,
        test_event_code: str | None = None,
        browser: str | None = None,
        headless: bool = False,
        block_pixel: bool = False,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.session = LiveSession(clock=clock)
        self._inbox: queue.Queue[tuple[str, Any]] = queue.Queue()
        self.relay = RecordingRelay(
            relay_port,
            forward=forward,
            graph_url=graph_url,
            test_event_code=test_event_code,
            on_record=lambda r: self._inbox.put(("server", r)),
            clock=clock,
        )
        self.capture: BrowserCapture | None = None
        if browser:
            self.capture = BrowserCapture(
                browser,
                lambda c: self._inbox.put(("browser", c)),
                headless=headless,
                block_pixel=block_pixel,
                on_closed=lambda why: self._inbox.put(("closed", why)),
                clock=clock,
            )
        self.browser_closed: str | None = None
        self.browser_done = False

    def start(self, url: str | None) -> None:
        """Start the browser on `url` (the relay already listens); raises CaptureError."""
        if self.capture is not None and url:
            try:
                self.capture.start(url)
            except Exception:
                self.relay.stop()
                raise

    def set_forward(self, forward: bool) -> None:
        self.relay.forward = forward

    def import_log(self, path: str | os.PathLike[str]) -> int:
        """Queue a server log's events into the session; raises ServerLogError/OSError."""
        requests = relayed_from_log(path, now=self.session.clock())
        for request in requests:
            self._inbox.put(("server", request))
        return len(requests)

    def drain(self, wait_s: float = 0.0) -> list[SessionUpdate]:
        """Apply every queued arrival; waits up to `wait_s` for the first one."""
        updates: list[SessionUpdate] = []
        try:
            item = self._inbox.get(timeout=wait_s) if wait_s > 0 else self._inbox.get_nowait()
        except queue.Empty:
            return updates
        while True:
            kind, payload = item
            if kind == "browser" and isinstance(payload, CapturedRequest):
                updates += self.session.add_capture(payload)
            elif kind == "server" and isinstance(payload, RelayedRequest):
                updates += self.session.add_relayed(payload)
            elif kind == "closed":
                self.browser_done = True
                self.browser_closed = payload
                updates.append(SessionUpdate("closed", {"reason": payload}))
            try:
                item = self._inbox.get_nowait()
            except queue.Empty:
                return updates

    def stop(self) -> None:
        if self.capture is not None:
            self.capture.stop()
        self.relay.stop()
