"""Every corpus value normalizes exactly as before the speed work: outputs, steps, warnings."""

from __future__ import annotations

import json

from tests.unit.domain.normalize_corpus import GOLDEN, corpus, digest


def test_golden_file_covers_the_corpus() -> None:
    recorded = [
        json.loads(line.split(" ", 1)[1]) for line in GOLDEN.read_text("ascii").splitlines()
    ]
    assert [tuple(pair) for pair in recorded] == [(k, r) for k, r in corpus()]


def test_every_value_normalizes_as_recorded() -> None:
    changed = []
    for line in GOLDEN.read_text("ascii").splitlines():
        expected, pair = line.split(" ", 1)
        key, raw = json.loads(pair)
        if digest(key, raw) != expected:
            changed.append((key, raw))
    assert not changed, f"{len(changed)} values normalize differently, e.g. {changed[:5]}"
