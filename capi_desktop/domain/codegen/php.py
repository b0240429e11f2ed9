"""The PHP exports: the http stream wrapper (no extensions), and facebook/php-business-sdk."""

from __future__ import annotations

import json
from typing import Any

from capi_desktop.domain.codegen.common import TOKEN_ENV, Target
from capi_desktop.domain.codegen.formats import PHP_SDK_VERSION


def php_single_quote(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _nowdoc(body: dict[str, Any]) -> str:
    # Pretty JSON never has a line starting with the marker (every line opens with a space, a
    # bracket or a brace), and a nowdoc expands nothing: $, \ and quotes stay as they are.
    return "<<<'JSON'\n" + json.dumps(body, indent=2, ensure_ascii=False) + "\nJSON"


# Shared by both: print a failure without the token (status, code, subcode, message, trace).
_REPORT = f"""
function hide_token(string $text): string
{{
    $token = (string) getenv('{TOKEN_ENV}');
    return strlen($token) >= 4 ? str_replace($token, '[token]', $text) : $text;
}}

// A Graph API error: status, code, subcode, message and fbtrace_id only.
function report_graph_error($status, array $error): void
{{
    $parts = ['HTTP ' . ($status ? (string) $status : '(no reply)')];
    foreach (['code', 'error_subcode', 'message', 'fbtrace_id'] as $key) {{
        if (isset($error[$key]) && is_scalar($error[$key])) {{
            $parts[] = $key . '=' . $error[$key];
        }}
    }}
    fwrite(STDERR, hide_token(implode(' ', $parts)) . "\\n");
}}

$token = getenv('{TOKEN_ENV}');
if ($token === false || $token === '') {{
    fwrite(STDERR, "Set the environment variable {TOKEN_ENV} first.\\n");
    exit(2);
}}
"""


def php_streams(body: dict[str, Any], where: Target, header: str) -> str:
    base_note = "" if where.is_meta else "// Not Meta's Graph API (see the note above).\n"
    path = f"/{where.api_version}/{where.pixel_id}/events"
    return f"""<?php
{header}declare(strict_types=1);
{_REPORT}
{base_note}const GRAPH_URL = {php_single_quote(where.graph_url)};
const EVENTS_URL = GRAPH_URL . {php_single_quote(path)};
// The request body CAPI Desktop checked, sent as written.
$body = {_nowdoc(body)};

// The token goes in a header, never in the URL (URLs end up in proxy and server logs).
$context = stream_context_create(['http' => [
    'method' => 'POST',
    'header' => "Authorization: Bearer $token\\r\\nContent-Type: application/json\\r\\n",
    'content' => $body,
    'ignore_errors' => true, // read Graph's error body on 4xx/5xx
    'timeout' => 60,
]]);
$reply = @file_get_contents(EVENTS_URL, false, $context);
if ($reply === false) {{
    $why = error_get_last()['message'] ?? 'no answer';
    fwrite(STDERR, hide_token('Could not reach ' . GRAPH_URL . ': ' . $why) . "\\n");
    exit(1);
}}
$headers = function_exists('http_get_last_response_headers')
    ? (http_get_last_response_headers() ?? [])
    : ($http_response_header ?? []);
$status = preg_match('#^HTTP/\\S+ (\\d{{3}})#', $headers[0] ?? '', $m) ? (int) $m[1] : 0;
if ($status >= 200 && $status < 300) {{
    echo $status, ' ', $reply, "\\n";
    exit(0);
}}
$parsed = json_decode($reply, true);
$error = is_array($parsed) ? ($parsed['error'] ?? $parsed)
    : ['message' => 'the reply is not a Graph API JSON body'];
report_graph_error($status, is_array($error) ? $error : []);
exit(1);
"""


def php_sdk(body: dict[str, Any], where: Target, header: str) -> str:
    version = where.api_version.lstrip("v")
    base = (
        ""
        if where.is_meta
        else f"""
// Not Meta's Graph API (see the note above). The SDK builds each URL as protocol . domain .
// '/v' . version . path from a request prototype: give it the emulator's or relay's.
$prototype = new Request($api->getHttpClient());
$prototype->setProtocol({php_single_quote(where.scheme + "://")});
$prototype->setDomain({php_single_quote(where.authority_and_path)});
$api->getHttpClient()->setRequestPrototype($prototype);
"""
    )
    return f"""<?php
{header}// Needs vendor/autoload.php: in this file's folder run
//   composer require facebook/php-business-sdk:{PHP_SDK_VERSION}
// (Composer: https://getcomposer.org/download/ or your system's package, e.g. apt install composer).
// Sends the checked payload as-is through the SDK's /events edge (AdsPixel::createEvent); the
// SDK's ServerSide Event/UserData classes would normalize and hash values again.
declare(strict_types=1);

require __DIR__ . '/vendor/autoload.php';

use FacebookAds\\Api;
use FacebookAds\\Http\\Exception\\RequestException;
use FacebookAds\\Http\\Request;
use FacebookAds\\Object\\AdsPixel;
{_REPORT}
// Fourth argument false: no crash reports from this script to Meta.
$api = Api::init(null, null, $token, false);
$api->setDefaultGraphVersion({php_single_quote(version)});
{base}
// Objects stay objects ({{}} is not turned into []).
$payload = json_decode({_nowdoc(body)}, false, 512, JSON_THROW_ON_ERROR);
$params = (array) $payload;
// The SDK's data parameter is a list of JSON strings, one per event.
$flags = JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES | JSON_THROW_ON_ERROR;
$params['data'] = array_map(fn($event) => json_encode($event, $flags), $payload->data ?? []);
try {{
    $response = (new AdsPixel({php_single_quote(where.pixel_id)}))->createEvent([], $params);
    echo json_encode($response->exportAllData(), JSON_UNESCAPED_UNICODE), "\\n";
}} catch (RequestException $e) {{
    report_graph_error($e->getHttpStatusCode(), [
        'code' => $e->getCode(),
        'error_subcode' => $e->getErrorSubcode(),
        'message' => $e->getMessage(),
        'fbtrace_id' => $e->getFacebookTraceId(),
    ]);
    exit(1);
}} catch (\\Throwable $e) {{
    // Never print the exception with its trace: the request URL may be in it.
    fwrite(STDERR, hide_token('Request failed: ' . get_class($e) . ': ' . $e->getMessage()) . "\\n");
    exit(1);
}}
"""
