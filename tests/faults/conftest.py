"""Hypothesis profiles for the fuzz suite: `ci` (default, bounded for make test) and `faults` (make faults)."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# make test: each fuzz test stays within a few seconds. make faults: the long run
# (CAPI_FUZZ_PROFILE=faults) that, summed over tests/faults, feeds >= 100,000 generated inputs.
settings.register_profile(
    "ci",
    max_examples=300,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.register_profile(
    "faults",
    max_examples=10_000,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
settings.load_profile(os.environ.get("CAPI_FUZZ_PROFILE", "ci"))
