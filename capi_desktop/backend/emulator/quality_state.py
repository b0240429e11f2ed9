"""The emulator's quality-read settings: per-token scopes, Events-Manager-style tokens, usage counters."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field

FULL_SCOPES = ("ads_management", "business_management", "ads_read")


@dataclass
class QualityConfig:
    """Tokens not listed in `token_scopes` have FULL_SCOPES."""

    token_scopes: dict[str, tuple[str, ...]] = field(default_factory=dict)
    events_manager_tokens: set[str] = field(default_factory=set)  # answered `{}` by dataset_quality
    usage_step_pct: int = 2  # how much each quality read adds to the emulated usage headers
    _calls: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def scopes_for(self, token: str) -> tuple[str, ...]:
        return self.token_scopes.get(token, FULL_SCOPES)

    def count_call(self, token: str) -> int:
        """Usage percentage after this call (0-100)."""
        with self._lock:
            self._calls[token] = self._calls.get(token, 0) + 1
            return min(100, self._calls[token] * self.usage_step_pct)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()
