"""ROR FHIR reader: Bundle and ndjson, joins across resources, codes, capacities, rejects."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from indexer.demo import fhir_builders as fb
from indexer.records import LegalEntity, Offer, Reject, Site
from indexer.sources import UnreadableFile
from indexer.sources.fhir import read_fhir, sniff

UPDATED = "2026-11-20T10:00:00+01:00"


def resources() -> list[dict[str, Any]]:
    return [
        fb.legal_entity("ej1", "310781406", "CHU DE TOULOUSE", UPDATED, "76", False),
        fb.site(
            "eg1",
            "HOPITAL DE RANGUEIL CHU TOULOUSE",
            UPDATED,
            "76",
            False,
            "101",
            finess="310783055",
            legal_entity_id="ej1",
            address_line="1 AV DU PROFESSEUR JEAN POULHES",
            postal_code="31059",
            city="TOULOUSE",
            insee_code="31555",
            lat=43.55862,
            lon=1.45377,
            telecoms=[fb.Telecom("05 61 32 25 33"), fb.Telecom("05 61 00 00 00", confidentiality="2")],
            social_aid=True,
            prices=[
                fb.Price(70.5, "2", "Tarif journalier", price_type="02", welcome_type="02"),
                fb.Price(90.0, "2", "Tarif journalier", price_type="02", welcome_type="01"),
                fb.Price(21.4, "2", "Tarif journalier", price_type="03", gir="01"),
            ],
        ),
        fb.location(
            "loc1",
            UPDATED,
            "76",
            False,
            43.55862,
            1.45377,
            "31555",
            capacities=[
                fb.CapacityFigure("01", "01", 20, UPDATED),
                fb.CapacityFigure("01", "02", 3, "2026-11-20T08:00:00Z"),
            ],
            equipment=["231", "230"],
        ),
        fb.healthcare_service(
            "hs1",
            "Réanimation médicale",
            UPDATED,
            "76",
            False,
            "eg1",
            "loc1",
            "01",
            activities=["126"],
            care_modes=["28"],
            publics=["07"],
            age_min=18,
            age_max=120,
            stay=["02"],
            telecoms=[fb.Telecom("05 61 77 77 77", confidentiality="2", purpose="02")],
            slots=[fb.Slot(day=d, all_day=True) for d in range(1, 8)],
        ),
        fb.practitioner_role("pr1", UPDATED, "76", False, "hs1", "10", "SM54"),
    ]


def read(path: Path) -> tuple[list[LegalEntity], list[Site], list[Offer], list[Reject]]:
    out: dict[type, list[Any]] = {LegalEntity: [], Site: [], Offer: [], Reject: []}
    for item in read_fhir(path, region=None):
        out[type(item)].append(item)
    return out[LegalEntity], out[Site], out[Offer], out[Reject]


@pytest.mark.parametrize("form", ["ndjson", "bundle"])
def test_reads_and_joins_the_resources(tmp_path: Path, form: str) -> None:
    path = tmp_path / f"ror.{form}"
    if form == "ndjson":
        path.write_text("\n".join(json.dumps(r) for r in resources()) + "\n", encoding="utf-8")
    else:
        bundle = {"resourceType": "Bundle", "type": "collection", "entry": [{"resource": r} for r in resources()]}
        path.write_text(json.dumps(bundle), encoding="utf-8")
    entities, sites, offers, rejects = read(path)
    assert rejects == []
    assert [(e.finess, e.name) for e in entities] == [("310781406", "CHU DE TOULOUSE")]
    (site,) = sites
    assert (site.finess, site.legal_entity_finess, site.category) == ("310783055", "310781406", "101")
    assert site.address.insee_code == "31555" and site.address.postal_code == "31059"
    assert site.location is not None and site.location.lat == pytest.approx(43.55862)
    assert [(c.value, c.restricted) for c in site.contacts] == [("05 61 32 25 33", False), ("05 61 00 00 00", True)]
    assert site.provenance.region == "76" and site.provenance.source_updated_at is not None
    (offer,) = offers
    assert offer.site_key == "310783055"
    assert offer.activities == ("126",) and offer.care_modes == ("28",) and offer.publics == ("07",)
    assert (offer.age_min, offer.age_max) == (18, 120)
    assert offer.accommodation == ("02",)
    assert set(offer.equipment) == {"231", "230"}
    assert offer.professions == ("10",) and offer.specialties == ("SM54",)
    assert [(c.type_code, c.installed) for c in offer.capacities] == [("01", 20)]
    assert [(a.bed_type, a.free) for a in offer.availability] == [("01", 3)]
    assert offer.prices is not None and offer.prices.per_day == 70.5  # the permanent-stay price, not 90
    assert offer.prices.per_month == pytest.approx(70.5 * 30.42)
    assert offer.prices.gir_per_day == {"01": 21.4}
    assert offer.social_aid is True
    assert offer.opening_hours is not None and offer.opening_hours.always_open
    assert [(c.kind, c.value, c.restricted) for c in offer.contacts] == [("phone", "05 61 77 77 77", True)]


def test_bad_resources_are_rejected_with_their_line(tmp_path: Path) -> None:
    lines = [json.dumps(r) for r in resources()]
    orphan = fb.healthcare_service("hs2", "Orpheline", UPDATED, "76", False, "nowhere", None, "01", ["131"], ["32"])
    lines.append(json.dumps(orphan))  # line 6: provider unknown
    lines.append("{not json")  # line 7
    lines.append(json.dumps({"resourceType": "Patient", "id": "p1"}))  # line 8
    lines.append(json.dumps({"resourceType": "Location", "id": "bad", "position": {"latitude": 123, "longitude": 2}}))
    path = tmp_path / "bad.ndjson"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    _, sites, offers, rejects = read(path)
    assert len(sites) == 1 and len(offers) == 1
    by_line = {r.line: r for r in rejects}
    assert sorted(line or 0 for line in by_line) == [6, 7, 8, 9]
    assert by_line[6].field == "providedBy" and by_line[6].record_id == "hs2"
    assert "invalid JSON" in by_line[7].reason
    assert by_line[8].field == "resourceType"
    assert by_line[9].record_id == "bad"


def test_unreadable_files(tmp_path: Path) -> None:
    csv = tmp_path / "x.csv"
    csv.write_text("a;b\n1;2\n", encoding="utf-8")
    with pytest.raises(UnreadableFile):
        sniff(csv)
    with pytest.raises(UnreadableFile):
        sniff(tmp_path / "missing.json")
