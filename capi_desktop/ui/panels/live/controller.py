"""Live session controller: owns the runner and what the panel shows; no Qt, unit-tested."""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from capi_desktop.backend.browser_find import InstalledBrowser, check_browser, find_browsers
from capi_desktop.domain.live.clean_window import WindowStatus
from capi_desktop.domain.live.records import LivePair, SessionWarning
from capi_desktop.domain.live.session import LiveSession
from capi_desktop.domain.live.timeline import Checklist, TimelineRow, checklist, timeline
from capi_desktop.domain.redact import redact

log = logging.getLogger(__name__)
State = Literal["idle", "starting", "running", "stopping", "stopped", "error"]
FORWARD_WARNING = (
    "Forwarding sends every relayed request on to Meta with the sender's own token. Without a"
    " test event code those are real production events."
)


@dataclass(frozen=True)
class LiveView:
    """Everything the panel renders, computed in one place."""

    state: State
    message: str
    window: WindowStatus | None
    timeline: tuple[TimelineRow, ...]
    checklist: Checklist | None
    pairs: tuple[LivePair, ...]
    warnings: tuple[SessionWarning, ...]
    browser_hits: int
    server_events: int
    unpaired_browser: int
    unpaired_server: int
    triggers: int
    relay_url: str | None

    @property
    def counts_text(self) -> str:
        """The footer line: what the session saw, what paired and what did not."""
        if self.window is None and not self.pairs:
            return "No session yet."
        extra = f", {self.triggers} attribution trigger(s)" if self.triggers else ""
        return (
            f"{self.browser_hits} browser hit(s), {self.server_events} server event(s),"
            f" {len(self.pairs)} paired; unpaired: {self.unpaired_browser} browser,"
            f" {self.unpaired_server} server{extra}"
        )


