"""What the emulator knows (tokens, pixels), what it received, and the faults queued for it."""

from __future__ import annotations

import copy
import threading
import time
from dataclasses import dataclass, fields
from typing import Any

from capi_desktop.backend.emulator.quality_state import QualityConfig

FAULT_KINDS = ("latency", "http_500", "http_502", "throttle", "reset", "truncated", "error")


@dataclass(frozen=True)
class Fault:
    """One injected misbehaviour. `times` = how many matching requests it hits (0 = all)."""

    kind: str
    times: int = 1
    path: str = ""  # substring of the request path; "" matches every Graph request
    latency_s: float = 0.0
    code: int = 17  # throttle / error code
    subcode: int | None = None
    status: int = 400
    message: str = ""
    is_transient: bool | None = None
    retry_after_s: float | None = None
    regain_minutes: int | None = None  # X-Business-Use-Case-Usage estimated_time_to_regain_access

    def __post_init__(self) -> None:
        if self.kind not in FAULT_KINDS:
            raise ValueError(f"unknown fault kind {self.kind!r}; use one of {FAULT_KINDS}")

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Fault:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault fields: {sorted(unknown)}")
        return cls(**data)


class EmulatorState:
    """Shared by the server's handler threads; every access holds the lock."""

    def __init__(
        self,
        tokens: set[str],
        pixels: set[str],
        expired_tokens: set[str] | None = None,
        *,
        keep_events: bool = True,
    ) -> None:
        self.tokens = set(tokens)
        self.pixels = set(pixels)
        self.expired_tokens = set(expired_tokens or ())
        self.keep_events = keep_events
        self.quality = QualityConfig()  # dataset_quality scopes and usage (emulator/quality.py)
        self._lock = threading.Lock()
        self._received: list[dict[str, Any]] = []
        self._hits: list[tuple[str, str]] = []
        self._faults: list[list[Any]] = []  # [fault, remaining]
        self._waiting = 0  # requests inside a latency fault right now
        self.most_waiting = 0  # the most that ever were at once: the client's real concurrency

    def latency_started(self) -> None:
        with self._lock:
            self._waiting += 1
            self.most_waiting = max(self.most_waiting, self._waiting)

    def latency_ended(self) -> None:
        with self._lock:
            self._waiting -= 1

    def record_hit(self, method: str, path: str) -> None:
        with self._lock:
            self._hits.append((method, path))

    def hits(self) -> list[tuple[str, str]]:
        with self._lock:
            return list(self._hits)

    def record_events(
        self, pixel_id: str, version: str, body: dict[str, Any], events: list[Any]
    ) -> None:
        entry = {
            "received_at": time.time(),
            "pixel_id": pixel_id,
            "api_version": version,
            "test_event_code": body.get("test_event_code"),
            "partner_agent": body.get("partner_agent"),
            "event_count": len(events),
            "data": events if self.keep_events else [],
        }
        with self._lock:
            self._received.append(entry)

    def received(self) -> list[dict[str, Any]]:
        with self._lock:
            return copy.deepcopy(self._received)

    def reset(self) -> None:
        with self._lock:
            self._received.clear()
            self._hits.clear()
            self._faults.clear()

    def set_faults(self, faults: list[Fault]) -> None:
        with self._lock:
            self._faults = [[f, f.times] for f in faults]

    def take_fault(self, path: str) -> Fault | None:
        with self._lock:
            for slot in self._faults:
                fault, remaining = slot
                if fault.path and fault.path not in path:
                    continue
                if fault.times == 0:
                    return fault  # type: ignore[no-any-return]
                if remaining > 0:
                    slot[1] = remaining - 1
                    return fault  # type: ignore[no-any-return]
            return None
