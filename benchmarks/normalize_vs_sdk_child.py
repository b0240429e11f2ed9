"""Child of normalize_vs_sdk.py, run by the throwaway venv's Python: times facebook-business itself.

Reads {"runs": [[record, ...], ...]} on stdin; prints per-run median CPU µs per record and the
payloads of the first run. Never imports capi_desktop.
"""

from __future__ import annotations

import json
import statistics
import sys
import time

from facebook_business.adobjects.serverside.gender import Gender
from facebook_business.adobjects.serverside.user_data import UserData

GENDERS = {"f": Gender.FEMALE, "m": Gender.MALE}


def build(record: dict[str, object]) -> UserData:
    return UserData(
        emails=record["em"], phones=[record["ph"]], first_names=[record["fn"]],
        last_names=[record["ln"]], dates_of_birth=[record["db"]], cities=[record["ct"]],
        states=[record["st"]], zip_codes=[record["zp"]], country_codes=[record["country"]],
        external_ids=[record["external_id"]], genders=[GENDERS[str(record["ge"])]],
        client_ip_address=record["client_ip_address"],
        client_user_agent=record["client_user_agent"], fbc=record["fbc"], fbp=record["fbp"],
    )  # fmt: skip


def main() -> None:
    runs = json.load(sys.stdin)["runs"]
    medians, first = [], []
    for index, records in enumerate(runs):
        times = []
        for record in records:
            start = time.thread_time_ns()
            payload = build(record).normalize()
            times.append(time.thread_time_ns() - start)
            if index == 0:
                first.append(payload)
        medians.append(statistics.median(times) / 1000)
    json.dump({"medians_us": medians, "first_run": first}, sys.stdout)


if __name__ == "__main__":
    main()
