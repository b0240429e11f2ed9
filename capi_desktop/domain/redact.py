"""Remove access tokens (and other secrets) from any text before it is logged, shown or written."""

from __future__ import annotations

import re
from typing import Any

REDACTED = "[REDACTED]"

# Meta user/system-user/page tokens start with EAA; app tokens are "<app_id>|<secret>".
_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"EAA[A-Za-z0-9_\-]{8,}"), REDACTED),
    (re.compile(r"(?i)((?:access|input)_token\s*[=:]\s*[\"']?)[^\s&\"',;}]+"), r"\1" + REDACTED),
    (re.compile(r"(?i)(\"(?:access|input)_token\"\s*:\s*\")[^\"]*"), r"\1" + REDACTED),
    (re.compile(r"(?i)(bearer\s+)[A-Za-z0-9_\-.~+/|=]+"), r"\1" + REDACTED),
    (re.compile(r"(?i)(appsecret_proof\s*[=:]\s*[\"']?)[0-9a-f]+"), r"\1" + REDACTED),
    (re.compile(r"\b\d{6,20}\|[A-Za-z0-9_\-]{16,}\b"), REDACTED),
)


# Tokens this process holds (see `remember_secret`): hidden by every redact() call, including
# the log filter's, even when they do not look like Meta tokens. A tuple, swapped atomically.
_LIVE_SECRETS: tuple[str, ...] = ()
_MAX_LIVE_SECRETS = 32


def remember_secret(secret: str) -> None:
    """Make every later `redact()` hide this exact value (called for each token in use)."""
    global _LIVE_SECRETS
    secret = secret.strip()
    if len(secret) >= 8 and secret not in _LIVE_SECRETS:
        _LIVE_SECRETS = (*_LIVE_SECRETS, secret)[-_MAX_LIVE_SECRETS:]


def redact(text: str, *secrets: str) -> str:
    """Return text with token-looking substrings, the given and the remembered secrets replaced."""
    for secret in (*secrets, *_LIVE_SECRETS):
        if secret and len(secret) >= 4:
            text = text.replace(secret, REDACTED)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


_TOKEN_SHAPED = re.compile(r"EAA[A-Za-z0-9_\-]{8,}|\b\d{6,20}\|[A-Za-z0-9_\-]{16,}\b")
_SECRET_KEYS = frozenset({"access_token", "input_token", "appsecret_proof"})


def looks_like_token(text: str) -> bool:
    """A Meta token (EAA…) or an app token (<app id>|<secret>), or a remembered secret."""
    return bool(_TOKEN_SHAPED.search(text)) or any(s and s in text for s in _LIVE_SECRETS)


def scrub(text: str, *secrets: str) -> str:
    """The one scrub for every text the app writes (drafts, exports, Copy as, history, logs).

    Works on any text, valid JSON or not: known tokens (given and remembered), anything
    token-shaped, and the values of access_token / input_token / appsecret_proof are hidden.
    """
    return redact(text, *secrets)


def scrub_value(value: Any, *secrets: str) -> Any:
    """A JSON-like value with every string scrubbed and secret-named keys' values redacted.

    Used instead of scrubbing serialized JSON text, so escapes inside strings never break it.
    """
    if isinstance(value, str):
        return scrub(value, *secrets) if value else value
    if isinstance(value, dict):
        return {
            k: (REDACTED if isinstance(k, str) and k.lower() in _SECRET_KEYS and v else
                scrub_value(v, *secrets))
            for k, v in value.items()
        }  # fmt: skip
    if isinstance(value, list | tuple):
        return [scrub_value(v, *secrets) for v in value]
    return value


def mask_token(token: str) -> str:
    """Show only the last four characters of a token (for the UI after saving)."""
    token = token.strip()
    if len(token) <= 8:
        return "•" * len(token)
    return "•" * 8 + token[-4:]
