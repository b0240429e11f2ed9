"""The one table of export formats: label, library and version written for, and how each is checked."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Check = Literal["executed", "syntax-checked", "none"]

# What a snippet's header says for each kind of check (tests/exec/ holds the runs behind it).
CHECK_TEXT: dict[Check, str] = {
    "executed": (
        "CAPI Desktop's test suite runs code generated this way against its local Graph API "
        "emulator and compares what arrived with the checked payload (same events, same hashes, "
        "same test_event_code), including non-ASCII text, quotes, $, backslashes and a 1 MB body; "
        "on a wrong token, a Graph error, an HTML error page and a dropped connection it "
        "printed no token."
    ),
    "syntax-checked": (
        "syntax-checked (php -l) by CAPI Desktop's test suite, not run: the SDK cannot be "
        "installed where CAPI Desktop is tested."
    ),
    "none": "this is the request body itself; nothing to run.",
}
# The same, in a few words (menu tooltips, status line).
CHECK_SHORT: dict[Check, str] = {
    "executed": "run against the local emulator by the test suite",
    "syntax-checked": "syntax-checked, not run",
    "none": "the request body",
}


@dataclass(frozen=True)
class FormatSpec:
    """One export format. `sends_version` is set when the library ignores the chosen version."""

    id: str
    label: str
    written_for: str
    check: Check
    comment: str  # line-comment prefix of the language ("" for JSON)
    sends_version: str | None = None


# Versions: tests/reference_versions.json pins the SDKs the tests run; a test keeps them equal.
PYTHON_SDK_VERSION = "26.0.3"
NODE_SDK_VERSION = "24.0.1"
NODE_SDK_SENDS = "v24.0"  # facebook-nodejs-business-sdk 24.0.1: FacebookAdsApi.VERSION
PHP_SDK_VERSION = (
    "25.0.1"  # ApiConfig::SDKVersion of the newest tagged source; not installable here
)

SPECS: tuple[FormatSpec, ...] = (
    FormatSpec(
        "curl", "cURL", "curl 7.55 or newer in a POSIX shell (sh, bash, zsh)", "executed", "#"
    ),
    FormatSpec(
        "python",
        "Python (standard library)",
        "Python 3.8 or newer, standard library only (urllib)",
        "executed",
        "#",
    ),
    FormatSpec(
        "python-sdk",
        "Python (facebook-business SDK)",
        f"facebook-business {PYTHON_SDK_VERSION} (pip install facebook-business=={PYTHON_SDK_VERSION})",
        "executed",
        "#",
    ),
    FormatSpec(
        "node",
        "Node.js (fetch)",
        "Node.js 18 or newer, no packages (built-in fetch)",
        "executed",
        "//",
    ),
    FormatSpec(
        "node-sdk",
        "Node.js (facebook-nodejs-business-sdk)",
        f"facebook-nodejs-business-sdk {NODE_SDK_VERSION} "
        f"(npm install facebook-nodejs-business-sdk@{NODE_SDK_VERSION})",
        "executed",
        "//",
        sends_version=NODE_SDK_SENDS,
    ),
    FormatSpec(
        "php",
        "PHP (streams)",
        "PHP 7.4 or newer, no extensions beyond the default build (http stream wrapper)",
        "executed",
        "//",
    ),
    FormatSpec(
        "php-sdk",
        "PHP (facebook/php-business-sdk)",
        f"facebook/php-business-sdk {PHP_SDK_VERSION} "
        f"(composer require facebook/php-business-sdk:{PHP_SDK_VERSION}; PHP 8.0+ with ext-curl)",
        "syntax-checked",
        "//",
    ),
    FormatSpec("json", "JSON body", "any client that POSTs JSON", "none", ""),
)

BY_ID: dict[str, FormatSpec] = {spec.id: spec for spec in SPECS}
FORMATS: tuple[str, ...] = tuple(spec.id for spec in SPECS)
FORMAT_LABELS: dict[str, str] = {spec.id: spec.label for spec in SPECS}
