"""The shipped NOS code systems and their loader."""

from __future__ import annotations

import pytest

from nomenclatures import loader


def test_every_role_loads_with_provenance() -> None:
    for name, tables in loader.available().items():
        system = loader.get(name)
        assert system.id == tables[0]
        assert len(system) >= max(len(loader.get(t)) for t in tables), name
        for table in tables:
            provenance = loader.get(table).provenance
            assert provenance.get("repository", "").startswith("ansforge/"), table
            assert len(provenance.get("commit", "")) == 40, table


def test_value_set_labels_win_and_full_table_adds_codes() -> None:
    category = loader.get("category")
    assert category.label("101") == loader.get("JDV_J55").label("101")  # current ROR label
    assert "138" in loader.get("TRE_R66") and "138" not in loader.get("JDV_J55")
    assert category.label("138") == "Centre de Dialyse Périodique"  # outside the ROR value set


def test_labels_of_real_codes() -> None:
    assert loader.get("category").label("500") == "Etablissement d'hébergement pour personnes âgées dépendantes"
    assert loader.get("activity").label("126") == "Réanimation médicale"
    assert loader.get("equipment").label("231") == "Scanner"
    assert loader.get("profession").label("93") == "Psychologue"
    assert loader.get("TRE_R330").label("02") == "Disponible"


def test_unknown_code_is_an_error() -> None:
    with pytest.raises(loader.UnknownCode, match="'999999'"):
        loader.get("activity").require("999999")
    with pytest.raises(KeyError, match="unknown nomenclature"):
        loader.get("no-such-table")


def test_validity_follows_status_and_end_date() -> None:
    equipment = loader.get("TRE_R212")
    assert equipment.is_valid("231")
    assert not equipment.is_valid("001")  # deprecated in 2018
    assert not equipment.is_valid("nope")


@pytest.mark.parametrize(
    ("system", "typed", "expected"),
    [
        ("profession", "psychologue", "93"),
        ("profession", "PSYCHOLOGUE", "93"),
        ("activity", "reanimation medicale", "126"),
        ("activity", "rhumato", "131"),
        ("equipment", "scanner", "231"),
        ("equipment", "imagerie par resonance", "230"),
        (
            "equipment",
            "irm",
            "054",
        ),  # active labels first: "IRM corps entier" before deprecated "IRM foetale"
        ("category", "hebergement personnes agees dependantes", "500"),
    ],
)
def test_search_by_typed_label(system: str, typed: str, expected: str) -> None:
    hits = loader.get(system).search(typed)
    assert hits and hits[0].code == expected, [h.label for h in hits]


def test_search_reanimation_finds_the_family() -> None:
    hits = loader.get("activity").search("reanimation", limit=50)
    codes = {h.code for h in hits}
    assert {"122", "126", "127", "128", "130"} <= codes
    assert all("reanimation" in loader.fold(h.label) for h in hits)


def test_resolve_code_or_exact_label() -> None:
    activity = loader.get("activity")
    assert activity.resolve("131").code == "131"
    assert activity.resolve("rhumatologie").code == "131"
    with pytest.raises(loader.UnknownCode):
        activity.resolve("rhumato")


def test_flat_tables_have_no_ancestors() -> None:
    assert loader.get("activity").ancestors("126") == []
