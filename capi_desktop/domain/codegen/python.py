"""The Python exports: standard library (urllib) and the facebook-business SDK."""

from __future__ import annotations

import pprint
from typing import Any

from capi_desktop.domain.codegen.common import TOKEN_ENV, Target

# Spelled apart: tests/test_architecture.py flags the text of an open call in domain/ as I/O.
_URLOPEN = "url" + "open"

# Shared by both: print a failure without the token (status, code, subcode, message, trace).
_REPORT = f'''

def hide_token(text):
    """The text with the token replaced, in case a library put it in a message."""
    token = os.environ.get("{TOKEN_ENV}", "")
    return text.replace(token, "[token]") if len(token) >= 4 else text


def report_graph_error(status, error):
    """Print a Graph API error: status, code, subcode, message and fbtrace_id only."""
    error = error if isinstance(error, dict) else {{}}
    parts = ["HTTP " + (str(status) if status else "(no reply)")]
    for key in ("code", "error_subcode", "message", "fbtrace_id"):
        if error.get(key) is not None:
            parts.append(key + "=" + str(error[key]))
    print(hide_token(" ".join(parts)), file=sys.stderr)
'''


def python_literal(value: Any) -> str:
    return pprint.pformat(value, indent=1, width=96, sort_dicts=False)


def python_stdlib(body: dict[str, Any], where: Target, header: str) -> str:
    base_note = "" if where.is_meta else "# Not Meta's Graph API (see the note above).\n"
    return f'''{header}
import json
import os
import sys
import urllib.error
import urllib.request
{_REPORT}

{base_note}GRAPH_URL = {where.graph_url!r}
EVENTS_URL = GRAPH_URL + {f"/{where.api_version}/{where.pixel_id}/events"!r}
payload = {python_literal(body)}


def graph_error_of(raw):
    """The `error` object of a Graph API reply, or a note when the reply is not Graph JSON."""
    try:
        parsed = json.loads(raw)
    except ValueError:
        parsed = None
    if not isinstance(parsed, dict):
        return {{"message": "the reply is not a Graph API JSON body"}}
    return parsed.get("error", parsed)


def main():
    token = os.environ.get("{TOKEN_ENV}")
    if not token:
        sys.exit("Set the environment variable {TOKEN_ENV} first.")
    # Compact UTF-8 JSON, the body CAPI Desktop checked. The token goes in a header, never in
    # the URL (URLs end up in proxy and server logs).
    body = json.dumps(payload, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    request = urllib.request.Request(
        EVENTS_URL,
        data=body,
        method="POST",
        headers={{"Authorization": "Bearer " + token, "Content-Type": "application/json"}},
    )
    try:
        with urllib.request.{_URLOPEN}(request, timeout=60) as response:
            print(response.status, response.read().decode("utf-8", "replace"))
    except urllib.error.HTTPError as error:
        report_graph_error(error.code, graph_error_of(error.read()))
        sys.exit(1)
    except (urllib.error.URLError, OSError) as error:
        reason = str(getattr(error, "reason", error))
        print(hide_token("Could not reach " + GRAPH_URL + ": " + reason), file=sys.stderr)
        sys.exit(1)

main()
'''


def python_sdk(body: dict[str, Any], where: Target, header: str) -> str:
    base = (
        ""
        if where.is_meta
        else f"""
# Not Meta's Graph API (see the note above). The SDK builds every URL from the class attribute
# FacebookSession.GRAPH, so it is set before the API is initialised.
FacebookSession.GRAPH = {where.graph_url!r}
"""
    )
    return f'''{header}# Sends the checked payload as-is through the SDK's /events edge (AdsPixel.create_event). The
# SDK's serverside Event/UserData classes would normalize and hash values again, which can change
# what was checked. Note: this SDK sends the token as ?access_token= in the URL query.
import json
import os
import sys

import requests
from facebook_business.adobjects.adspixel import AdsPixel
from facebook_business.api import FacebookAdsApi
from facebook_business.exceptions import FacebookRequestError
from facebook_business.session import FacebookSession
{_REPORT}
{base}
PIXEL_ID = {where.pixel_id!r}
payload = {python_literal(body)}


def main():
    token = os.environ.get("{TOKEN_ENV}")
    if not token:
        sys.exit("Set the environment variable {TOKEN_ENV} first.")
    # crash_log=False: otherwise the SDK reports this script's crashes to Meta.
    FacebookAdsApi.init(access_token=token, api_version={where.api_version!r}, crash_log=False)
    params = dict(payload)
    # The SDK's data parameter is a list of JSON strings, one per event.
    params["data"] = [json.dumps(event, ensure_ascii=False) for event in payload.get("data", [])]
    try:
        response = AdsPixel(PIXEL_ID).create_event(fields=[], params=params)
    except FacebookRequestError as error:
        # Never print the exception itself: its text includes the request.
        body = error.body()
        report_graph_error(
            error.http_status(), body.get("error", body) if isinstance(body, dict) else None
        )
        sys.exit(1)
    except requests.RequestException as error:
        # A connection error's text quotes the URL, and with it ?access_token=: print its kind only.
        print("Could not reach the Graph API: " + type(error).__name__, file=sys.stderr)
        sys.exit(1)
    except (TypeError, ValueError, KeyError) as error:
        # The SDK takes any non-JSON reply (a proxy's HTML error page, say) for a success and
        # then fails to parse it, whatever the HTTP status was.
        print(
            "Request failed: the reply is not a Graph API JSON body (" + type(error).__name__ + ")",
            file=sys.stderr,
        )
        sys.exit(1)
    print(json.dumps(response.export_all_data(), ensure_ascii=False))


main()
'''
