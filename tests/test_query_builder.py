"""Query building as pure functions: parameters → OpenSearch DSL, checked without a server."""

from __future__ import annotations

from dataclasses import replace

import pytest

from app.search.cursor import Cursor, decode, encode
from app.search.params import Origin, ParamError, SearchParams, check_range, resolve_codes, resolve_profile
from app.search.profiles import PROFILES
from app.search.query import aggregations, count_body, search_body
from app.search.radius import default_radius_km, widening_steps

TOULOUSE = Origin(43.6045, 1.444, "31000 Toulouse", "commune", "31")


def params(**changes: object) -> SearchParams:
    base = SearchParams(
        origin=TOULOUSE,
        radius_km=10.0,
        q=None,
        profile=resolve_profile(None),
        filters={},
        age=None,
        social_aid=None,
        price_max_month=None,
        beds_min=None,
        availability_max_age_h=24.0,
        sort="distance",
        size=20,
        explain=False,
    )
    return replace(base, **changes)  # type: ignore[arg-type]


def test_distance_sort_in_metres_with_tie_breaker() -> None:
    body = search_body(params(), 10.0)
    geo = body["sort"][0]["_geo_distance"]
    assert geo["unit"] == "m" and geo["mode"] == "min" and geo["order"] == "asc"
    assert geo["location"] == {"lat": 43.6045, "lon": 1.444}
    assert body["sort"][1] == {"id": "asc"}
    assert body["track_total_hits"] == 10_000


def test_hard_criteria_are_filters_not_scored() -> None:
    p = params(age=7, social_aid=True, price_max_month=2500.0)
    query = search_body(p, 10.0)["query"]["bool"]
    assert "must" not in query and "should" not in query
    filters = query["filter"]
    assert {
        "geo_distance": {"distance": "10.0km", "distance_type": "arc", "location": {"lat": 43.6045, "lon": 1.444}}
    } in filters
    assert {"range": {"age_min": {"lte": 7}}} in filters and {"range": {"age_max": {"gte": 7}}} in filters
    assert {"term": {"social_aid": True}} in filters
    assert {"range": {"price_per_month": {"lte": 2500.0}}} in filters


def test_coded_filters_are_post_filters_and_facets_are_multi_select() -> None:
    p = params(filters={"activity": ("126", "127"), "equipment": ("231",)})
    body = search_body(p, 10.0)
    assert body["post_filter"] == {
        "bool": {"filter": [{"terms": {"activities": ["126", "127"]}}, {"terms": {"equipment": ["231"]}}]}
    }
    aggs = aggregations(p)
    # The activity facet ignores the activity selection (siblings keep their counts) but applies equipment.
    assert aggs["activity"]["filter"] == {"bool": {"filter": [{"terms": {"equipment": ["231"]}}]}}
    assert aggs["equipment"]["filter"] == {"bool": {"filter": [{"terms": {"activities": ["126", "127"]}}]}}
    assert aggs["category"]["filter"]["bool"]["filter"] == [
        {"terms": {"activities": ["126", "127"]}},
        {"terms": {"equipment": ["231"]}},
    ]


def test_beds_need_fresh_availability() -> None:
    body = search_body(params(beds_min=1, availability_max_age_h=12.0), 10.0)
    filters = body["query"]["bool"]["filter"]
    assert {"range": {"restricted.free_beds": {"gte": 1}}} in filters
    assert {"range": {"restricted.availability_updated_at": {"gte": "now-720m/m"}}} in filters


def test_relevance_blends_text_and_distance_feature() -> None:
    p = params(q="psychologue", sort="relevance", profile=PROFILES["practitioner"])
    body = search_body(p, 10.0, seed=13)
    query = body["query"]["bool"]
    assert query["must"][0]["bool"]["should"][0]["multi_match"]["query"] == "psychologue"
    feature = query["should"][0]["distance_feature"]
    assert feature["field"] == "location" and feature["pivot"] == "5.0km"
    assert body["sort"] == [{"_score": "desc"}, {"rot.r5": "asc"}, {"id": "asc"}]  # 13 % 8 == 5


def test_profile_defaults_apply_unless_overridden() -> None:
    nursing = params(profile=PROFILES["nursing_home"])
    assert {"terms": {"site.category": ["500", "202"]}} in search_body(nursing, 10.0)["query"]["bool"]["filter"]
    chosen = params(profile=PROFILES["nursing_home"], filters={"category": ("500",)})
    filters = search_body(chosen, 10.0)["query"]["bool"]["filter"]
    assert not any("site.category" in str(f) for f in filters)  # the caller's choice is a facet filter
    assert {"terms": {"kind": ["offer"]}} in search_body(params(profile=PROFILES["emergency"]), 10.0)["query"]["bool"][
        "filter"
    ]


def test_count_body_uses_every_filter() -> None:
    body = count_body(params(filters={"activity": ("131",)}, q="rhumatologie"), 50.0)
    assert {"terms": {"activities": ["131"]}} in body["query"]["bool"]["filter"]
    assert body["query"]["bool"]["must"]


def test_search_after_and_explain() -> None:
    body = search_body(params(explain=True), 10.0, search_after=[1234.5, "x"], with_facets=False)
    assert body["search_after"] == [1234.5, "x"] and body["explain"] is True and "aggs" not in body


def test_codes_or_labels_resolve_and_unknown_ones_are_refused() -> None:
    assert resolve_codes("activity", ["rhumatologie", "126"]) == ("131", "126")
    assert resolve_codes("equipment", ["231,230"]) == ("231", "230")
    assert resolve_codes("profession", ["Psychologue"]) == ("93",)
    with pytest.raises(ParamError) as err:
        resolve_codes("activity", ["rhumato"])
    assert err.value.param == "activity" and "131 Rhumatologie" in err.value.suggestions
    with pytest.raises(ParamError, match="profile"):
        resolve_profile("nope")


def test_ranges() -> None:
    check_range("radius_km", 5, 0, 1000, low_open=True)
    for bad in (0, -1, 1001, float("nan")):
        with pytest.raises(ParamError, match="radius_km"):
            check_range("radius_km", bad, 0, 1000, low_open=True)


def test_cursor_round_trip_and_tampering() -> None:
    c = Cursor(after=[10.5, "abc"], seed=7, radius_km=20.0, query_key="k1")
    assert decode(encode(c), "k1") == c
    with pytest.raises(ParamError, match="another query"):
        decode(encode(c), "k2")
    for bad in ("garbage", "", "e30", encode(c)[:-3]):
        with pytest.raises(ParamError) as err:
            decode(bad, "k1")
        assert err.value.param == "cursor"


def test_adaptive_radius_defaults_and_steps() -> None:
    assert default_radius_km("75") == 5.0
    assert default_radius_km("23") == 50.0  # Creuse, rural
    assert widening_steps(50.0) == [50.0, 100.0, 200.0, 400.0]
