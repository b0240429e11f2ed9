"""A local Graph API emulator (stdlib HTTP server) for tests, demos and benchmarks."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections.abc import Iterable
from typing import Any

from capi_desktop.backend.emulator.state import FAULT_KINDS, EmulatorState, Fault
from capi_desktop.domain.netloc import is_loopback_host
from capi_desktop.domain.profile import Profile

DEFAULT_TOKEN = "test-token-123"
DEFAULT_PIXEL = "1234567890"

__all__ = [
    "DEFAULT_PIXEL",
    "DEFAULT_TOKEN",
    "FAULT_KINDS",
    "Fault",
    "RunningEmulator",
    "start_emulator",
]


class RunningEmulator:
    """A started emulator; `stop()` it (also a context manager)."""

    def __init__(self, server: Any, thread: threading.Thread, state: EmulatorState) -> None:
        self._server = server
        self._thread = thread
        self.state = state
        host, port = server.server_address[:2]
        shown = f"[{host}]" if ":" in host else host
        self.host = host
        self.port = int(port)
        self.url = f"http://{shown}:{self.port}"

    def __repr__(self) -> str:
        return f"RunningEmulator(url={self.url!r})"

    def received(self) -> list[dict[str, Any]]:
        """Each accepted events request: pixel_id, api_version, test_event_code, data."""
        return self.state.received()

    def hits(self) -> list[tuple[str, str]]:
        """Every Graph request (method, path) including failed and faulted ones."""
        return self.state.hits()

    def set_faults(self, *faults: Fault | dict[str, Any]) -> None:
        """Replace the fault queue; no argument clears it."""
        self.state.set_faults([f if isinstance(f, Fault) else Fault.from_json(f) for f in faults])

    def reset(self) -> None:
        self.state.reset()

    def profile(self, name: str = "Local emulator", pixel_id: str = DEFAULT_PIXEL) -> Profile:
        """A profile pointing here (for "Try without a Meta account"); its token: DEFAULT_TOKEN."""
        return Profile.new(
            name,
            pixel_id,
            graph_url=self.url,
            notes="Local Graph API emulator; no data leaves this machine.",
        )

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def __enter__(self) -> RunningEmulator:
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()


def start_emulator(
    host: str = "127.0.0.1",
    port: int = 0,
    tokens: Iterable[str] = (DEFAULT_TOKEN,),
    pixels: Iterable[str] = (DEFAULT_PIXEL,),
    *,
    expired_tokens: Iterable[str] = (),
    allow_remote: bool = False,
    keep_events: bool = True,
) -> RunningEmulator:
    """Serve in a daemon thread; port 0 picks a free port (see `.url`)."""
    from capi_desktop.backend.emulator.server import EmulatorServer

    if not allow_remote and not is_loopback_host(host):
        raise ValueError(
            f"refusing to listen on {host}: the emulator binds to loopback only "
            "(pass allow_remote / --allow-remote to override)"
        )
    state = EmulatorState(set(tokens), set(pixels), set(expired_tokens), keep_events=keep_events)
    server = EmulatorServer((host, port), state)
    thread = threading.Thread(
        target=server.serve_forever,
        kwargs={"poll_interval": 0.05},
        name="graph-emulator",
        daemon=True,
    )
    thread.start()
    return RunningEmulator(server, thread, state)


def post_faults(url: str, faults: list[dict[str, Any]]) -> None:
    """Set faults on an emulator running elsewhere (another process) over HTTP."""
    request = urllib.request.Request(
        f"{url.rstrip('/')}/_emulator/faults",
        data=json.dumps({"faults": faults}).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        response.read()
