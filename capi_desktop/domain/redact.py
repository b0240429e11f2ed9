"""Remove access tokens (and other secrets) from any text before it is logged or shown."""

from __future__ import annotations

import re

REDACTED = "[REDACTED]"

# Meta user/system-user/page tokens start with EAA; app tokens are "<app_id>|<secret>".
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"EAA[A-Za-z0-9_\-]{8,}"), REDACTED),
    (re.compile(r"(?i)(access_token\s*[=:]\s*[\"']?)[^\s&\"',;}]+"), r"\1" + REDACTED),
    (re.compile(r"(?i)(\"access_token\"\s*:\s*\")[^\"]*"), r"\1" + REDACTED),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9_\-.~+/|=]+"), r"\1" + REDACTED),
    (re.compile(r"(?i)(appsecret_proof\s*[=:]\s*[\"']?)[0-9a-f]+"), r"\1" + REDACTED),
    (re.compile(r"\b\d{6,20}\|[A-Za-z0-9_\-]{16,}\b"), REDACTED),
)


def redact(text: str, *secrets: str) -> str:
    """Return text with token-looking substrings and the given secrets replaced."""
    for secret in secrets:
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def mask_token(token: str) -> str:
    """Show only the last four characters of a token (for the UI after saving)."""
    token = token.strip()
    if len(token) <= 8:
        return "•" * len(token)
    return "•" * 8 + token[-4:]
