"""The cURL export: a POSIX shell script that pipes the exact checked body into curl."""

from __future__ import annotations

from capi_desktop.domain.codegen.common import TOKEN_ENV, Target


def shell_single_quote(text: str) -> str:
    """`text` as one single-quoted POSIX shell word (nothing inside is expanded)."""
    return "'" + text.replace("'", "'\\''") + "'"


def curl(body: str, where: Target, header: str) -> str:
    # printf is a shell builtin, so a 1 MB body never meets the kernel's per-argument limit
    # (128 KiB on Linux) that `curl --data-raw '<body>'` would hit.
    base_note = (
        "" if where.is_meta else "# GRAPH_URL is not Meta's Graph API: see the note above.\n"
    )
    return (
        "#!/bin/sh\n"
        f"{header}"
        "# The token goes in the Authorization header, never in the URL (URLs end up in logs).\n"
        "# On an error curl prints Graph's JSON error body (code, error_subcode, message,\n"
        "# fbtrace_id) and the HTTP status; neither contains the token.\n"
        f"{base_note}"
        f': "${{{TOKEN_ENV}:?set {TOKEN_ENV} first: export {TOKEN_ENV}=...}}"\n'
        f"GRAPH_URL={shell_single_quote(where.graph_url)}\n"
        f"printf '%s' {shell_single_quote(body)} |\n"
        f'  curl -sS -X POST "$GRAPH_URL/{where.api_version}/{where.pixel_id}/events" \\\n'
        f'    -H "Authorization: Bearer ${{{TOKEN_ENV}}}" \\\n'
        '    -H "Content-Type: application/json" \\\n'
        "    --data-binary @- \\\n"
        "    -w '\\nHTTP status %{http_code}\\n'\n"
    )
