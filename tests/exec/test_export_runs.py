"""Every runnable export format, executed against the local Graph API emulator.

Each generated snippet must deliver exactly the checked payload (same events, same hashes, same
test_event_code) and, on any failure, print no token. The token is a canary the tests look for.
"""

from __future__ import annotations

import hashlib
import json
import secrets
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from capi_desktop.backend.emulator import Fault, RunningEmulator, start_emulator
from capi_desktop.domain.codegen import BY_ID, export
from capi_desktop.domain.request.event_model import CapiRequest
from tests.exec.runners import OPTIONAL_RUNNERS, RUNNERS, missing, node_modules, run

PIXEL = "1234567890"
VERSION = "v26.0"
# Built at run time so no token-shaped literal sits in the repo.
CANARY = "canaryTOKEN" + secrets.token_hex(12)
EXECUTED = sorted(RUNNERS)
RUNNABLE = EXECUTED + sorted(OPTIONAL_RUNNERS)  # optional ones skip unless installed by hand


def _sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _event(custom: dict[str, Any]) -> dict[str, Any]:
    return {
        "event_name": "Purchase",
        "event_time": int(time.time()) - 60,
        "action_source": "website",
        "event_source_url": "https://shop.example.com/checkout?step=done&x=%24",
        "event_id": "order-1'2\"3$4\\5",
        "user_data": {
            "em": [_sha("jörg.o'brien@example.com")],
            "ph": [_sha("4915550100")],
            "external_id": [_sha("customer-0001")],
            "client_ip_address": "203.0.113.10",
            "client_user_agent": 'Mozilla/5.0 (X11; "quoted") $agent \\ `tick`',
            "fbp": "fb.1.1700000000000.1234567890",
        },
        "custom_data": custom,
    }


