"""Render every panel (with demo data and empty), light and dark, 1280x800 and 1024x640.

`make screenshots` runs this; PNGs go to docs/screenshots/. Each shot is a separate
`capi-desktop screenshot` process (fresh QApplication, synthetic demo data or the empty state,
throwaway app home), several at a time.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from capi_desktop.ui.panels.registry import panel_keys  # noqa: E402

OUT_DIR = ROOT / "docs" / "screenshots"
THEMES = ("light", "dark")
SIZES = ((1280, 800), (1024, 640))


def screenshot_name(key: str, theme: str, width: int, height: int, empty: bool = False) -> str:
    """File name of one shot; the metainfo and README link these names."""
    state = "-empty" if empty else ""
    return f"{key}{state}-{theme}-{width}x{height}.png"


def shoot(
    key: str, theme: str, size: tuple[int, int], empty: bool, out_dir: Path
) -> tuple[Path, str]:
    """Run one `capi-desktop screenshot`; returns the PNG path and an error ('' on success)."""
    width, height = size
    out = out_dir / screenshot_name(key, theme, width, height, empty)
    command = [sys.executable, "-m", "capi_desktop", "screenshot", "--panel", key]
    command += ["--theme", theme, "--width", str(width), "--height", str(height)]
    command += ["--out", str(out), *(["--empty"] if empty else [])]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not out.is_file():
        return out, (done.stderr.strip() or f"exit code {done.returncode}")
    return out, ""


# The Quality panel's other states (permission, throttled, ...), rendered by its own runner.
QUALITY_STATES = (
    "diagnostics", "dedup", "overview", "loading", "events_manager", "permission", "throttled", "error",
)  # fmt: skip
QUALITY_STATE_SHOTS = (("light", (1280, 800)), ("dark", (1024, 640)))


def shoot_quality_state(
    state: str, theme: str, size: tuple[int, int], out_dir: Path
) -> tuple[Path, str]:
    width, height = size
    out = out_dir / f"quality-state-{state}-{theme}-{width}x{height}.png"
    return _run_shots("quality", ["--state", state], theme, size, out)


def _run_shots(
    panel: str, options: list[str], theme: str, size: tuple[int, int], out: Path
) -> tuple[Path, str]:
    """Run one panel's own shot runner offscreen (capi_desktop/screenshots.py); returns the
    PNG path and an error."""
    width, height = size
    command = [sys.executable, "-m", "capi_desktop.screenshots", panel, *options]
    command += ["--theme", theme, "--width", str(width), "--height", str(height), "--out", str(out)]
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=120)
    if done.returncode != 0 or not out.is_file():
        return out, (done.stderr.strip() or f"exit code {done.returncode}")
    return out, ""


# The Composer on a non-website kind (issue 15): an app event with its app_data and extinfo.
COMPOSER_KIND_SHOTS = (("app", "light", (1280, 800)), ("app", "dark", (1280, 800)))


def shoot_composer_kind(
    kind: str, theme: str, size: tuple[int, int], out_dir: Path
) -> tuple[Path, str]:
    width, height = size
    out = out_dir / f"composer-kind-{kind}-{theme}-{width}x{height}.png"
    return _run_shots("composer", ["--kind", kind], theme, size, out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--panel", action="append", choices=panel_keys(), help="only these")
    parser.add_argument("--out-dir", type=Path, default=OUT_DIR)
    parser.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 2))
    parser.add_argument("--no-empty", action="store_true", help="skip the empty-state shots")
    args = parser.parse_args(argv)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [
        (key, theme, size, empty, args.out_dir)
        for key in args.panel or panel_keys()
        for empty in ((False,) if args.no_empty else (False, True))
        for theme in THEMES
        for size in SIZES
    ]
    shots = [lambda job=job: shoot(*job) for job in jobs]
    if "quality" in (args.panel or panel_keys()):
        shots += [
            lambda state=state, theme=theme, size=size: shoot_quality_state(
                state, theme, size, args.out_dir
            )
            for state in QUALITY_STATES
            for theme, size in QUALITY_STATE_SHOTS
        ]
    if "composer" in (args.panel or panel_keys()):
        shots += [
            lambda kind=kind, theme=theme, size=size: shoot_composer_kind(
                kind, theme, size, args.out_dir
            )
            for kind, theme, size in COMPOSER_KIND_SHOTS
        ]
    failed = 0
    with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
        for out, error in pool.map(lambda shot: shot(), shots):
            if error:
                failed += 1
                print(f"FAILED {out.name}: {error}", file=sys.stderr)
            else:
                print(out.relative_to(ROOT) if out.is_relative_to(ROOT) else out)
    print(f"{len(shots) - failed} of {len(shots)} screenshots written to {args.out_dir}")
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
