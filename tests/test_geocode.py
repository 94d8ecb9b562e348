"""Offline geocoding on the shipped gazetteer: every form a user types, ambiguity, unknown places."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from geopy.distance import geodesic

from app.core.config import Settings
from app.geocode.gazetteer import PlaceNotFound, gazetteer
from app.main import create_app


@pytest.mark.parametrize(
    ("typed", "label", "precision", "near"),
    [
        ("31000 TOULOUSE", "31000 Toulouse", "commune", (43.6045, 1.444)),
        ("toulouse", "31000 Toulouse", "commune", (43.6045, 1.444)),
        ("75015", "75015 Paris 15e", "postal_code", (48.8417, 2.2937)),
        ("Paris 15e", "75015 Paris 15e", "arrondissement", (48.8417, 2.2937)),
        ("paris 15", "75015 Paris 15e", "arrondissement", (48.8417, 2.2937)),
        ("Lyon 3e arrondissement", "69003 Lyon 3e", "arrondissement", (45.7514, 4.8685)),
        ("Marseille 1er", "13001 Marseille 1er", "arrondissement", (43.3002, 5.3828)),
        ("st etienne", "42000 Saint-Étienne", "commune", (45.434, 4.39)),
        ("Saint-Étienne", "42000 Saint-Étienne", "commune", (45.434, 4.39)),
        ("Saint-Denis (974)", "97400 Saint-Denis", "commune", (-20.94, 55.44)),  # centroid of a 142 km² commune
        ("Saint-Denis (93)", "93200 Saint-Denis", "commune", (48.936, 2.357)),
        ("31", "Haute-Garonne (31)", "department", (43.4, 1.3)),
        ("Haute-Garonne", "Haute-Garonne (31)", "department", (43.4, 1.3)),
        ("2A", "Corse-du-Sud (2A)", "department", (41.9, 8.8)),
        ("43.60,1.44", "43.6, 1.44", "coordinates", (43.60, 1.44)),
        ("43.60 1.44", "43.6, 1.44", "coordinates", (43.60, 1.44)),
        ("31059 TOULOUSE CEDEX 9", "31000 Toulouse", "commune", (43.6045, 1.444)),
    ],
)
def test_typed_places(typed: str, label: str, precision: str, near: tuple[float, float]) -> None:
    resolution = gazetteer().resolve(typed)
    assert resolution.place.label == label
    assert resolution.precision == precision
    tolerance_km = 60 if precision == "department" else 3
    assert geodesic(near, (resolution.place.lat, resolution.place.lon)).km < tolerance_km


def test_homonyms_come_back_as_alternatives() -> None:
    resolution = gazetteer().resolve("Saint-Denis")
    assert resolution.place.department in ("93", "974")  # the most populous first
    assert {p.department for p in resolution.alternatives} >= ({"93", "974"} - {resolution.place.department})


def test_unknown_place_suggests_the_closest() -> None:
    with pytest.raises(PlaceNotFound) as err:
        gazetteer().resolve("Toulousse")
    assert "31000 Toulouse" in err.value.suggestions


def test_suggestions_while_typing() -> None:
    assert [p.label for p in gazetteer().complete("toul", 3)] == ["31000 Toulouse", "83000 Toulon", "54200 Toul"]
    assert gazetteer().complete("750", 1)[0].label.startswith("750")


def test_every_department_has_a_point() -> None:
    g = gazetteer()
    assert len(g.departments) >= 100
    located = sum(1 for p in g.places if p.located)
    assert located / len(g.places) > 0.85


def test_geocode_api(settings: Settings) -> None:
    with TestClient(create_app(settings)) as api:
        ok = api.get("/v1/geocode", params={"q": "Saint-Denis (974)"})
        assert ok.status_code == 200 and ok.json()["precision"] == "commune" and ok.json()["department"] == "974"
        bad = api.get("/v1/geocode", params={"q": "Nulle-Part-Sur-Rien"})
        assert bad.status_code == 422
        detail = bad.json()["detail"][0]
        assert detail["loc"] == ["query", "q"] and "Nulle" in detail["msg"]
        assert (
            api.get("/v1/geocode/suggest", params={"q": "st eti"}).json()["items"][0]["label"] == "42000 Saint-Étienne"
        )