class LiveController:
    """Start/stop a session, poll it from the GUI thread, export it."""

    def __init__(
        self,
        *,
        runner_factory: Callable[..., Any] | None = None,
        browser_finder: Callable[[], list[InstalledBrowser]] = find_browsers,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self._runner_factory = runner_factory
        self.clock = clock
        self.browsers = browser_finder()
        self.browser_path: str | None = self.browsers[0].path if self.browsers else None
        self.url = ""
        self.relay_port = 0
        self.forward = False
        self.test_event_code = ""
        self.graph_url = "https://graph.facebook.com"
        self.headless = False
        self.state: State = "idle"
        self.error: str | None = None
        self.note: str | None = None  # e.g. "the browser was closed"
        self.runner: Any = None
        self.session: LiveSession | None = None
        self._worker: threading.Thread | None = None
        self._start_error: str | None = None

    # -- configuration -------------------------------------------------------------------------

    def choose_browser(self, path: str) -> str | None:
        """Use the browser at `path`; returns why not, or None."""
        problem = check_browser(path)
        if problem is None:
            self.browser_path = path
            if all(b.path != path for b in self.browsers):
                self.browsers.append(InstalledBrowser("Chosen browser", path))
        return problem

    def set_forward(self, forward: bool) -> None:
        self.forward = forward
        if self.runner is not None:
            self.runner.set_forward(forward)

    @property
    def relay_url(self) -> str | None:
        return None if self.runner is None else str(self.runner.relay.url)

    def events_url(self, pixel_id: str = "{pixel_id}") -> str | None:
        return None if self.runner is None else str(self.runner.relay.events_url(pixel_id))

    # -- lifecycle -----------------------------------------------------------------------------

    def start(self) -> None:
        """Bind the relay now (quick) and launch the browser on a worker thread."""
        if self.state in ("starting", "running", "stopping"):
            return
        self.error = self.note = None
        url = self.url.strip()
        if url and "://" not in url:
            url = "https://" + url
        if url and not self.browser_path:
            self._fail(
                "No Chrome, Chromium or Edge was found. Choose a browser, or leave the URL empty to run the relay only."
            )
            return
        factory = self._runner_factory or _default_runner
        try:
            self.runner = factory(
                relay_port=self.relay_port,
                forward=self.forward,
                graph_url=self.graph_url,
                test_event_code=self.test_event_code.strip() or None,
                browser=self.browser_path if url else None,
                headless=self.headless,
                clock=self.clock,
            )
        except OSError as exc:
            self._fail(
                f"The relay could not listen on port {self.relay_port}: {exc.strerror or exc}. Pick another port or 0 for any."
            )
            return
        except ValueError as exc:
            self._fail(redact(str(exc)))
            return
        self.session = self.runner.session
        self.state = "starting"
        self._start_error = None
        self._worker = threading.Thread(target=self._launch, args=(url,), daemon=True)
        self._worker.start()

    def _launch(self, url: str) -> None:
        try:
            self.runner.start(url or None)
        except Exception as exc:  # CaptureError and anything Playwright raises
            self._start_error = redact(str(exc)) or type(exc).__name__

    def stop(self) -> None:
        if self.runner is None or self.state in ("stopping", "stopped", "idle", "error"):
            return
        self.state = "stopping"
        runner = self.runner
        self._worker = threading.Thread(target=runner.stop, daemon=True)
        self._worker.start()

    def shutdown(self) -> None:
        """Stop everything now, waiting (the app is quitting: no browser may outlive it)."""
        if self.runner is not None and self.state not in ("stopped", "idle"):
            self.runner.stop()
            self.state = "stopped"

    def poll(self) -> int:
        """Apply what arrived (GUI thread); returns how many updates there were."""
        if self.runner is None:
            return 0
        if self.state == "starting" and self._worker is not None and not self._worker.is_alive():
            if self._start_error:
                self._fail(f"The browser could not start: {self._start_error}")
                self.runner.stop()
                return 0
            self.state = "running"
        if self.state == "stopping" and self._worker is not None and not self._worker.is_alive():
            self.state = "stopped"
        updates = self.runner.drain()
        if self.runner.browser_done and self.note is None:
            self.note = (
                self.runner.browser_closed or "the browser was closed"
            ) + "; the relay keeps recording."
        return len(updates)

    def _fail(self, message: str) -> None:
        self.state = "error"
        self.error = message

    def load_demo(self, session: LiveSession) -> None:
        """Show a finished session without a browser (screenshots, first look)."""
        self.session = session
        self.state = "running"

    # -- what the panel shows ------------------------------------------------------------------

    def view(self) -> LiveView:
        session = self.session
        if self.state == "error":
            message = self.error or "The session failed."
        elif self.state == "idle":
            message = (
                "Start a session: the browser opens your page, point your server at the relay URL."
            )
        elif self.state == "starting":
            message = "Starting the browser…"
        elif self.state == "stopping":
            message = "Stopping…"
        elif self.state == "stopped":
            message = "Session stopped. Export it, or start a new one."
        else:
            message = self.note or "Recording. Walk through the journey: PageView → Purchase."
        if session is None:
            empty = tuple(timeline(LiveSession(clock=self.clock)))  # the journey rows, all "·"
            return LiveView(self.state, message, None, empty, None, (), (), 0, 0, 0, 0, 0, None)
        return LiveView(
            self.state,
            message,
            session.status(),
            tuple(timeline(session)),
            checklist(session),
            tuple(session.pairs),
            tuple(session.warnings),
            len(session.browser),
            len(session.server),
            len(session.unpaired_browser()),
            len(session.unpaired_server()),
            session.triggers,
            self.relay_url,
        )

    # -- exports -------------------------------------------------------------------------------

    def export(self, path: str | Path, fmt: str) -> None:
        """Write the session as "har", or the audit report as "html"/"md"/"csv" (OSError)."""
        import json

        from capi_desktop.domain.live.export import session_har, session_report

        if self.session is None:
            raise ValueError("no session to export yet")
        if fmt == "har":
            text = json.dumps(session_har(self.session), indent=1, ensure_ascii=False)
        elif fmt in ("html", "md", "csv"):
            text = session_report(self.session, fmt)  # type: ignore[arg-type]
        else:
            raise ValueError(f"unknown export format {fmt!r}")
        Path(path).write_text(text, encoding="utf-8")

    def import_log(self, path: str | Path) -> int:
        """Add a server log to the running session; raises ServerLogError/OSError/ValueError."""
        if self.runner is None or self.state not in ("running", "starting"):
            raise ValueError("start a session first: imported events join the running session")
        return int(self.runner.import_log(path))


def _default_runner(**options: Any) -> Any:
    from capi_desktop.backend.live_runner import LiveRunner

    return LiveRunner(**options)
