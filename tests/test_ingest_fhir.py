"""The official ROR FHIR examples (converted from FSH) load into the directory with what the search needs;
FHIR and FINESS records of the same site consolidate field by field."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, text

from indexer.run import READERS, run_ingest
from tests.directory import count, reset_directory, site_row
from tests.finess_fixture import finess_text
from tests.fsh import load_fsh_file
from tests.sites import load_sample_sites

EXAMPLES = Path(__file__).parent / "data" / "ror-fhir-examples"
# The converter warns where the examples themselves are loose (see tests/fsh.py); expected here.
pytestmark = pytest.mark.filterwarnings("ignore::tests.fsh.FshWarning")


@pytest.fixture(autouse=True)
def clean(engine: Engine) -> Iterator[None]:
    reset_directory(engine)
    yield


def examples() -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for path in sorted(EXAMPLES.glob("*.fsh")):
        for resource in load_fsh_file(path):
            out[f"{resource['resourceType']}/{resource['id']}"] = resource
    return out


def linked_examples() -> list[dict[str, Any]]:
    """The examples point at ids outside the guide (Organization/5958, Location/5253…): link them to each other."""
    res = examples()
    ej = res["Organization/ror-organization-exemple-ej"]
    eg = res["Organization/ror-organisation-exemple-eg"]
    eg["partOf"] = {"reference": f"Organization/{ej['id']}"}
    location = res["Location/ror-location-exemple-1"]
    for key, resource in res.items():
        if key.startswith("HealthcareService/"):
            resource["providedBy"] = {"reference": f"Organization/{eg['id']}"}
            resource["location"] = [{"reference": f"Location/{location['id']}"}]
        if key.startswith("PractitionerRole/"):
            resource["healthcareService"] = [{"reference": "HealthcareService/ror-healthcareservice-exemple-ville"}]
    return list(res.values())


def ingest(engine: Engine, tmp_path: Path, source: str, path: Path) -> Any:
    reader, sniff = READERS[source]
    return run_ingest(engine, source, [path], reader, sniff, None, tmp_path / "rejects", progress=False)


def test_every_example_converts() -> None:
    res = examples()
    kinds = sorted({k.split("/")[0] for k in res})
    assert kinds == ["HealthcareService", "Location", "Organization", "Practitioner", "PractitionerRole"]


def test_official_examples_load_with_what_the_search_needs(engine: Engine, tmp_path: Path) -> None:
    path = tmp_path / "examples.ndjson"
    path.write_text("\n".join(json.dumps(r) for r in linked_examples()) + "\n", encoding="utf-8")
    report = ingest(engine, tmp_path, "fhir", path)
    # Practitioner resources are not read by the search: each is reported, nothing else is rejected.
    assert {r.field for r in report.rejects} <= {"resourceType"}, report.rejects
    assert report.loaded >= 4  # legal entity, site, offers
    eg = site_row(engine, "458174839")
    assert eg["name"] == "Quiétude BOIS COLOMBES"
    assert eg["category"] == "460"
    assert (eg["postal_code"], eg["city"]) == ("92270", "BOIS-COLOMBES")
    # No coordinates on the EG: position and commune come together from the place of its first offer (the
    # guide's examples are not coherent with each other: that place is in Orléans).
    assert eg["lat"] == pytest.approx(47.834781) and eg["lon"] == pytest.approx(1.92204)
    assert (eg["insee_code"], eg["department"], eg["region"]) == ("45234", "45", "24")
    with engine.connect() as conn:
        offers = {r["offer_id"]: dict(r) for r in conn.execute(text("select * from offer")).mappings()}
        capacities = conn.execute(text("select type_code, installed from capacity order by 1")).all()
        free = conn.execute(text("select bed_type, free from availability_current order by 1")).all()
        contacts = conn.execute(text("select value, restricted from contact where offer_id is not null")).all()
    ville = offers["ror-healthcareservice-exemple-ville"]
    assert ville["activities"] == ["437"] and ville["care_modes"] == ["32"]
    assert (ville["age_min"], ville["age_max"]) == (0, 120)
    assert ville["professions"] == ["60"]  # from the PractitionerRole example (TRE_G15 Infirmier)
    assert len(ville["opening_hours"]["weekly"]) == 6
    assert ("01.01.01.01.01", False) in contacts
    neuro = offers["ror-healthcareservice-exemple"]
    assert neuro["activities"] == ["183"] and neuro["care_modes"] == ["28"]
    assert (neuro["age_min"], neuro["age_max"]) == (18, 90)
    assert capacities and all(n >= 0 for _, n in capacities)
    assert free and free[0][0] == "01"
    assert count(engine, "legal_entity") == 1


def test_fhir_and_finess_merge_field_by_field(engine: Engine, tmp_path: Path) -> None:
    """A newer ROR record without an address keeps the FINESS address and takes the ROR name."""
    rangueil = next(s for s in load_sample_sites() if s.finess_et == "310783055")
    finess_path = tmp_path / "finess.csv"
    finess_path.write_text(finess_text([rangueil]), encoding="utf-8")
    ingest(engine, tmp_path, "finess", finess_path)
    ror = {
        "resourceType": "Organization",
        "id": "eg",
        "meta": {"lastUpdated": "2026-11-20T10:00:00+01:00"},
        "identifier": [{"system": "https://finess.esante.gouv.fr", "value": "310783055"}],
        "type": [{"coding": [{"system": "https://mos.esante.gouv.fr/NOS/TRE_R66", "code": "101"}]}],
        "name": "CHU TOULOUSE - HOPITAL RANGUEIL",
    }
    fhir_path = tmp_path / "ror.ndjson"
    fhir_path.write_text(json.dumps(ror) + "\n", encoding="utf-8")
    report = ingest(engine, tmp_path, "fhir", fhir_path)
    assert report.updated == 1
    row = site_row(engine, "310783055")
    assert row["name"] == "CHU TOULOUSE - HOPITAL RANGUEIL" and row["category"] == "101"
    assert (row["postal_code"], row["department"], row["region"]) == ("31059", "31", "76")
    assert row["lat"] == pytest.approx(rangueil.lat, abs=1e-5)
    assert sorted(e["source"] for e in row["provenance"]) == ["fhir", "finess"]
