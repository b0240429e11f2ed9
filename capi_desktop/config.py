"""App-wide constants: identity, versions, timeouts."""

from __future__ import annotations

from capi_desktop import __version__

APP_ID = "io.github.capidesktop.CapiDesktop"
APP_NAME = "CAPI Desktop"
APP_AUTHOR = "CAPI Desktop"
VERSION = __version__

DEFAULT_GRAPH_URL = "https://graph.facebook.com"
CONNECT_TIMEOUT_S = 5.0
TOTAL_TIMEOUT_S = 30.0
KEYRING_TIMEOUT_S = 5.0
