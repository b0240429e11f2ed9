"""Code export: the cURL and Python snippets deliver exactly the serialized body and the env token;
every format validates its target and embeds no token. tests/exec/ runs every format for real."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest

from capi_desktop.domain.codegen import FORMATS, TOKEN_ENV, events_url, export
from capi_desktop.domain.request.event_model import CapiRequest, serialize_request
from tests.unit.domain.lint_payloads import clean_event

TOKEN = "test-token-123"
TRICKY = clean_event(
    custom_data={
        "value": 1.5,
        "currency": "EUR",
        "content_name": "O'Brien's \"best\" $HOME `id` \\ back\\slash",
        "note": "line1\nline2 ü € 🚀 \u2028",
        "empty": [],
        "nothing": None,
    }
)


class _Recorder(BaseHTTPRequestHandler):
    received: ClassVar[list[dict[str, Any]]] = []

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length)
        url = urlsplit(self.path)
        type(self).received.append(
            {
                "path": url.path,
                "query": parse_qs(url.query),
                "body": body,
                "headers": dict(self.headers),
            }
        )
        reply = b'{"events_received":1,"messages":[],"fbtrace_id":"trace-test"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, format: str, *args: Any) -> None:  # quiet test output
        pass


@pytest.fixture
def graph_server() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: ClassVar[list[dict[str, Any]]] = []
    handler = type("Handler", (_Recorder,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def _env() -> dict[str, str]:
    env = {
        k: v for k, v in os.environ.items() if not k.endswith("_PROXY") and not k.endswith("_proxy")
    }
    env[TOKEN_ENV] = TOKEN
    return env


def _request() -> CapiRequest:
    return CapiRequest(
        {"data": [TRICKY], "test_event_code": "TEST123", "access_token": "canary-body-token"}
    )


def _assert_delivered(received: list[dict[str, Any]], request: CapiRequest) -> None:
    assert len(received) == 1
    hit = received[0]
    assert hit["path"] == "/v26.0/1234567890/events"
    assert hit["query"] == {}  # the token never travels in the URL
    assert hit["headers"]["Authorization"] == f"Bearer {TOKEN}"
    assert hit["body"] == serialize_request(request).encode("utf-8")
    assert hit["headers"]["Content-Type"] == "application/json"
    assert b"canary-body-token" not in hit["body"]


@pytest.mark.skipif(
    shutil.which("curl") is None or shutil.which("bash") is None, reason="needs curl"
)
def test_curl_snippet_delivers_the_exact_body(
    graph_server: tuple[str, list[dict[str, Any]]],
) -> None:
    url, received = graph_server
    request = _request()
    code = export(request, "curl", pixel_id="1234567890", api_version="v26.0", graph_url=url)
    done = subprocess.run(
        ["bash", "-c", code], env=_env(), capture_output=True, timeout=20, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b"events_received" in done.stdout
    _assert_delivered(received, request)


def test_python_snippet_delivers_the_exact_body(
    graph_server: tuple[str, list[dict[str, Any]]], tmp_path: Path
) -> None:
    url, received = graph_server
    request = _request()
    script = tmp_path / "send.py"
    script.write_text(
        export(request, "python", pixel_id="1234567890", api_version="v26.0", graph_url=url),
        encoding="utf-8",
    )
    done = subprocess.run(
        [sys.executable, str(script)], env=_env(), capture_output=True, timeout=30, check=False
    )
    assert done.returncode == 0, done.stderr
    assert b"200" in done.stdout
    _assert_delivered(received, request)


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_format_embeds_a_token(fmt: str) -> None:
    code = export(_request(), fmt, pixel_id="1234567890", api_version="v26.0")
    assert "canary-body-token" not in code
    if fmt != "json":
        assert TOKEN_ENV in code


def test_json_export_is_the_readable_body() -> None:
    code = export(_request(), "json", pixel_id="", api_version="v26.0")
    assert json.loads(code) == {"data": [TRICKY], "test_event_code": "TEST123"}


def test_python_sdk_snippet_compiles() -> None:
    code = export(_request(), "python-sdk", pixel_id="1234567890", api_version="v25.0")
    compile(code, "sdk.py", "exec")
    assert "api_version='v25.0'" in code and "PIXEL_ID = '1234567890'" in code
    assert "FacebookSession.GRAPH" not in code  # Meta's URL is the SDK's default


@pytest.mark.skipif(shutil.which("node") is None, reason="needs node")
@pytest.mark.parametrize("fmt", ["node", "node-sdk"])
def test_node_snippets_are_valid_javascript(fmt: str, tmp_path: Path) -> None:
    script = tmp_path / "send.js"
    script.write_text(export(_request(), fmt, pixel_id="", api_version="v26.0"), encoding="utf-8")
    done = subprocess.run(
        ["node", "--check", str(script)], capture_output=True, timeout=20, check=False
    )
    assert done.returncode == 0, done.stderr


@pytest.mark.parametrize("fmt", ["php", "php-sdk"])
def test_php_snippets_embed_the_body_in_a_nowdoc(fmt: str) -> None:
    code = export(_request(), fmt, pixel_id="1234567890", api_version="v26.0")
    body = code.split("<<<'JSON'\n", 1)[1].split("\nJSON", 1)[0]
    assert json.loads(body) == {"data": [TRICKY], "test_event_code": "TEST123"}
    assert "getenv('META_ACCESS_TOKEN')" in code


def test_php_sdk_snippet_says_how_to_get_the_autoloader() -> None:
    code = export(_request(), "php-sdk", pixel_id="1234567890", api_version="v26.0")
    assert "composer require facebook/php-business-sdk:" in code
    assert code.index("composer require") < code.index("require __DIR__ . '/vendor/autoload.php'")


def test_missing_pixel_becomes_a_placeholder() -> None:
    assert events_url("", "v26.0", "https://graph.facebook.com") == (
        "https://graph.facebook.com/v26.0/YOUR_PIXEL_ID/events"
    )


@pytest.mark.parametrize(
    ("pixel", "version", "url"),
    [
        ("123; rm -rf ~", "v26.0", "https://graph.facebook.com"),
        ("123", "26", "https://graph.facebook.com"),
        ("123", "v26.0", 'https://graph.facebook.com/"$(id)"'),
        ("123", "v26.0", "ftp://graph.facebook.com"),
        ("123", "v26.0", "http://graph.facebook.com"),
        ("123", "v26.0", "http://10.0.0.5:8080"),
    ],
)
def test_unsafe_parts_are_refused(pixel: str, version: str, url: str) -> None:
    with pytest.raises(ValueError):
        export(_request(), "curl", pixel_id=pixel, api_version=version, graph_url=url)


def test_unknown_format_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown export format"):
        export(_request(), "ruby", pixel_id="1", api_version="v26.0")


@pytest.mark.parametrize(
    "url",
    ["http://127.0.0.1:8080", "http://localhost:1", "http://[::1]:9", "http://127.0.0.2:8765"],
)
def test_plain_http_is_allowed_to_loopback_only(url: str) -> None:
    assert events_url("1", "v26.0", url).startswith(url + "/v26.0/1/events")
