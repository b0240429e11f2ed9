"""Export a request as cURL, Python (httpx / facebook-business), Node, PHP or JSON with a token placeholder.

The access token is never embedded: snippets read it from the environment variable
META_ACCESS_TOKEN at run time, and the cURL/httpx ones send it as a Bearer header, not in the URL.
"""

from __future__ import annotations

import json
import pprint
import re
from typing import Literal

from capi_desktop.domain.event_model import CapiRequest, serialize_request
from capi_desktop.domain.netloc import is_loopback_host

Format = Literal["curl", "python", "python-sdk", "node", "php", "json"]
FORMATS: tuple[Format, ...] = ("curl", "python", "python-sdk", "node", "php", "json")
FORMAT_LABELS: dict[str, str] = {
    "curl": "cURL",
    "python": "Python (httpx)",
    "python-sdk": "Python (facebook-business SDK)",
    "node": "Node.js (facebook-nodejs-business-sdk)",
    "php": "PHP (facebook-php-business-sdk)",
    "json": "JSON body",
}
TOKEN_ENV = "META_ACCESS_TOKEN"
PIXEL_PLACEHOLDER = "YOUR_PIXEL_ID"

_PIXEL = re.compile(r"[0-9]{1,32}|YOUR_PIXEL_ID")
_VERSION = re.compile(r"v[0-9]{1,3}\.[0-9]{1,2}")
_GRAPH_URL = re.compile(
    r"https?://(?P<host>[A-Za-z0-9.\-]+|\[::1\])(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~\-/]*)?"
)


def events_url(pixel_id: str, api_version: str, graph_url: str) -> str:
    """`{graph_url}/{version}/{pixel}/events`, after checking each part is safe to quote in code."""
    pixel_id = pixel_id.strip() or PIXEL_PLACEHOLDER
    if not _PIXEL.fullmatch(pixel_id):
        raise ValueError(f"pixel ID must be digits, got {pixel_id!r}")
    if not _VERSION.fullmatch(api_version):
        raise ValueError(f"API version must look like v26.0, got {api_version!r}")
    base = graph_url.rstrip("/")
    match = _GRAPH_URL.fullmatch(base)
    if not match:
        raise ValueError(f"not a plain http(s) Graph URL: {graph_url!r}")
    if base.startswith("http://") and not is_loopback_host(match.group("host")):
        raise ValueError("the token must not travel over plain http except to this machine")
    return f"{base}/{api_version}/{pixel_id}/events"


def export(
    request: CapiRequest,
    fmt: str,
    *,
    pixel_id: str,
    api_version: str,
    graph_url: str = "https://graph.facebook.com",
) -> str:
    """Source code (or JSON) that sends `request` exactly as `serialize_request` renders it."""
    if fmt == "json":
        return request.to_json(indent=2) + "\n"
    url = events_url(pixel_id, api_version, graph_url)
    builders = {
        "curl": _curl,
        "python": _python_httpx,
        "python-sdk": _python_sdk,
        "node": _node,
        "php": _php,
    }
    if fmt not in builders:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return builders[fmt](request, url, pixel_id.strip() or PIXEL_PLACEHOLDER, api_version)


def _shell_single_quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def _curl(request: CapiRequest, url: str, _pixel: str, _version: str) -> str:
    body = _shell_single_quote(serialize_request(request))
    return (
        f"# Set the token first: export {TOKEN_ENV}='...'  (never paste it into this file)\n"
        f'curl -sS -X POST "{url}" \\\n'
        f'  -H "Authorization: Bearer ${{{TOKEN_ENV}}}" \\\n'
        f'  -H "Content-Type: application/json" \\\n'
        f"  --data-raw {body}\n"
    )


def _python_literal(request: CapiRequest) -> str:
    return pprint.pformat(request.sendable_body(), indent=1, width=96, sort_dicts=False)


def _python_httpx(request: CapiRequest, url: str, _pixel: str, _version: str) -> str:
    return f'''"""Send a Conversions API request with httpx. Token: environment variable {TOKEN_ENV}."""

import json
import os

import httpx

URL = {url!r}
payload = {_python_literal(request)}

# Compact JSON, exactly the body CAPI Desktop checked.
body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
# The token goes in a header, never in the URL (URLs end up in proxy and server logs).
response = httpx.post(
    URL,
    content=body,
    headers={{
        "Authorization": "Bearer " + os.environ["{TOKEN_ENV}"],
        "Content-Type": "application/json",
    }},
    timeout=30,
)
print(response.status_code, response.text)
'''


def _python_sdk(request: CapiRequest, _url: str, pixel: str, version: str) -> str:
    return f'''"""Send a Conversions API request with facebook-business. Token: env var {TOKEN_ENV}.

Sends the checked payload as-is through the SDK's /events edge. The SDK's Event/UserData
classes would normalize and hash values again, which can change what was checked.
"""

import json
import os

from facebook_business.adobjects.adspixel import AdsPixel
from facebook_business.api import FacebookAdsApi

FacebookAdsApi.init(access_token=os.environ["{TOKEN_ENV}"], api_version={version!r})

payload = {_python_literal(request)}

params = dict(payload)
# The SDK itself sends each event as a JSON string.
params["data"] = [json.dumps(event, ensure_ascii=False) for event in payload.get("data", [])]
response = AdsPixel({pixel!r}).create_event(fields=[], params=params)
print(response)
'''


def _node(request: CapiRequest, _url: str, pixel: str, version: str) -> str:
    literal = json.dumps(request.sendable_body(), indent=2, ensure_ascii=False)
    return f"""// Send a Conversions API request with facebook-nodejs-business-sdk.
// Token: environment variable {TOKEN_ENV}. The SDK package version fixes the Graph API
// version (pick the release matching {version}).
'use strict';
const bizSdk = require('facebook-nodejs-business-sdk');

bizSdk.FacebookAdsApi.init(process.env.{TOKEN_ENV});
const pixelId = {json.dumps(pixel)};
const payload = {literal};

// Sends the checked payload as-is through the /events edge.
new bizSdk.AdsPixel(pixelId)
  .createEvent([], payload)
  .then((response) => console.log(response))
  .catch((error) => console.error(error));
"""


def _php(request: CapiRequest, _url: str, pixel: str, version: str) -> str:
    body = json.dumps(request.sendable_body(), indent=2, ensure_ascii=False)
    return f"""<?php
// Send a Conversions API request with facebook-php-business-sdk.
// Token: environment variable {TOKEN_ENV}. The SDK package version fixes the Graph API
// version (pick the release matching {version}).
require __DIR__ . '/vendor/autoload.php';

use FacebookAds\\Api;
use FacebookAds\\Object\\AdsPixel;

Api::init(null, null, getenv('{TOKEN_ENV}'));

$payload = json_decode(<<<'JSON'
{body}
JSON, true, 512, JSON_THROW_ON_ERROR);

// Sends the checked payload as-is through the /events edge.
$response = (new AdsPixel('{pixel}'))->createEvent([], $payload);
print_r($response->getData());
"""
