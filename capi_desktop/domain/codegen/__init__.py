"""Export a request as code (cURL, Python, Node.js, PHP, each plain and with Meta's SDK) or JSON.

The access token is never embedded: snippets read it from the environment variable
META_ACCESS_TOKEN at run time and never print it. Each snippet opens with a header derived from
the one table of formats (formats.py): the library version it was written for and how it was
checked. When the profile's Graph base URL is not Meta's (the local emulator, a relay), each
snippet targets it the way its library supports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from capi_desktop.domain.codegen.common import (
    PIXEL_PLACEHOLDER,
    TOKEN_ENV,
    Target,
    comment_block,
    header_lines,
    scrub_secrets,
    target,
)
from capi_desktop.domain.codegen.formats import (
    BY_ID,
    CHECK_SHORT,
    FORMAT_LABELS,
    FORMATS,
    SPECS,
    FormatSpec,
)
from capi_desktop.domain.codegen.node import node_fetch, node_sdk
from capi_desktop.domain.codegen.php import php_sdk, php_streams
from capi_desktop.domain.codegen.python import python_sdk, python_stdlib
from capi_desktop.domain.codegen.shell import curl
from capi_desktop.domain.request.event_model import CapiRequest, serialize_request

__all__ = [
    "BY_ID",
    "CHECK_SHORT",
    "FORMATS",
    "FORMAT_LABELS",
    "PIXEL_PLACEHOLDER",
    "SPECS",
    "TOKEN_ENV",
    "Export",
    "FormatSpec",
    "events_url",
    "export",
    "render",
]

_Builder = Callable[[dict[str, Any], Target, str], str]
_BUILDERS: dict[str, _Builder] = {
    "python": python_stdlib,
    "python-sdk": python_sdk,
    "node": node_fetch,
    "node-sdk": node_sdk,
    "php": php_streams,
    "php-sdk": php_sdk,
}


def events_url(pixel_id: str, api_version: str, graph_url: str) -> str:
    """`{graph_url}/{version}/{pixel}/events`, after checking each part is safe to quote in code."""
    return target(pixel_id, api_version, graph_url).events_url


@dataclass(frozen=True)
class Export:
    """Generated code and what the UI should say about it."""

    text: str
    spec: FormatSpec
    scrubbed: int  # values that looked like a token and were replaced


def render(
    request: CapiRequest,
    fmt: str,
    *,
    pixel_id: str,
    api_version: str,
    graph_url: str = "https://graph.facebook.com",
) -> Export:
    """Source code (or JSON) that sends `request` as `serialize_request` renders it."""
    spec = BY_ID.get(fmt)
    if spec is None:
        raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
    body, scrubbed = scrub_secrets(request.sendable_body())
    clean = CapiRequest(body)
    if fmt == "json":
        return Export(clean.to_json(indent=2) + "\n", spec, scrubbed)
    where = target(pixel_id, api_version, graph_url)
    header = comment_block(spec.comment, header_lines(spec, where, scrubbed=scrubbed))
    wire = serialize_request(clean)  # NaN/Infinity: refused here for every format
    if fmt == "curl":
        return Export(curl(wire, where, header), spec, scrubbed)
    return Export(_BUILDERS[fmt](clean.sendable_body(), where, header), spec, scrubbed)


def export(
    request: CapiRequest,
    fmt: str,
    *,
    pixel_id: str,
    api_version: str,
    graph_url: str = "https://graph.facebook.com",
) -> str:
    """The text of `render(...)`."""
    return render(
        request, fmt, pixel_id=pixel_id, api_version=api_version, graph_url=graph_url
    ).text