TRICKY = {
    "value": 1.5,
    "currency": "EUR",
    "content_name": "O'Brien's \"best\" $HOME ${PATH} `id` $(id) \\ back\\slash \\n %s {0}",
    "note": "line1\nline2\ttab ü € 🚀 \u2028 \u2029 日本語 עברית",
    "empty_object": {},
    "empty": [],
    "nothing": None,
    "flag": True,
    "__proto__": {"polluted": "yes"},
}
_CHUNK = "ü€🚀'\"$\\`\n\u2028 JSON EOF abc "
BIG = {"value": 10, "currency": "USD", "blob": (_CHUNK * (1_100_000 // len(_CHUNK.encode())))}


def _realworld(name: str) -> list[dict[str, Any]]:
    """A pasted payload's events (tests/fixtures/realworld/export), event_time moved to now."""
    body = json.loads((REALWORLD / name).read_text(encoding="utf-8"))
    return [dict(event, event_time=int(time.time()) - 60) for event in body["data"]]


REALWORLD = Path(__file__).resolve().parents[1] / "fixtures" / "realworld" / "export"
REALWORLD_GTM = _realworld("adsmurai-gtm-issue7-purchase.json")
PAYLOADS = {
    "tricky": [_event(TRICKY), _event({"value": 0, "currency": "USD"})],
    "1mb": [_event(BIG)],
}


@pytest.fixture
def graph() -> Iterator[RunningEmulator]:
    running = start_emulator(tokens=[CANARY], pixels=[PIXEL])
    try:
        yield running
    finally:
        running.stop()


def _request(events: list[dict[str, Any]]) -> CapiRequest:
    return CapiRequest({"data": events, "test_event_code": "TEST123"})


def _code(fmt: str, request: CapiRequest, graph: RunningEmulator) -> str:
    return export(request, fmt, pixel_id=PIXEL, api_version=VERSION, graph_url=graph.url)


def _arrived(graph: RunningEmulator) -> list[dict[str, Any]]:
    keys = ("pixel_id", "api_version", "test_event_code", "data")
    return [{k: hit[k] for k in keys} for hit in graph.received()]


@pytest.mark.parametrize("payload", sorted(PAYLOADS))
@pytest.mark.parametrize("fmt", RUNNABLE)
def test_snippet_delivers_the_checked_payload(
    fmt: str, payload: str, graph: RunningEmulator, tmp_path: Path
) -> None:
    request = _request(PAYLOADS[payload])
    done = run(fmt, _code(fmt, request, graph), tmp_path, CANARY)
    assert done.returncode == 0, done.stderr[-2000:]
    assert "events_received" in done.stdout
    sent = BY_ID[fmt].sends_version or VERSION
    expected = {"pixel_id": PIXEL, "api_version": sent, "test_event_code": "TEST123"}
    assert _arrived(graph) == [expected | {"data": request.sendable_body()["data"]}]
    # Spelled out: the customer information (hashes, fbp/fbc) that arrived is what was checked.
    arrived = graph.received()[0]["data"]
    assert [e["user_data"] for e in arrived] == [e["user_data"] for e in PAYLOADS[payload]]
    assert CANARY not in done.stdout + done.stderr


@pytest.mark.parametrize("fmt", RUNNABLE)
def test_the_realworld_purchase_gets_metas_own_answer(
    fmt: str, graph: RunningEmulator, tmp_path: Path
) -> None:
    """The GTM template's pasted Purchase has no currency; Meta answered it 100/2804010 in the
    same issue thread, and so does the emulator: each snippet reports that, token-free."""
    done = run(fmt, _code(fmt, _request(REALWORLD_GTM), graph), tmp_path, CANARY)
    output = done.stdout + done.stderr
    assert "2804010" in output, output[-2000:]
    assert "fbtrace_id" in output
    assert graph.received() == []
    assert CANARY not in output
    assert "Traceback" not in output and "    at " not in output


def _fault_graph_error(graph: RunningEmulator) -> None:
    graph.set_faults(Fault("error", times=0, code=100, subcode=2804003, message="Injected (#100)"))


def _fault_reset(graph: RunningEmulator) -> None:
    graph.set_faults(Fault("reset", times=0))


def _fault_html_502(graph: RunningEmulator) -> None:
    graph.set_faults(Fault("http_502", times=0))


FAILURES = {
    "wrong-token": (None, ("190",)),
    "graph-error": (_fault_graph_error, ("2804003",)),
    # The Node SDK drops the status when the reply is not JSON; it says so instead.
    "html-502": (_fault_html_502, ("502", "not a Graph API JSON body")),
    "reset": (_fault_reset, ("",)),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("fmt", RUNNABLE)
def test_a_failing_snippet_never_prints_the_token(
    fmt: str, failure: str, graph: RunningEmulator, tmp_path: Path
) -> None:
    fault, shown = FAILURES[failure]
    token = CANARY
    if fault is None:
        token = "canaryWRONG" + secrets.token_hex(12)
    else:
        fault(graph)
    done = run(fmt, _code(fmt, _request(PAYLOADS["tricky"]), graph), tmp_path, token)
    output = done.stdout + done.stderr
    assert token not in output
    assert graph.received() == []
    assert "Traceback" not in output and "    at " not in output  # a message, not a crash
    if fmt == "curl":  # curl exits 0 on an HTTP error: it prints Graph's body and the status
        assert done.returncode != 0 or "HTTP status 4" in output or "HTTP status 5" in output
    else:
        assert done.returncode == 1, output[-2000:]
    assert any(text in output for text in shown), output[-2000:]
    if failure in ("wrong-token", "graph-error"):
        assert "fbtrace_id" in output


@pytest.mark.parametrize("fmt", RUNNABLE)
def test_without_a_token_the_snippet_says_so_and_sends_nothing(
    fmt: str, graph: RunningEmulator, tmp_path: Path
) -> None:
    done = run(fmt, _code(fmt, _request(PAYLOADS["tricky"]), graph), tmp_path, None)
    assert done.returncode != 0
    assert "META_ACCESS_TOKEN first" in done.stderr
    assert graph.hits() == []


def test_the_canary_would_show_a_leak(graph: RunningEmulator, tmp_path: Path) -> None:
    """Control: the Node SDK's error object does carry the token, so the checks above can fail."""
    modules = node_modules()
    node = shutil.which("node")
    if node is None:
        missing("node")
    assert node
    script = tmp_path / "leak.js"
    script.write_text(
        "const sdk = require('facebook-nodejs-business-sdk');\n"
        f"Object.defineProperty(sdk.FacebookAdsApi, 'GRAPH', {{ get: () => {graph.url!r} }});\n"
        "sdk.FacebookAdsApi.init(process.env.META_ACCESS_TOKEN, 'en_US', false);\n"
        f"new sdk.AdsPixel('{PIXEL}').createEvent([], {{ data: [] }})"
        ".catch((error) => console.error(error));\n",
        encoding="utf-8",
    )
    env = {"META_ACCESS_TOKEN": CANARY, "NODE_PATH": str(modules), "PATH": "/usr/bin:/bin"}
    done = subprocess.run(
        [node, str(script)], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert CANARY in done.stdout + done.stderr


def test_php_sdk_snippet_is_valid_php(graph: RunningEmulator, tmp_path: Path) -> None:
    php = shutil.which("php")
    if php is None:
        missing("php (php-cli)")
    assert php
    assert BY_ID["php-sdk"].check == "syntax-checked"
    for name, events in PAYLOADS.items():
        script = tmp_path / f"{name}.php"
        script.write_text(_code("php-sdk", _request(events), graph), encoding="utf-8")
        done = subprocess.run(
            [php, "-l", str(script)], capture_output=True, text=True, timeout=60, check=False
        )
        assert done.returncode == 0 and "No syntax errors" in done.stdout, done.stdout + done.stderr
