"""Consent travels with the event: decide forward / forward with LDU / suppress before sending to Meta."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, NamedTuple

Grant = Literal["granted", "denied"]
Action = Literal["forward", "forward_ldu", "suppress"]
CONSENT_KEYS = ("ad_storage", "ad_user_data", "ad_personalization")

# US states where Meta applies Limited Data Use for Business Tools (Meta "Data Processing
# Options for US Users", 2024): California, Colorado, Connecticut, Florida, Texas, Oregon, Montana.
LDU_US_STATES = frozenset({"CA", "CO", "CT", "FL", "TX", "OR", "MT"})
# Only California has a documented explicit state code; for the others Meta geolocates (0/0).
_EXPLICIT_STATE_CODES = {"CA": 1000}


class ConsentState(NamedTuple):
    """The CMP's answer at capture time; `region` is ISO 3166 (`US-CA`, `DE`) or None if unknown."""

    ad_storage: Grant
    ad_user_data: Grant
    ad_personalization: Grant
    region: str | None = None
    cmp_version: str | None = None
    captured_at: int | None = None

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> ConsentState:
        """Lenient reading of stored/pasted consent; anything not clearly granted counts as denied."""

        def grant(key: str) -> Grant:
            value = data.get(key)
            if value is True or (isinstance(value, str) and value.strip().lower() == "granted"):
                return "granted"
            return "denied"

        region = data.get("region")
        captured = data.get("captured_at")
        cmp_version = data.get("cmp_version")
        return cls(
            ad_storage=grant("ad_storage"),
            ad_user_data=grant("ad_user_data"),
            ad_personalization=grant("ad_personalization"),
            region=region.strip() or None if isinstance(region, str) else None,
            cmp_version=str(cmp_version) if cmp_version is not None else None,
            captured_at=captured
            if isinstance(captured, int) and not isinstance(captured, bool)
            else None,
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "ad_storage": self.ad_storage,
            "ad_user_data": self.ad_user_data,
            "ad_personalization": self.ad_personalization,
            "region": self.region,
            "cmp_version": self.cmp_version,
            "captured_at": self.captured_at,
        }

    def country_and_state(self) -> tuple[str | None, str | None]:
        """(`US`, `CA`) from `US-CA` / `us_ca`; (`DE`, None) from `DE`."""
        if not self.region:
            return None, None
        text = self.region.strip().upper().replace("_", "-")
        country, _, state = text.partition("-")
        return country or None, state or None


class ConsentPolicy(NamedTuple):
    """Which consent signals must be granted, and how US state privacy laws map to LDU.

    required: consent keys that must all be granted, else the event is suppressed.
    ldu_states: US states (2-letter) whose events are forwarded with Limited Data Use.
    unknown_region_ldu: with no region, or a US region without a state, send LDU with
        country/state 0 so Meta geolocates (it applies LDU only inside those states).
    missing_consent: what to do when no consent state travelled with the event.
    """

    required: tuple[str, ...] = CONSENT_KEYS
    ldu_states: frozenset[str] = LDU_US_STATES
    unknown_region_ldu: bool = True
    missing_consent: Action = "suppress"


DEFAULT_POLICY = ConsentPolicy()


class ConsentDecision(NamedTuple):
    action: Action
    reason: str
    data_processing_options: list[str] | None = None
    country: int | None = None
    state: int | None = None

    def apply(self, event: Mapping[str, Any]) -> dict[str, Any] | None:
        """The event to send (LDU fields set for forward_ldu), or None when suppressed."""
        if self.action == "suppress":
            return None
        result = dict(event)
        if self.action == "forward_ldu":
            result["data_processing_options"] = list(self.data_processing_options or ["LDU"])
            result["data_processing_options_country"] = self.country
            result["data_processing_options_state"] = self.state
        return result


def _ldu(reason: str, country: int, state: int) -> ConsentDecision:
    return ConsentDecision("forward_ldu", reason, ["LDU"], country, state)


def evaluate(
    consent: ConsentState | None, policy: ConsentPolicy = DEFAULT_POLICY
) -> ConsentDecision:
    """Decide what to do with one event given the consent captured with it."""
    if consent is None:
        if policy.missing_consent == "suppress":
            return ConsentDecision(
                "suppress", "No consent state travelled with the event; record it locally only."
            )
        return _region_decision(None, None, policy, "No consent state recorded; policy forwards.")
    denied = [key for key in policy.required if getattr(consent, key, "denied") != "granted"]
    if denied:
        return ConsentDecision(
            "suppress",
            "Advertising consent denied ("
            + ", ".join(denied)
            + "): record locally, do not send to Meta.",
        )
    country, state = consent.country_and_state()
    return _region_decision(country, state, policy, "Advertising consent granted")


def _region_decision(
    country: str | None, state: str | None, policy: ConsentPolicy, prefix: str
) -> ConsentDecision:
    if country is None:
        if policy.unknown_region_ldu:
            return _ldu(
                f"{prefix}; region unknown: Limited Data Use with geolocation (0/0), so Meta "
                "applies it only to people in US states with LDU rules.",
                0,
                0,
            )
        return ConsentDecision("forward", f"{prefix}; region unknown, policy forwards without LDU.")
    if country != "US":
        return ConsentDecision(
            "forward", f"{prefix}; region {country} has no US state LDU rule.", []
        )
    if state is None:
        if policy.unknown_region_ldu:
            return _ldu(
                f"{prefix}; US without a state: Limited Data Use with geolocation (0/0).", 0, 0
            )
        return ConsentDecision("forward", f"{prefix}; US state unknown, policy forwards.", [])
    if state in policy.ldu_states:
        code = _EXPLICIT_STATE_CODES.get(state)
        if code is not None:
            return _ldu(f"{prefix}; US-{state} has an LDU rule: LDU for the USA/{state}.", 1, code)
        return _ldu(
            f"{prefix}; US-{state} has an LDU rule; Meta documents no state code for it, so "
            "LDU with geolocation (0/0).",
            0,
            0,
        )
    return ConsentDecision("forward", f"{prefix}; US-{state} has no LDU rule.", [])
