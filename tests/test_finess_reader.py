"""FINESS reader: projections to WGS84 within 1 m, encodings, and every bad line reported."""

from __future__ import annotations

from pathlib import Path

import pytest
from geopy.distance import geodesic

from indexer.records import Reject, Site
from indexer.sources import UnreadableFile
from indexer.sources.finess import insee_code, read_finess, write_finess_lines
from tests.finess_fixture import finess_text, geo_row, site_crs, structure_row
from tests.sites import load_sample_sites

SITES = load_sample_sites()


def read_all(path: Path) -> tuple[list[Site], list[Reject]]:
    sites: list[Site] = []
    rejects: list[Reject] = []
    for item in read_finess(path, region="76"):
        (rejects if isinstance(item, Reject) else sites).append(item)  # type: ignore[arg-type]
    return sites, rejects


@pytest.mark.parametrize("new_format", [True, False], ids=["projection-named", "projection-by-department"])
def test_every_crs_lands_within_one_metre(tmp_path: Path, new_format: bool) -> None:
    crs_seen = {site_crs(s) for s in SITES}
    assert {2154, 5490, 2972, 2975, 4467, 4471} <= crs_seen  # every projection FINESS uses
    path = tmp_path / "finess.csv"
    path.write_text(finess_text(SITES, new_format), encoding="utf-8")
    sites, rejects = read_all(path)
    assert rejects == []
    by_finess = {s.finess: s for s in sites}
    assert len(by_finess) == len(SITES)
    for real in SITES:
        got = by_finess[real.finess_et]
        assert got.location is not None
        assert got.location.source_crs == site_crs(real)
        error_m = geodesic((real.lat, real.lon), (got.location.lat, got.location.lon)).m
        assert error_m < 1.0, (real.name, got.location.source_crs, error_m)
        assert got.provenance.region == "76"
        assert got.provenance.line is not None


def test_lambert93_from_a_real_finess_record(tmp_path: Path) -> None:
    """The one sample row its source gives in Lambert-93 lands on the WGS84 point given beside it."""
    raw = next(s for s in SITES if s.finess_et == "010780195")
    path = tmp_path / "finess.csv"
    path.write_text(
        write_finess_lines(
            [
                structure_row(raw),
                geo_row(
                    raw,
                    coordxet="873766.07",
                    coordyet="6570414.61",
                    sourcecoordet="1,ATLASANTE,100,IGN,BD_ADRESSE,V2.2,LAMBERT_93",
                ),
            ]
        ),
        encoding="utf-8",
    )
    (site,), rejects = read_all(path)
    assert rejects == []
    assert site.location is not None
    assert geodesic((raw.lat, raw.lon), (site.location.lat, site.location.lon)).m < 1.0


def test_fields_are_mapped(tmp_path: Path) -> None:
    toulouse = next(s for s in SITES if s.finess_et == "310783055")
    path = tmp_path / "finess.csv"
    path.write_text(finess_text([toulouse]), encoding="utf-8")
    (site,), _ = read_all(path)
    assert site.name == "HOPITAL DE RANGUEIL CHU TOULOUSE"
    assert site.category == "355"
    assert site.address.postal_code == "31059"
    assert site.address.city == "TOULOUSE"
    assert site.address.department == "31"
    assert site.address.insee_code == "31001"
    assert site.address.line == "1 R DE L'HOPITAL"
    assert site.contacts[0].kind == "phone" and not site.contacts[0].restricted
    assert site.provenance.source_updated_at is not None


def test_insee_codes_overseas_and_corsica() -> None:
    assert insee_code("9A", "105") == "97105"
    assert insee_code("9F", "611") == "97611"
    assert insee_code("2A", "004") == "2A004"
    assert insee_code("31", "55") is None


def test_latin1_file(tmp_path: Path) -> None:
    real = SITES[0]
    path = tmp_path / "finess-latin1.csv"
    text = write_finess_lines([structure_row(real, rslongue="CENTRE HOSPITALIER FLEYRIAT - SITE ÉLÉONORE")])
    path.write_bytes(text.encode("iso-8859-1"))
    (site,), rejects = read_all(path)
    assert rejects == []
    assert site.name == "CENTRE HOSPITALIER FLEYRIAT - SITE ÉLÉONORE"
    assert site.location is None


def test_corrupted_file_loads_good_lines_and_reports_each_bad_one(tmp_path: Path) -> None:
    good = SITES[:6]
    lines = [
        "finess;etalab;95;2024-01-10\n",
        write_finess_lines([structure_row(good[0], libdepartement="AIN — Rhône-Alpes")]),
        *[write_finess_lines([structure_row(s)]) for s in good[1:]],
        "structureet;999999999;short row\n",  # line 8: short row
        write_finess_lines([structure_row(SITES[10], nofinesset="12345")]),  # line 9: bad FINESS number
        *[write_finess_lines([geo_row(s)]) for s in good[:4]],  # lines 10-13
        write_finess_lines([geo_row(good[4], coordxet="abc")]),  # line 14: non-numeric x
        write_finess_lines([geo_row(good[5], coordyet="")]),  # line 15: empty y
        write_finess_lines([geo_row(SITES[20])]),  # line 16: geolocation of an unknown site
    ]
    data = "".join(lines).encode("utf-8")
    # line 17: a stray ISO-8859-1 line in a UTF-8 file
    data += write_finess_lines([structure_row(SITES[11], rslongue="HÔPITAL")]).encode("iso-8859-1")
    path = tmp_path / "corrupted.csv"
    path.write_bytes(data)

    sites, rejects = read_all(path)
    assert sorted(s.finess or "" for s in sites) == sorted(s.finess_et for s in good)
    located = {s.finess for s in sites if s.location is not None}
    assert located == {s.finess_et for s in good[:4]}
    by_line = {r.line or 0: r for r in rejects}
    assert sorted(by_line) == [8, 9, 14, 15, 16, 17]
    assert "fields" in by_line[8].reason
    assert by_line[9].field == "finess"
    assert by_line[14].field == "coordxet" and "not a number" in by_line[14].reason
    assert by_line[15].field == "coordyet"
    assert by_line[16].record_id == SITES[20].finess_et
    assert "stray encoding" in by_line[17].reason


def test_unreadable_files_fail_clearly(tmp_path: Path) -> None:
    with pytest.raises(UnreadableFile, match="No such file"):
        list(read_finess(tmp_path / "missing.csv"))
    other = tmp_path / "other.csv"
    other.write_text("id,name\n1,foo\n", encoding="utf-8")
    with pytest.raises(UnreadableFile, match="structureet"):
        list(read_finess(other))
