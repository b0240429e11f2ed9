"""How the exec tests run each exported format, and where its interpreter and SDK come from."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from capi_desktop.domain.codegen import TOKEN_ENV

ROOT = Path(__file__).resolve().parents[2]
# .ci/run sets this: a missing tool there is a failure, not a skip.
REQUIRED_ENV = "CAPI_EXPORT_EXEC_REQUIRED"
INSTALL_HINT = (
    "apt-get install nodejs npm php-cli curl; "
    ".venv/bin/python scripts/reference_impls.py (or set CAPI_REFIMPL_DIR)"
)


def _reference_impls() -> object:
    spec = importlib.util.spec_from_file_location(
        "reference_impls", ROOT / "scripts" / "reference_impls.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


REFIMPL = _reference_impls()


def missing(what: str) -> None:
    """Skip (or, under .ci/run, fail) a test that needs a tool this machine lacks."""
    message = f"needs {what}: {INSTALL_HINT}"
    if os.environ.get(REQUIRED_ENV):
        pytest.fail(message)
    pytest.skip(message)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        missing("node")
    assert node
    version = subprocess.run([node, "--version"], capture_output=True, text=True, check=False)
    match = re.match(r"v(\d+)", version.stdout)
    if not match or int(match.group(1)) < 18:
        missing(f"Node.js 18+ for fetch (found {version.stdout.strip() or 'none'})")
    return node


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        missing(name)
    assert path
    return path


def _python_sdk() -> str:
    exe: Path = REFIMPL.python_exe()  # type: ignore[attr-defined]
    if not exe.exists():
        missing(f"the facebook-business reference venv ({exe})")
    return str(exe)


def node_modules() -> Path:
    modules: Path = REFIMPL.node_dir() / "node_modules"  # type: ignore[attr-defined]
    if not (modules / "facebook-nodejs-business-sdk").is_dir():
        missing(f"facebook-nodejs-business-sdk in {modules}")
    return modules


@dataclass(frozen=True)
class Runner:
    """Writes the snippet to `filename` and runs `argv(path)`; `env` adds variables."""

    filename: str
    argv: Callable[[Path], list[str]]
    env: Callable[[], dict[str, str]] = dict


# One runner per format the table marks "executed" (test_export_table checks they match).
RUNNERS: dict[str, Runner] = {
    "curl": Runner("send.sh", lambda p: [_tool("sh"), _tool("curl") and str(p)]),
    "python": Runner("send.py", lambda p: [sys.executable, str(p)]),
    "python-sdk": Runner("send_sdk.py", lambda p: [_python_sdk(), str(p)]),
    "node": Runner("send.js", lambda p: [_node(), str(p)]),
    "node-sdk": Runner(
        "send_sdk.js", lambda p: [_node(), str(p)], lambda: {"NODE_PATH": str(node_modules())}
    ),
    "php": Runner("send.php", lambda p: [_tool("php"), str(p)]),
}


# The PHP SDK cannot be installed where the suite runs (its registry is out of reach), so its
# runs are optional: CAPI_PHP_SDK_DIR names a folder holding vendor/autoload.php (from
# `composer require facebook/php-business-sdk`). The table keeps php-sdk "syntax-checked".
PHP_SDK_ENV = "CAPI_PHP_SDK_DIR"


def _php_sdk(script: Path) -> list[str]:
    folder = os.environ.get(PHP_SDK_ENV)
    if not folder or not (Path(folder) / "vendor" / "autoload.php").is_file():
        pytest.skip(
            f"php-sdk is syntax-checked only; to run it set {PHP_SDK_ENV} to a folder "
            "with vendor/autoload.php (composer require facebook/php-business-sdk)"
        )
    vendor = script.parent / "vendor"
    if not vendor.exists():
        vendor.symlink_to(Path(folder) / "vendor", target_is_directory=True)
    return [_tool("php"), str(script)]


OPTIONAL_RUNNERS: dict[str, Runner] = {"php-sdk": Runner("send_sdk.php", _php_sdk)}


def clean_env(token: str | None) -> dict[str, str]:
    """The test's environment minus proxies (everything goes to 127.0.0.1), plus the token."""
    env = {k: v for k, v in os.environ.items() if not k.lower().endswith("_proxy")}
    env["NO_PROXY"] = env["no_proxy"] = "127.0.0.1,localhost"
    env.pop(TOKEN_ENV, None)
    if token is not None:
        env[TOKEN_ENV] = token
    return env


def run(fmt: str, code: str, folder: Path, token: str | None) -> subprocess.CompletedProcess[str]:
    runner = RUNNERS.get(fmt) or OPTIONAL_RUNNERS[fmt]
    script = folder / runner.filename
    script.write_text(code, encoding="utf-8")
    argv = runner.argv(script)
    env = clean_env(token) | runner.env()
    return subprocess.run(
        argv, env=env, cwd=folder, capture_output=True, text=True, timeout=120, check=False
    )
