"""The field lists we ask Meta for, and which names are verified against Meta's docs (with links)."""

from __future__ import annotations

from dataclasses import dataclass

DQ_API_DOC = (
    "https://developers.facebook.com/docs/marketing-api/conversions-api/dataset-quality-api"
)
STATS_DOC = "https://developers.facebook.com/documentation/ads-commerce/marketing-api/reference/ads-pixel/stats"
DA_CHECKS_DOC = (
    "https://developers.facebook.com/documentation/ads-commerce/marketing-api/reference/"
    "ads-pixel/da_checks"
)
PIXEL_DOC = "https://developers.facebook.com/docs/marketing-api/reference/ads-pixel/"

_PCT = "{percentage,description}"
# Sub-fields as in the examples of Meta's Dataset Quality API page (each block is requested the
# way the page shows it; percentages come as {percentage, description} objects).
DATASET_QUALITY_FIELDS = (
    "web{event_name,"
    "event_match_quality{composite_score,"
    f"match_key_feedback{{identifier,coverage{{percentage}},potential_aly_acr_increase{_PCT}}},"
    "diagnostics{name,description,solution,percentage,affected_event_count,total_event_count}},"
    f"event_coverage{{percentage,goal_percentage,description,potential_aly_acr_increase{_PCT}}},"
    f"dedupe_key_feedback{{dedupe_key,browser_events_with_dedupe_key{_PCT},"
    f"server_events_with_dedupe_key{_PCT},overall_browser_coverage_from_dedupe_key{_PCT}}},"
    f"data_freshness{{upload_frequency,description}},acr{_PCT},"
    f"event_potential_aly_acr_increase{_PCT}}}"
)
PIXEL_QUALITY_FIELDS = (
    "id,name,last_fired_time,is_unavailable,data_use_setting,automatic_matching_fields,"
    "first_party_cookie_status,enable_automatic_matching"
)
# Aggregations we read from /{pixel}/stats (Meta's enum lists more).
STATS_AGGREGATIONS = ("event", "match_keys", "had_pii", "event_processing_results", "event_source")


@dataclass(frozen=True)
class FieldSource:
    name: str
    verified: bool
    source: str  # a link, or why it is assumed


DQ_COPY = (
    DQ_API_DOC + " (checked 2026-12-06 against a verbatim public copy of the page, its examples "
    "included, and the team's copy of 2026-09-12, capi.md §8)"
)
FIELD_SOURCES: tuple[FieldSource, ...] = (
    FieldSource("dataset_quality?dataset_id&agent_name (agent_name optional)", True, DQ_COPY),
    FieldSource("web[].event_name", True, DQ_COPY),
    FieldSource("event_match_quality.composite_score (0-10)", True, DQ_COPY),
    FieldSource(
        "event_match_quality.match_key_feedback{identifier,coverage{percentage},"
        "potential_aly_acr_increase{percentage,description}}",
        True,
        DQ_COPY,
    ),
    FieldSource(
        "event_match_quality.diagnostics{name,description,solution,percentage,"
        "affected_event_count,total_event_count}",
        True,
        DQ_COPY,
    ),
    FieldSource(
        "event_coverage{percentage,goal_percentage,description,potential_aly_acr_increase}",
        True,
        DQ_COPY,
    ),
    FieldSource(
        "dedupe_key_feedback{dedupe_key,browser_events_with_dedupe_key{percentage},"
        "server_events_with_dedupe_key{percentage},"
        "overall_browser_coverage_from_dedupe_key{percentage}} — percentages, not counts",
        True,
        DQ_COPY + "; the page's field table spells it dedup_key_feedback, its examples "
        "dedupe_key_feedback: we request the example's spelling",
    ),
    FieldSource("data_freshness{upload_frequency,description}", True, DQ_COPY),
    FieldSource("acr{percentage,description}", True, DQ_COPY),
    FieldSource("event_potential_aly_acr_increase{percentage,description}", True, DQ_COPY),
    FieldSource(
        "upload_frequency values other than real_time / hourly",
        False,
        "assumed open-ended: the page shows only real_time and hourly; shown as Meta sends it",
    ),
    FieldSource("/{pixel}/stats aggregation enum, data, start_time", True, STATS_DOC),
    FieldSource(
        "/{pixel}/stats bucket data[]{value,count}",
        True,
        "facebook-python-business-sdk facebook_business/adobjects/adspixelstats.py (count, event, value)",
    ),
    FieldSource("/{pixel}/da_checks?checks&connection_method", True, DA_CHECKS_DOC),
    FieldSource(
        "DACheck{key,title,description,result,user_message,action_uri}",
        True,
        "facebook-python-business-sdk facebook_business/adobjects/dacheck.py",
    ),
    FieldSource(
        "pixel last_fired_time, is_unavailable, data_use_setting, automatic_matching_fields, "
        "first_party_cookie_status, enable_automatic_matching",
        True,
        PIXEL_DOC + " (and facebook-nodejs-business-sdk ads-pixel.js Fields)",
    ),
)
