"""Runs the pinned facebook-business SDK (in its throwaway venv) over cases read as JSON on stdin.

Executed by the reference venv's interpreter, never imported by the app or by pytest. Each case is
{"key": k, "value": v}; each answer is an outcome string (see harness.outcome_of).
"""

from __future__ import annotations

import json
import sys

from facebook_business.adobjects.serverside.normalize import Normalize
from facebook_business.adobjects.serverside.user_data import UserData

# UserData list attributes per key: the path an SDK user takes (UserData(...).normalize()).
LIST_ATTRS = {
    "em": "emails",
    "ph": "phones",
    "fn": "first_names",
    "ln": "last_names",
    "db": "dates_of_birth",
    "ct": "cities",
    "st": "states",
    "zp": "zip_codes",
    "country": "country_codes",
    "external_id": "external_ids",
}
SCALAR_ATTRS = ("fbc", "fbp", "client_ip_address", "client_user_agent")


def outcome(key: str, value: str) -> str:
    try:
        if key == "ge":
            # UserData.gender only takes the Gender enum; a raw string goes through normalize_field.
            sent = Normalize.normalize_field("ge", value)
            return "omitted" if sent is None else "value:" + sent
        data = UserData()
        if key in LIST_ATTRS:
            setattr(data, LIST_ATTRS[key], [value])
        elif key in SCALAR_ATTRS:
            setattr(data, key, value)
        else:
            return "n/a"
        payload = data.normalize()
    except Exception as exc:  # the finding: which inputs make the SDK raise
        return "error:" + type(exc).__name__
    if key not in payload:
        return "omitted"
    sent = payload[key]
    if isinstance(sent, list):
        sent = sent[0] if sent else None
    return "null" if sent is None else "value:" + sent


def main() -> None:
    cases = json.load(sys.stdin)
    json.dump([outcome(c["key"], c["value"]) for c in cases], sys.stdout)


if __name__ == "__main__":
    main()
