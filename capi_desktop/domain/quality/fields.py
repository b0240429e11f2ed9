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

DATASET_QUALITY_FIELDS = (
    "web{event_name,"
    "event_match_quality{composite_score,"
    "match_key_feedback{identifier,coverage{percentage}},"
    "diagnostics{name,description,solution,percentage,affected_event_count,total_event_count}},"
    "event_coverage{percentage,goal_percentage},"
    "dedupe_key_feedback{dedupe_key,browser_events_with_dedupe_key,"
    "server_events_with_dedupe_key,overall_browser_coverage_from_dedupe_key},"
    "data_freshness{upload_frequency},acr{percentage},event_potential_aly_acr_increase}"
)
PIXEL_QUALITY_FIELDS = (
    "id,name,last_fired_time,is_unavailable,data_use_setting,automatic_matching_fields,"
    "first_party_cookie_status,enable_automatic_matching"
)
# Aggregations we read from /{pixel}/stats (Meta's enum lists more).
STATS_AGGREGATIONS = ("event", "match_keys", "had_pii", "event_processing_results", "event_source")
DA_CONNECTION_METHODS = ("ALL", "APP", "BROWSER", "SERVER")


@dataclass(frozen=True)
class FieldSource:
    name: str
    verified: bool
    source: str  # a link, or why it is assumed


FIELD_SOURCES: tuple[FieldSource, ...] = (
    FieldSource("dataset_quality?dataset_id&agent_name", True, DQ_API_DOC),
    FieldSource("web[].event_name", True, DQ_API_DOC),
    FieldSource("event_match_quality.composite_score (0-10)", True, DQ_API_DOC),
    FieldSource(
        "event_match_quality.match_key_feedback{identifier,coverage{percentage}}", True, DQ_API_DOC
    ),
    FieldSource(
        "event_match_quality.diagnostics{name,description,solution,percentage,"
        "affected_event_count,total_event_count}",
        True,
        DQ_API_DOC,
    ),
    FieldSource("event_coverage{percentage,goal_percentage}", True, DQ_API_DOC),
    FieldSource(
        "dedupe_key_feedback{dedupe_key,browser_events_with_dedupe_key,"
        "server_events_with_dedupe_key,overall_browser_coverage_from_dedupe_key}",
        True,
        DQ_API_DOC,
    ),
    FieldSource("data_freshness{upload_frequency}", True, DQ_API_DOC),
    FieldSource(
        "acr{percentage}",
        False,
        "assumed: the docs name `acr` (Additional Conversions Reported) but the copy we read "
        "does not show its sub-fields; `percentage` follows the other blocks",
    ),
    FieldSource(
        "event_potential_aly_acr_increase",
        False,
        "named in the docs; its shape is not shown: kept as raw JSON",
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
