"""Install the real Meta implementations the differential/export checks run, into a throwaway dir."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The one place the checked versions are pinned (tests read it too).
VERSIONS_FILE = ROOT / "tests" / "reference_versions.json"


def reference_dir() -> Path:
    """Where the throwaway installs live: $CAPI_REFIMPL_DIR, else .refimpl/ in the checkout."""
    return Path(os.environ.get("CAPI_REFIMPL_DIR") or ROOT / ".refimpl")


def versions() -> dict[str, dict[str, str]]:
    data: dict[str, dict[str, str]] = json.loads(VERSIONS_FILE.read_text(encoding="utf-8"))
    return data


def python_exe(base: Path | None = None) -> Path:
    """The interpreter of the throwaway venv that holds the pinned PyPI packages."""
    base = base or reference_dir()
    return base / "pyvenv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def node_dir(base: Path | None = None) -> Path:
    """The npm prefix holding the pinned npm packages (node_modules inside)."""
    return (base or reference_dir()) / "node"


def install_python(base: Path) -> None:
    pins = versions()["pypi"]
    exe = python_exe(base)
    if not exe.exists():
        venv.create(exe.parent.parent, with_pip=True)
    wanted = [f"{name}=={ver}" for name, ver in pins.items()]
    subprocess.run([str(exe), "-m", "pip", "install", "--quiet", *wanted], check=True)


def install_node(base: Path) -> None:
    pins = versions()["npm"]
    target = node_dir(base)
    target.mkdir(parents=True, exist_ok=True)
    if not (target / "package.json").exists():
        (target / "package.json").write_text('{"name": "capi-refimpl", "private": true}\n')
    wanted = [f"{name}@{ver}" for name, ver in pins.items()]
    subprocess.run(
        ["npm", "install", "--silent", "--no-audit", "--no-fund", "--save-exact", *wanted],
        cwd=target,
        check=True,
    )


def newest_published() -> dict[str, str | None]:
    """The newest version each pinned package has on its registry (None: could not ask)."""
    found: dict[str, str | None] = {}
    for name in versions()["npm"]:
        try:
            done = subprocess.run(
                ["npm", "view", name, "version"], capture_output=True, text=True, timeout=60
            )
            found[name] = done.stdout.strip() or None if done.returncode == 0 else None
        except (OSError, subprocess.TimeoutExpired):
            found[name] = None
    for name in versions()["pypi"]:
        try:
            done = subprocess.run(
                [sys.executable, "-m", "pip", "index", "versions", name],
                capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            first = done.stdout.splitlines()[0] if done.returncode == 0 and done.stdout else ""
            found[name] = first.partition("(")[2].rstrip(")") or None
        except (OSError, subprocess.TimeoutExpired):
            found[name] = None
    return found


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", choices=["python", "node"], help="install one side only")
    args = parser.parse_args(argv)
    base = reference_dir()
    base.mkdir(parents=True, exist_ok=True)
    failures = 0
    for side, install in (("python", install_python), ("node", install_node)):
        if args.only and args.only != side:
            continue
        try:
            install(base)
            print(f"reference_impls: {side} ready in {base}")
        except (OSError, subprocess.CalledProcessError) as exc:
            failures += 1
            print(f"reference_impls: {side} NOT installed ({exc})", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
