"""Synthetic demo state for screenshots: fake profiles and a fake successful Verify."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from capi_desktop.backend.graph_models import CredentialCheck, TokenInfo
from capi_desktop.backend.keyring_calls import StorageState

if TYPE_CHECKING:
    from capi_desktop.ui.panels.credentials.panel import CredentialsPanel

DEMO_PIXEL = "1234567890"
DEMO_URL = "http://127.0.0.1:8765"  # an emulator address: the demo never names Meta as target
# Only its mask is ever shown; it is not a real token and is never stored.
_DEMO_TOKEN = "demo-not-a-token-4821"


def demo_check(now: dt.datetime) -> CredentialCheck:
    fired = (now - dt.timedelta(hours=2, minutes=14)).strftime("%Y-%m-%dT%H:%M:%S+0000")
    return CredentialCheck(
        ok=True,
        pixel={
            "id": DEMO_PIXEL,
            "name": "Demo Shop Pixel",
            "last_fired_time": fired,
            "owner_business": {"id": "200000000000002", "name": "Demo Shop Ltd"},
        },
        me={"id": "100000000000001", "name": "Demo CAPI System User"},
        token_info=TokenInfo(
            type="SYSTEM_USER",
            app_id="300000000000003",
            application="Demo Shop Server",
            scopes=("ads_management", "business_management"),
            expires_at=0,
        ),
        duration_s=0.31,
    )


def fill_demo(panel: CredentialsPanel) -> None:
    store = panel.controller.store
    names = {p.name for p in store.list_profiles()}
    if "Demo Shop — staging" not in names:
        store.add(
            "Demo Shop — staging",
            "9876543210",
            api_version="v24.0",
            test_event_code="TEST55120",
            notes="Staging shop; test events only.",
        )
    if "Demo Shop" not in names:
        store.add(
            "Demo Shop",
            DEMO_PIXEL,
            graph_url=DEMO_URL,
            test_event_code="TEST4821",
            notes="Synthetic demo profile for screenshots.",
        )
    profile = store.find("Demo Shop")
    if profile is None:  # the demo profile was just added above
        return
    panel.reload(select=profile.id)
    panel.open_profile(profile.id)
    # The screenshot's in-memory keyring has an odd class name: show the usual Linux one.
    panel.editor.show_saved_token(
        StorageState("system", backend="SecretService Keyring"), _DEMO_TOKEN
    )
    panel.controller.record(profile.id, demo_check(dt.datetime.now(dt.UTC)), emulator=True)
    panel.verifier.show_cached_result(profile.id)
    panel.profiles.set_status(profile.id, True)
    panel.refresh_title()
    panel.show_guide(panel.width() >= 1000)  # only where the form keeps enough room
