"""The guide's ten-minute clean window: starts at the first clean pair, resets on any warning."""

from __future__ import annotations

from dataclasses import dataclass

CLEAN_WINDOW_S = 10 * 60
PRODUCTION_WATCH_H = 48
READY_TEXT = "Ready to remove the test code."
WATCH_TEXT = (
    f"Then watch Events Manager → Diagnostics in production for the next {PRODUCTION_WATCH_H}"
    " hours: dedup and match-quality warnings can take that long to appear."
)


@dataclass(frozen=True)
class WindowReset:
    """One warning that restarted the window: when, its kind and what it named."""

    at: float
    kind: str  # "missing field", "token", "dedup"
    reason: str

    @property
    def text(self) -> str:
        return f"{self.kind}: {self.reason}"


@dataclass(frozen=True)
class WindowStatus:
    """What the timer shows right now."""

    state: str  # "waiting", "running", "ready"
    elapsed_s: float
    remaining_s: float
    last_reset: WindowReset | None
    message: str

    @property
    def clock(self) -> str:
        seconds = int(self.elapsed_s)
        return f"{seconds // 60:02d}:{seconds % 60:02d} / {CLEAN_WINDOW_S // 60:02d}:00"


class CleanWindow:
    """State of the clean window; times are passed in so tests never wait."""

    def __init__(self, length_s: float = CLEAN_WINDOW_S) -> None:
        self.length_s = length_s
        self.started_at: float | None = None
        self.resets: list[WindowReset] = []

    def clean_pair(self, now: float) -> None:
        """A pair with no warning: start the window unless it already runs."""
        if self.started_at is None:
            self.started_at = now

    def warning(self, now: float, kind: str, reason: str) -> WindowReset:
        """Any missing-field, token or dedup warning stops the window until the next clean pair."""
        reset = WindowReset(now, kind, reason)
        self.resets.append(reset)
        self.started_at = None
        return reset

    def status(self, now: float) -> WindowStatus:
        last = self.resets[-1] if self.resets else None
        if self.started_at is None:
            if last is None:
                message = "Waiting for the first clean pair (browser + server, same event_id)."
            else:
                message = f"Reset by {last.text}. Waiting for the next clean pair."
            return WindowStatus("waiting", 0.0, self.length_s, last, message)
        elapsed = max(0.0, now - self.started_at)
        if elapsed >= self.length_s:
            return WindowStatus("ready", elapsed, 0.0, last, f"{READY_TEXT} {WATCH_TEXT}")
        remaining = self.length_s - elapsed
        message = (
            f"Clean for {int(elapsed) // 60} min {int(elapsed) % 60} s; keep the journey going."
        )
        return WindowStatus("running", elapsed, remaining, last, message)
