"""The differential harness's own parts that need no node or registry: generator and skip path."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pycountry

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import KEYS, TRANSFORMS, generate  # noqa: E402


def test_generator_is_seeded_and_covers_every_class_and_country() -> None:
    assert generate("ph", 300, seed=1) == generate("ph", 300, seed=1)
    assert generate("ph", 300, seed=1) != generate("ph", 300, seed=2)
    for key in KEYS:
        values = generate(key, 1000)
        assert len(values) >= 1000
        assert {name for name, _ in values} == {name for name, _ in TRANSFORMS}, key
    countries = {v for _, v in generate("country", 200)}
    assert all(c.alpha_2 in countries and c.name in countries for c in pycountry.countries)


def test_harness_skips_with_a_message_without_node(tmp_path: Path) -> None:
    env = {"PATH": str(tmp_path), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, str(HERE / "harness.py"), "--per-key", "5"],
        capture_output=True, text=True, env=env, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0
    assert "differential: SKIPPED — node is not on PATH" in done.stderr
    done = subprocess.run(
        [sys.executable, str(HERE / "harness.py")], capture_output=True, text=True,
        env={**env, "CI": "1"}, check=False, timeout=120,
    )  # fmt: skip
    assert done.returncode == 1
