"""Results of Graph calls: per-chunk and whole-send results, progress, credential checks."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from capi_desktop.backend.graph_errors import Category, GraphError


@dataclass(frozen=True)
class ChunkResult:
    index: int
    events: int
    ok: bool
    http_status: int | None
    events_received: int
    messages: tuple[str, ...]
    fbtrace_id: str
    error: GraphError | None
    attempts: int
    duration_s: float
    request_body_redacted: str
    response_text: str
    # "answered" (Meta's reply, or success), "not_sent" (never left this machine) or "unknown"
    # (timeout/reset/broken or proxy reply: Meta may have received it). See retry.py.
    delivery: str = "answered"
    stop_reason: str = ""  # why a failure was not repeated automatically


@dataclass(frozen=True)
class SendResult:
    ok: bool
    chunks: list[ChunkResult]
    events_sent: int
    events_received: int
    duration_s: float

    @property
    def error(self) -> GraphError | None:
        """The first failing chunk's error (what a one-line summary shows)."""
        return next((c.error for c in self.chunks if c.error is not None), None)

    @property
    def attempts(self) -> int:
        return sum(c.attempts for c in self.chunks)

    @property
    def unknown_chunks(self) -> list[ChunkResult]:
        """Failed requests Meta may nevertheless have received (never repeated automatically)."""
        return [c for c in self.chunks if not c.ok and c.delivery == "unknown"]


@dataclass(frozen=True)
class SendProgress:
    chunks_done: int
    chunks_total: int
    events_done: int
    events_total: int
    last: ChunkResult


@dataclass(frozen=True)
class TokenInfo:
    """`/debug_token` data (never the token itself)."""

    type: str = ""
    app_id: str = ""
    application: str = ""
    scopes: tuple[str, ...] = ()
    expires_at: int | None = None  # unix seconds; 0 = never
    data_access_expires_at: int | None = None
    is_valid: bool | None = None

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> TokenInfo:
        def _int(value: Any) -> int | None:
            return int(value) if isinstance(value, int | float) else None

        return cls(
            type=str(data.get("type") or ""),
            app_id=str(data.get("app_id") or ""),
            application=str(data.get("application") or ""),
            scopes=tuple(str(s) for s in data.get("scopes") or ()),
            expires_at=_int(data.get("expires_at")),
            data_access_expires_at=_int(data.get("data_access_expires_at")),
            is_valid=data.get("is_valid") if isinstance(data.get("is_valid"), bool) else None,
        )


@dataclass(frozen=True)
class CredentialCheck:
    ok: bool
    pixel: dict[str, Any] | None = None
    me: dict[str, Any] | None = None
    token_info: TokenInfo | None = None
    error: GraphError | None = None  # the deciding failure (token before pixel before others)
    debug_token_error: GraphError | None = None  # informational: not every token may debug
    version_warning: str = ""
    duration_s: float = 0.0
    errors: tuple[GraphError, ...] = field(default=())

    @property
    def category(self) -> Category | None:
        return self.error.category if self.error else None
