"""The Node.js exports: built-in fetch, and the facebook-nodejs-business-sdk package."""

from __future__ import annotations

import json
from typing import Any

from capi_desktop.domain.codegen.common import TOKEN_ENV, Target
from capi_desktop.domain.codegen.formats import NODE_SDK_SENDS, NODE_SDK_VERSION


def js_value(value: Any) -> str:
    """`value` as a JavaScript expression that evaluates to exactly that JSON value.

    JSON is valid JavaScript since ES2019, except that a `__proto__` key in an object literal
    sets the prototype instead of a property: then the text goes through JSON.parse.
    """
    text = json.dumps(value, indent=2, ensure_ascii=False)
    if '"__proto__"' in text:
        return f"JSON.parse({json.dumps(json.dumps(value, ensure_ascii=False))})"
    return text


# Shared by both: print a failure without the token (status, code, subcode, message, trace).
_REPORT = f"""
function hideToken(text) {{
  const token = process.env.{TOKEN_ENV} || '';
  return token.length >= 4 ? String(text).split(token).join('[token]') : String(text);
}}

// A Graph API error: status, code, subcode, message and fbtrace_id only.
function reportGraphError(status, error) {{
  const e = error && typeof error === 'object' ? error : {{}};
  const parts = [`HTTP ${{status || '(no reply)'}}`];
  for (const key of ['code', 'error_subcode', 'message', 'fbtrace_id']) {{
    if (e[key] !== undefined && e[key] !== null) parts.push(`${{key}}=${{e[key]}}`);
  }}
  console.error(hideToken(parts.join(' ')));
}}

function requireToken() {{
  const token = process.env.{TOKEN_ENV};
  if (!token) {{
    console.error('Set the environment variable {TOKEN_ENV} first.');
    process.exit(2);
  }}
  return token;
}}
"""


def node_fetch(body: dict[str, Any], where: Target, header: str) -> str:
    base_note = "" if where.is_meta else "// Not Meta's Graph API (see the note above).\n"
    path = f"/{where.api_version}/{where.pixel_id}/events"
    return f"""{header}'use strict';
{_REPORT}
{base_note}const GRAPH_URL = {json.dumps(where.graph_url)};
const EVENTS_URL = GRAPH_URL + {json.dumps(path)};
const payload = {js_value(body)};

async function main() {{
  const token = requireToken();
  let response;
  try {{
    // The token goes in a header, never in the URL (URLs end up in proxy and server logs).
    response = await fetch(EVENTS_URL, {{
      method: 'POST',
      headers: {{ Authorization: `Bearer ${{token}}`, 'Content-Type': 'application/json' }},
      body: JSON.stringify(payload),
    }});
  }} catch (error) {{
    const cause = error.cause ? error.cause.code || error.cause.message : error.message;
    console.error(hideToken(`Could not reach ${{GRAPH_URL}}: ${{cause}}`));
    process.exitCode = 1;
    return;
  }}
  const text = await response.text();
  if (response.ok) {{
    console.log(response.status, text);
    return;
  }}
  let parsed;
  try {{
    parsed = JSON.parse(text);
  }} catch (_) {{
    parsed = {{ message: 'the reply is not a Graph API JSON body' }};
  }}
  reportGraphError(response.status, parsed && parsed.error ? parsed.error : parsed);
  process.exitCode = 1;
}}

main();
"""


def node_sdk(body: dict[str, Any], where: Target, header: str) -> str:
    if where.api_version == NODE_SDK_SENDS:
        version_note = (
            f"// It sends Graph API {NODE_SDK_SENDS}, the version chosen for this payload.\n"
        )
    else:
        version_note = (
            f"// Version: {NODE_SDK_VERSION} is the newest facebook-nodejs-business-sdk published on\n"
            f"// npm when this was written, and it always sends Graph API {NODE_SDK_SENDS} (its fixed\n"
            f"// FacebookAdsApi.VERSION); this payload was checked for {where.api_version}. So this\n"
            f"// request goes to /{NODE_SDK_SENDS}/.../events and Meta applies {NODE_SDK_SENDS}'s rules,\n"
            f"// and it stops working when Meta retires {NODE_SDK_SENDS}. To send {where.api_version}\n"
            "// exactly, use the Node.js (fetch) export.\n"
        )
    base = (
        ""
        if where.is_meta
        else f"""
// Not Meta's Graph API (see the note above). The SDK reads its base URL from the static getter
// FacebookAdsApi.GRAPH, so it is redefined here; remove these lines to send to Meta.
const GRAPH_URL = {json.dumps(where.graph_url)};
Object.defineProperty(bizSdk.FacebookAdsApi, 'GRAPH', {{ get: () => GRAPH_URL }});
"""
    )
    return f"""{header}{version_note}// Sends the checked payload as-is through the SDK's /events edge (AdsPixel.createEvent); the
// SDK's ServerEvent/UserData classes would normalize and hash values again. Note: this SDK sends
// the token as ?access_token= in the URL, and its errors carry that URL (error.url), so never
// print the error object itself (console.error(error)).
'use strict';
const bizSdk = require('facebook-nodejs-business-sdk');
{_REPORT}{base}
const PIXEL_ID = {json.dumps(where.pixel_id)};
const payload = {js_value(body)};

// Third argument false: no crash reports from this script to Meta.
bizSdk.FacebookAdsApi.init(requireToken(), 'en_US', false);
new bizSdk.AdsPixel(PIXEL_ID)
  .createEvent([], payload)
  .then((response) => console.log(JSON.stringify(response._data || response)))
  .catch((error) => {{
    if (error && error.name === 'FacebookRequestError') {{
      const e = error.response && typeof error.response === 'object' ? error.response : {{}};
      reportGraphError(error.status, {{ message: error.message, ...e }});
    }} else if (error instanceof SyntaxError) {{
      // The SDK could not parse the reply (a proxy's HTML error page, say): it keeps no status.
      console.error(hideToken(`Request failed: the reply is not a Graph API JSON body (${{error.message}})`));
    }} else {{
      console.error(hideToken(`Request failed: ${{error && error.message}}`));
    }}
    process.exitCode = 1;
  }});
"""
