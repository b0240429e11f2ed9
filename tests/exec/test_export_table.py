"""The table of formats is the single source of each snippet's header, versions and checks."""

from __future__ import annotations

import json
import re
import subprocess
import time

import pytest

from capi_desktop.domain.codegen import SPECS, export
from capi_desktop.domain.codegen.formats import (
    CHECK_TEXT,
    NODE_SDK_SENDS,
    NODE_SDK_VERSION,
    PYTHON_SDK_VERSION,
)
from capi_desktop.domain.request.event_model import CapiRequest
from tests.exec.runners import REFIMPL, ROOT, RUNNERS, missing, node_modules

REQUEST = CapiRequest(
    {
        "data": [
            {
                "event_name": "Lead",
                "event_time": int(time.time()),
                "action_source": "website",
                "user_data": {"em": ["0" * 64], "client_ip_address": "203.0.113.1"},
            }
        ]
    }
)
CODE_SPECS = [spec for spec in SPECS if spec.id != "json"]


def _header_text(code: str, prefix: str) -> str:
    """The opening comment block as one line of text (wrapping undone)."""
    lines = []
    for line in code.splitlines():
        if line.startswith(("#!", "<?php")):
            continue
        if not line.startswith(prefix):
            break
        lines.append(line[len(prefix) :].strip())
    return " ".join(lines)


def test_every_executed_format_has_a_runner_and_nothing_else_claims_it() -> None:
    assert set(RUNNERS) == {spec.id for spec in SPECS if spec.check == "executed"}


@pytest.mark.parametrize("spec", CODE_SPECS, ids=lambda s: s.id)
def test_header_states_version_and_checks_from_the_table(spec: object) -> None:
    code = export(REQUEST, spec.id, pixel_id="1", api_version="v26.0")  # type: ignore[attr-defined]
    header = _header_text(code, spec.comment)  # type: ignore[attr-defined]
    assert f"Written for: {spec.written_for}." in header  # type: ignore[attr-defined]
    assert CHECK_TEXT[spec.check] in header  # type: ignore[attr-defined]
    assert "META_ACCESS_TOKEN" in header


def test_pinned_sdk_versions_match_the_reference_installs() -> None:
    pins = json.loads((ROOT / "tests" / "reference_versions.json").read_text(encoding="utf-8"))
    assert pins["pypi"]["facebook-business"] == PYTHON_SDK_VERSION
    assert pins["npm"]["facebook-nodejs-business-sdk"] == NODE_SDK_VERSION


def test_the_node_sdk_sends_the_version_its_snippet_says() -> None:
    modules = node_modules()
    package = json.loads((modules / "facebook-nodejs-business-sdk" / "package.json").read_text())
    assert package["version"] == NODE_SDK_VERSION
    done = subprocess.run(
        [
            "node",
            "-e",
            "console.log(require('facebook-nodejs-business-sdk').FacebookAdsApi.VERSION)",
        ],
        env={"NODE_PATH": str(modules), "PATH": "/usr/local/bin:/usr/bin:/bin"},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.strip() == NODE_SDK_SENDS, done.stderr
    code = export(REQUEST, "node-sdk", pixel_id="1", api_version="v26.0")
    assert f"always sends Graph API {NODE_SDK_SENDS}" in code
    assert f"/{NODE_SDK_SENDS}/1/events" in code  # the header's "Sends to"


def test_the_python_sdk_is_the_pinned_one() -> None:
    exe = REFIMPL.python_exe()  # type: ignore[attr-defined]
    if not exe.exists():
        missing(f"the facebook-business reference venv ({exe})")
    done = subprocess.run(
        [str(exe), "-c", "import importlib.metadata as m; print(m.version('facebook-business'))"],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.stdout.strip() == PYTHON_SDK_VERSION, done.stderr


# How each SDK is pointed elsewhere; none of it may appear when the target is Meta.
OVERRIDES = {
    "python-sdk": "FacebookSession.GRAPH = 'http://127.0.0.1:8765'",
    "node-sdk": "Object.defineProperty(bizSdk.FacebookAdsApi, 'GRAPH'",
    "php-sdk": "$prototype->setDomain('127.0.0.1:8765');",
    "curl": "GRAPH_URL='http://127.0.0.1:8765'",
    "python": "GRAPH_URL = 'http://127.0.0.1:8765'",
    "node": 'const GRAPH_URL = "http://127.0.0.1:8765";',
    "php": "const GRAPH_URL = 'http://127.0.0.1:8765';",
}


@pytest.mark.parametrize("fmt", sorted(OVERRIDES))
def test_a_non_meta_graph_url_is_targeted_with_a_comment(fmt: str) -> None:
    local = export(
        REQUEST, fmt, pixel_id="1", api_version="v26.0", graph_url="http://127.0.0.1:8765"
    )
    meta = export(REQUEST, fmt, pixel_id="1", api_version="v26.0")
    assert OVERRIDES[fmt] in local
    assert "not Meta's Graph API" in local and "not Meta's Graph API" not in meta
    assert "127.0.0.1" not in meta
    if fmt.endswith("-sdk"):
        assert re.search(r"GRAPH'|GRAPH =|setRequestPrototype", meta) is None


def test_token_looking_values_are_scrubbed_and_said() -> None:
    fake = "EAA" + "Bx7" * 15  # built here: no token-shaped literal in the repo
    body = REQUEST.sendable_body() | {"test_event_code": "T1"}
    body["data"] = [dict(body["data"][0], custom_data={"note": f"token {fake} pasted"})]
    for spec in SPECS:
        code = export(CapiRequest(body), spec.id, pixel_id="1", api_version="v26.0")
        assert fake not in code
        assert "[REDACTED]" in code
        if spec.id != "json":
            assert "1 value(s) in the payload looked like an access token" in code
