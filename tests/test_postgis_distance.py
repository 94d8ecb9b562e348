"""Real PostGIS: ST_Distance on geography agrees with geopy's geodesic distance."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic
from sqlalchemy import Engine, text

from tests.sites import load_sample_sites

# Pairs of real sites by FINESS ET, from a few km apart to mainland ↔ overseas.
PAIRS = [
    ("750100125", "750100208"),  # Pitié-Salpêtrière ↔ Necker, Paris
    ("690783154", "690784137"),  # Édouard Herriot ↔ Lyon Sud
    ("310783055", "130783293"),  # Rangueil, Toulouse ↔ La Timone, Marseille
    ("590811279", "670000025"),  # Lille ↔ Strasbourg
    ("750100125", "970211249"),  # Paris ↔ Fort-de-France, Martinique
    ("140000209", "970400057"),  # Caen ↔ Saint-Pierre, La Réunion
]


def test_postgis_extension_is_version_3(engine: Engine) -> None:
    with engine.connect() as conn:
        version = conn.execute(text("select postgis_lib_version()")).scalar_one()
    assert version.startswith("3.")


@pytest.mark.parametrize(("finess_a", "finess_b"), PAIRS)
def test_st_distance_geography_matches_geodesic(engine: Engine, finess_a: str, finess_b: str) -> None:
    sites = {s.finess_et: s for s in load_sample_sites()}
    a, b = sites[finess_a], sites[finess_b]
    with engine.connect() as conn:
        metres = conn.execute(
            text(
                "select ST_Distance("
                "ST_SetSRID(ST_MakePoint(:alon, :alat), 4326)::geography,"
                "ST_SetSRID(ST_MakePoint(:blon, :blat), 4326)::geography)"
            ),
            {"alon": a.lon, "alat": a.lat, "blon": b.lon, "blat": b.lat},
        ).scalar_one()
    oracle = geodesic((a.lat, a.lon), (b.lat, b.lon)).m
    assert metres > 0
    assert metres == pytest.approx(oracle, rel=1e-3), (a.name, b.name)
