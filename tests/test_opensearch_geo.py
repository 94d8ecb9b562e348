"""Real OpenSearch: geo_distance filter and _geo_distance sort over real hospital sites."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest
from geopy.distance import geodesic
from opensearchpy import AsyncOpenSearch

from app.core.config import Settings
from tests.sites import load_sample_sites

# Origin: Place du Capitole, Toulouse.
ORIGIN = (43.6045, 1.4440)


@pytest.fixture
async def geo_index(search_client: AsyncOpenSearch, settings: Settings) -> AsyncIterator[str]:
    name = f"{settings.index}-geo-{uuid.uuid4().hex[:8]}"
    await search_client.indices.create(
        index=name,
        body={
            "settings": {"number_of_shards": 1, "number_of_replicas": 0, "refresh_interval": "1s"},
            "mappings": {
                "dynamic": "strict",
                "properties": {
                    "finess": {"type": "keyword"},
                    "name": {"type": "text"},
                    "location": {"type": "geo_point"},
                },
            },
        },
    )
    for site in load_sample_sites():
        await search_client.index(
            index=name,
            id=site.finess_et,
            body={
                "finess": site.finess_et,
                "name": site.name,
                "location": {"lat": site.lat, "lon": site.lon},
            },
        )
    await search_client.indices.refresh(index=name)
    yield name
    await search_client.indices.delete(index=name)


async def test_node_is_opensearch_2_19(search_client: AsyncOpenSearch) -> None:
    info = await search_client.info()
    assert info["version"]["distribution"] == "opensearch"
    assert info["version"]["number"].startswith("2.19.")


async def test_geo_point_is_mapped(search_client: AsyncOpenSearch, geo_index: str) -> None:
    mapping = await search_client.indices.get_mapping(index=geo_index)
    assert mapping[geo_index]["mappings"]["properties"]["location"]["type"] == "geo_point"


async def test_geo_distance_filter_and_sort_match_geodesic_order(
    search_client: AsyncOpenSearch, geo_index: str
) -> None:
    sites = load_sample_sites()
    radius_km = 600.0
    expected = sorted(
        (s for s in sites if geodesic(ORIGIN, (s.lat, s.lon)).km <= radius_km),
        key=lambda s: geodesic(ORIGIN, (s.lat, s.lon)).km,
    )
    assert len(expected) >= 5, "the sample must hold several sites within the radius"
    assert len(expected) < len(sites), "the radius must exclude some sites, or the filter proves nothing"

    response = await search_client.search(
        index=geo_index,
        body={
            "size": 100,
            "query": {
                "bool": {
                    "filter": [
                        {
                            "geo_distance": {
                                "distance": f"{radius_km}km",
                                "location": {"lat": ORIGIN[0], "lon": ORIGIN[1]},
                            }
                        }
                    ]
                }
            },
            "sort": [
                {
                    "_geo_distance": {
                        "location": {"lat": ORIGIN[0], "lon": ORIGIN[1]},
                        "order": "asc",
                        "unit": "m",
                        "mode": "min",
                        "distance_type": "arc",
                    }
                },
                {"finess": "asc"},
            ],
        },
    )
    hits = response["hits"]["hits"]
    assert [h["_id"] for h in hits] == [s.finess_et for s in expected]
    assert hits[0]["_source"]["name"] == "HOPITAL DE RANGUEIL CHU TOULOUSE"
    for hit, site in zip(hits, expected, strict=True):
        oracle_m = geodesic(ORIGIN, (site.lat, site.lon)).m
        # OpenSearch's arc distance is on a sphere; geodesic is on the WGS84 ellipsoid: within 0.5 %.
        assert hit["sort"][0] == pytest.approx(oracle_m, rel=5e-3)
