"""One stored fetch of Meta's quality view (raw bodies kept, so fields we do not model survive)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from capi_desktop.domain.profile import Profile
from capi_desktop.domain.quality.dataset_reads import (
    DaCheck,
    PixelQualityInfo,
    StatsBucket,
    parse_da_checks,
    parse_pixel,
    parse_stats,
)
from capi_desktop.domain.quality.models import DatasetQuality, parse_dataset_quality
from capi_desktop.domain.quality.outcome import Outcome


@dataclass(frozen=True)
class QualitySnapshot:
    profile_id: str
    profile_name: str
    pixel_id: str
    graph_version: str
    fetched_at: float
    outcome: Outcome
    dataset_quality: Any = None  # raw JSON bodies (None: not read or failed)
    stats: dict[str, Any] = field(default_factory=dict)  # aggregation → raw body
    da_checks: Any = None
    pixel: Any = None
    read_errors: dict[str, str] = field(default_factory=dict)  # read key → message
    id: int | None = None

    @classmethod
    def for_profile(
        cls, profile: Profile, outcome: Outcome, fetched_at: float, **reads: Any
    ) -> QualitySnapshot:
        """A snapshot of `profile`'s dataset, read with its Graph version at `fetched_at`."""
        return cls(
            profile_id=profile.id,
            profile_name=profile.name,
            pixel_id=profile.pixel_id,
            graph_version=profile.api_version,
            fetched_at=fetched_at,
            outcome=outcome,
            **reads,
        )

    @property
    def quality(self) -> DatasetQuality:
        return parse_dataset_quality(self.dataset_quality)

    def stats_buckets(self, aggregation: str) -> tuple[StatsBucket, ...]:
        return parse_stats(self.stats.get(aggregation))

    @property
    def checks(self) -> tuple[DaCheck, ...]:
        return parse_da_checks(self.da_checks)

    @property
    def pixel_info(self) -> PixelQualityInfo:
        return parse_pixel(self.pixel)

    def best_score(self) -> float | None:
        scores = [e.composite_score for e in self.quality.events if e.composite_score is not None]
        return max(scores) if scores else None

    def summary(self) -> dict[str, Any]:
        """The documented `quality --json` object for one profile."""
        quality = self.quality
        return {
            "profile": self.profile_name,
            "pixel_id": self.pixel_id,
            "graph_version": self.graph_version,
            "fetched_at": self.fetched_at,
            "state": self.outcome.state,
            "title": self.outcome.title,
            "detail": self.outcome.detail,
            "missing_scopes": list(self.outcome.missing_scopes),
            "retry_after_s": self.outcome.retry_after_s,
            "events": [
                {
                    "event_name": e.event_name,
                    "emq": e.composite_score,
                    "coverage_pct": e.coverage_pct,
                    "coverage_goal_pct": e.coverage_goal_pct,
                    "upload_frequency": e.upload_frequency,
                    "acr_pct": e.acr_pct,
                    "potential_acr_pct": e.potential_acr_pct,
                    "match_keys": {m.identifier: m.coverage_pct for m in e.match_keys},
                    "diagnostics": [d.name for d in e.diagnostics],
                    "dedupe_keys": {
                        d.dedupe_key: {
                            "browser_pct": d.browser_pct,
                            "server_pct": d.server_pct,
                            "browser_deduplicated_pct": d.browser_coverage_pct,
                        }
                        for d in e.dedupe
                    },
                }
                for e in quality.events
            ],
            "da_checks": [
                {"key": c.key, "result": c.result, "title": c.title} for c in self.checks
            ],
            "read_errors": dict(self.read_errors),
        }
