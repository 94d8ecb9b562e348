"""The HTTP API against the real OpenSearch and PostGIS: search, errors, keys, availability, restricted data."""

from __future__ import annotations

import concurrent.futures
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from fastapi.testclient import TestClient
from geopy.distance import geodesic
from sqlalchemy import Engine, text

from app.auth.keys import create_key, revoke_key
from app.core.config import Settings
from app.main import create_app
from tests.directory import pairs
from tests.fixture_directory import load_fixture_directory, rebuild_fresh

TOULOUSE = {"lat": 43.6045, "lon": 1.444}
RESTRICTED_KEYS = {"restricted", "restricted_contacts", "availability", "free", "free_beds", "free_places"}


@pytest.fixture(scope="module")
def stack(engine: Engine, settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Any]]:
    load_fixture_directory(engine, tmp_path_factory.mktemp("dir"), with_icus=True)
    rebuild_fresh(engine, settings)
    keys = {
        "professional": create_key(engine, "professional", [], "pro")[0],
        "referent": create_key(engine, "referent", ["310783055"], "rangueil")[0],
        "admin": create_key(engine, "admin", [], "admin")[0],
    }
    with TestClient(create_app(settings)) as api:
        yield {"api": api, "keys": keys}


def auth(stack: dict[str, Any], role: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {stack['keys'][role]}"}


def walk(value: Any) -> Iterator[tuple[str, Any]]:
    if isinstance(value, dict):
        for k, v in value.items():
            yield k, v
            yield from walk(v)
    elif isinstance(value, list):
        for v in value:
            yield from walk(v)


# --- search ---------------------------------------------------------------------------------------


def test_search_near_a_point_sorted_by_geodesic_distance(stack: dict[str, Any]) -> None:
    r = stack["api"].get("/v1/search", params={**TOULOUSE, "radius_km": 400, "size": 50})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["radius_km"] == 400 and body["origin"]["precision"] == "coordinates"
    items = body["items"]
    assert items and items[0]["site"]["finess"] == "310783055"
    distances = [i["distance_km"] for i in items]
    assert distances == sorted(distances)
    for item in items:
        loc = item["location"]
        oracle_km = geodesic((43.6045, 1.444), (loc["lat"], loc["lon"])).km
        assert item["distance_km"] == pytest.approx(oracle_km, abs=5e-4)  # rounded to the metre
        assert item["distance_km"] <= 400
    assert {"category", "activity", "equipment"} <= set(body["facets"])


def test_search_by_place_name_and_filters(stack: dict[str, Any]) -> None:
    r = stack["api"].get(
        "/v1/search",
        params={"near": "31000 TOULOUSE", "radius_km": 30, "activity": "Réanimation polyvalente", "equipment": "231"},
    )
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["origin"]["label"] == "31000 Toulouse" and body["origin"]["precision"] == "commune"
    ids = {i["id"] for i in body["items"]}
    assert "hs-rea" in ids and all(i["id"].startswith(("hs-rea", "icu-310783055")) for i in body["items"])
    facet = {f["code"]: f["count"] for f in body["facets"]["activity"]}
    assert facet["127"] >= 1  # multi-select: the selected value and its siblings keep counts


@pytest.mark.parametrize(
    ("params", "param"),
    [
        ({"lat": 100, "lon": 2}, "lat"),
        ({"lat": 43, "lon": 2, "radius_km": 0}, "radius_km"),
        ({"lat": 43, "lon": 2, "radius_km": 1001}, "radius_km"),
        ({"lat": 43, "lon": 2, "size": 101}, "size"),
        ({"lat": 43, "lon": 2, "activity": "nope"}, "activity"),
        ({"lat": 43, "lon": 2, "profile": "nope"}, "profile"),
        ({"lat": 43, "lon": 2, "cursor": "garbage"}, "cursor"),
        ({"near": "Toulouse", "lat": 43, "lon": 2}, "near"),
        ({"lat": 43}, "lon"),
        ({"sort": "distance"}, "sort"),
        ({"near": "Nulle-Part-Sur-Rien"}, "near"),
        ({"lat": "north", "lon": 2}, "lat"),
        ({"lat": 43, "lon": 2, "age": -1}, "age"),
    ],
)
def test_bad_parameters_answer_422_naming_them(stack: dict[str, Any], params: dict[str, Any], param: str) -> None:
    r = stack["api"].get("/v1/search", params=params)
    assert r.status_code == 422, r.text
    assert any(param in d["loc"] for d in r.json()["detail"]), r.json()


def test_beds_filter_needs_a_professional_key(stack: dict[str, Any]) -> None:
    r = stack["api"].get("/v1/search", params={**TOULOUSE, "beds_min": 1})
    assert r.status_code == 403 and r.json()["detail"][0]["loc"][-1] == "beds_min"


def test_opensearch_down_answers_503(settings: Settings, closed_port: int) -> None:
    broken = settings.model_copy(update={"opensearch_url": f"http://127.0.0.1:{closed_port}"})
    with TestClient(create_app(broken)) as api:
        r = api.get("/v1/search", params=TOULOUSE)
    assert r.status_code == 503 and "OpenSearch" in r.json()["detail"]


def test_paging_returns_each_offer_once(stack: dict[str, Any]) -> None:
    seen: list[str] = []
    cursor = None
    total = None
    for _ in range(50):
        params: dict[str, Any] = {**TOULOUSE, "radius_km": 1000, "size": 7}
        if cursor:
            params["cursor"] = cursor
        body = stack["api"].get("/v1/search", params=params).json()
        total = body["total"] if total is None else total
        seen += [i["id"] for i in body["items"]]
        cursor = body["next_cursor"]
        if not cursor:
            break
    assert total is not None and total > 7 * 3
    assert len(seen) == len(set(seen)) == total


# --- keys, availability -------------------------------------------------------------------------


def free_beds(stack: dict[str, Any], offer_id: str) -> Any:
    r = stack["api"].get(f"/v1/offers/{offer_id}", headers=auth(stack, "professional"))
    return r.json()["availability"]["free_beds"]


def test_referent_updates_and_search_sees_it_within_1_5_s(stack: dict[str, Any]) -> None:
    api = stack["api"]
    r = api.put("/v1/offers/icu-310783055-0/availability", json={"beds": {"01": 4}}, headers=auth(stack, "referent"))
    assert r.status_code == 200, r.text
    written = time.monotonic()
    found = False
    while time.monotonic() - written < 1.5:
        s = api.get(
            "/v1/search",
            headers=auth(stack, "professional"),
            params={**TOULOUSE, "radius_km": 20, "beds_min": 4, "activity": "127"},
        ).json()
        if "icu-310783055-0" in {i["id"] for i in s["items"]}:
            found = True
            break
        time.sleep(0.05)
    assert found, "the figure was not searchable within 1.5 s"
    item = next(i for i in s["items"] if i["id"] == "icu-310783055-0")
    assert item["availability"]["free_beds"] == 4 and item["availability"]["stale"] is False
    assert item["capacity"] == [
        {
            "type": "01",
            "label": "Lit",
            "installed": 10,
            "free": 4,
            "updated_at": item["capacity"][0]["updated_at"],
            "stale": False,
        }
    ]


def test_write_rules(stack: dict[str, Any], engine: Engine) -> None:
    api = stack["api"]
    with engine.connect() as conn:
        before = conn.execute(text("select count(*) from availability_history")).scalar_one()
    other_site = api.put(
        "/v1/offers/icu-750100125-0/availability", json={"beds": {"01": 1}}, headers=auth(stack, "referent")
    )
    assert other_site.status_code == 403
    assert api.put("/v1/offers/icu-750100125-0/availability", json={"beds": {"01": 1}}).status_code == 401
    future = (datetime.now(UTC) + timedelta(hours=2)).isoformat()
    old = (datetime.now(UTC) - timedelta(days=8)).isoformat()
    for body, field in [
        ({"beds": {"01": -1}}, "01"),
        ({"beds": {"01": 1.5}}, "01"),
        ({"beds": {"01": "3"}}, "01"),
        ({"beds": {"99": 1}}, "99"),
        ({"beds": {"01": 11}}, "01"),  # more than the 10 installed, no surge
        ({"beds": {"01": 1}, "observed_at": future}, "observed_at"),
        ({"beds": {"01": 1}, "observed_at": old}, "observed_at"),
        ({"beds": {"01": 1}, "observed_at": "yesterday"}, "observed_at"),
        ({"beds": {}}, "beds"),
    ]:
        r = api.put("/v1/offers/icu-310783055-1/availability", json=body, headers=auth(stack, "referent"))
        assert r.status_code == 422, (body, r.text)
        assert any(field in [str(x) for x in d["loc"]] for d in r.json()["detail"]), (body, r.json())
    surge = api.put(
        "/v1/offers/icu-310783055-1/availability",
        json={"beds": {"lit": 12}, "surge": True},
        headers=auth(stack, "admin"),
    )
    assert surge.status_code == 200
    with engine.connect() as conn:
        after = conn.execute(text("select count(*) from availability_history")).scalar_one()
    assert after == before + 1  # only the surge figure was recorded


def test_revoked_key_is_refused(stack: dict[str, Any], engine: Engine) -> None:
    key, record = create_key(engine, "professional", [], "to revoke")
    api = stack["api"]
    assert api.get("/v1/availability/summary", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    revoke_key(engine, str(record.id))
    time.sleep(5.1)  # the key cache holds a lookup for 5 s
    assert api.get("/v1/availability/summary", headers={"Authorization": f"Bearer {key}"}).status_code == 401
    assert api.get("/v1/availability/summary", headers={"Authorization": "Bearer ror_unknown"}).status_code == 401
    assert api.get("/v1/availability/summary").status_code == 401


def test_fifty_concurrent_updates_all_land(stack: dict[str, Any], engine: Engine) -> None:
    with engine.connect() as conn:
        offers = [
            r[0]
            for r in conn.execute(
                text("select offer_id from offer where offer_id like 'icu-%' order by offer_id limit 50")
            )
        ]
        before = conn.execute(text("select count(*) from availability_history")).scalar_one()
    assert len(offers) == 50
    api = stack["api"]
    headers = auth(stack, "admin")

    def put(i_offer: tuple[int, str]) -> int:
        i, offer = i_offer
        return int(
            api.put(f"/v1/offers/{offer}/availability", json={"beds": {"01": i % 10}}, headers=headers).status_code
        )

    with concurrent.futures.ThreadPoolExecutor(max_workers=10) as pool:
        codes = list(pool.map(put, enumerate(offers)))
    assert codes == [200] * 50
    with engine.connect() as conn:
        after = conn.execute(text("select count(*) from availability_history")).scalar_one()
    current = pairs(
        engine,
        "select o.offer_id, a.free from availability_current a join offer o on o.id = a.offer_id "
        "where o.offer_id = any(:ids)",
        {"ids": offers},
    )
    assert after == before + 50
    assert current == {offer: i % 10 for i, offer in enumerate(offers)}
    time.sleep(1.5)
    assert [free_beds(stack, o) for o in offers[:5]] == [i % 10 for i in range(5)]


def test_summary_equals_the_directory(stack: dict[str, Any], engine: Engine) -> None:
    time.sleep(1.2)
    r = stack["api"].get(
        "/v1/availability/summary",
        params={"group_by": "region", "activity": "127"},
        headers=auth(stack, "professional"),
    )
    assert r.status_code == 200, r.text
    body = r.json()
    expected = pairs(
        engine,
        "select s.region, coalesce(sum(a.free), 0) from offer o join site s on s.id = o.site_id "
        "left join availability_current a on a.offer_id = o.id and a.bed_type = '01' "
        "where '127' = any(o.activities) group by s.region",
    )
    installed = pairs(
        engine,
        "select s.region, coalesce(sum(c.installed), 0) from offer o join site s on s.id = o.site_id "
        "left join capacity c on c.offer_id = o.id and c.type_code = '01' "
        "where '127' = any(o.activities) group by s.region",
    )
    got = {g["code"]: g for g in body["groups"]}
    assert {k: v["free"] for k, v in got.items()} == {k: int(v) for k, v in expected.items() if k}
    assert {k: v["installed"] for k, v in got.items()} == {k: int(v) for k, v in installed.items() if k}
    assert body["total"]["free"] == sum(int(v) for v in expected.values())


def test_history(stack: dict[str, Any]) -> None:
    r = stack["api"].get("/v1/offers/icu-310783055-0/availability/history", headers=auth(stack, "professional"))
    assert r.status_code == 200 and r.json()["items"] and r.json()["items"][0]["free"] == 4
    assert stack["api"].get("/v1/offers/icu-310783055-0/availability/history").status_code == 401


# --- restricted data never reaches anonymous callers ---------------------------------------------


def test_anonymous_never_receives_restricted_fields(stack: dict[str, Any]) -> None:
    api = stack["api"]
    examples = {
        "offer_id": "hs-rea",
        "finess": "310783055",
        "name": "activity",
    }
    queries: dict[str, list[dict[str, Any]]] = {
        "/v1/search": [
            {**TOULOUSE, "radius_km": 1000, "explain": "true"},
            {"near": "Toulouse", "profile": "emergency"},
            {"q": "réanimation"},
            {**TOULOUSE, "profile": "nursing_home", "radius_km": 500},
        ],
        "/v1/geocode": [{"q": "Toulouse"}],
    }
    restricted_values = {"05 61 32 00 01"}  # a direct line of the fixture
    schema = api.get("/openapi.json").json()
    checked = 0
    for path, methods in schema["paths"].items():
        if "get" not in methods:
            continue
        url = path
        for name, value in examples.items():
            url = url.replace("{" + name + "}", value)
        for params in queries.get(path, [{}]):
            r = api.get(url, params=params)
            if r.headers.get("content-type", "").startswith("application/json"):
                body = r.json()
                keys = {k for k, _ in walk(body)}
                assert not (keys & RESTRICTED_KEYS), (path, params, keys & RESTRICTED_KEYS)
                assert not {v for _, v in walk(body) if isinstance(v, str)} & restricted_values, (path, params)
            checked += 1
    assert checked >= 8
    # A professional does receive them.
    pro = api.get("/v1/offers/hs-rea", headers=auth(stack, "professional")).json()
    assert pro["availability"]["free_beds"] == 2 and pro["restricted_contacts"][0]["value"] == "05 61 32 00 01"
