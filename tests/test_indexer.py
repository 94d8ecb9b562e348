"""Indexer against the real OpenSearch and PostGIS: mapping, documents, rebuild with alias swap under load,
incremental update, refused documents, drift check."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from opensearchpy import OpenSearch
from sqlalchemy import Engine, text

from app.core.config import Settings
from indexer import lifecycle
from indexer.bulk import bulk_load
from indexer.directory import document_count
from indexer.search_client import create_sync_client
from tests.fixture_directory import load_fixture_directory, rebuild_fresh


@pytest.fixture
def client(settings: Settings) -> Iterator[OpenSearch]:
    c = create_sync_client(settings)
    yield c
    c.close()


@pytest.fixture
def indexed(engine: Engine, client: OpenSearch, settings: Settings, tmp_path: Path) -> Iterator[str]:
    load_fixture_directory(engine, tmp_path)
    with engine.begin() as conn:
        conn.execute(text("delete from index_sync"))
    yield rebuild_fresh(engine, settings).index


def test_mapping_is_applied_as_written(client: OpenSearch, indexed: str) -> None:
    mapping = client.indices.get_mapping(index=indexed)[indexed]["mappings"]
    props = mapping["properties"]
    assert props["location"]["type"] == "geo_point"
    assert props["activities"] == {"type": "keyword", "eager_global_ordinals": True}
    assert props["name"]["fields"]["suggest"]["analyzer"] == "autocomplete"
    assert mapping["_meta"]["mapping_version"] == 1
    settings = client.indices.get_settings(index=indexed)[indexed]["settings"]["index"]
    assert settings["refresh_interval"] == "1s"
    assert (settings["number_of_shards"], settings["number_of_replicas"]) == ("1", "0")
    tokens = client.indices.analyze(index=indexed, body={"analyzer": "french_folded", "text": "L'Hôpital des Enfants"})
    assert [t["token"] for t in tokens["tokens"]] == ["hopital", "enfant"]
    synonyms = client.indices.analyze(index=indexed, body={"analyzer": "french_search", "text": "IRM"})
    assert {"irm", "imag", "resonanc"} <= {t["token"] for t in synonyms["tokens"]}  # stemmed synonyms


def test_documents_hold_what_the_directory_holds(client: OpenSearch, indexed: str, settings: Settings) -> None:
    rea = client.get(index=settings.index, id="hs-rea")["_source"]
    assert rea["site"]["finess"] == "310783055" and rea["site"]["category"] == "101"
    assert rea["address"]["department"] == "31" and rea["address"]["region"] == "76"
    assert rea["location"] == {"lat": 43.55862, "lon": 1.45377}
    assert rea["activities"] == ["127"] and rea["equipment"] == ["231"]
    assert rea["capacity"]["beds"] == 24 and rea["restricted"]["free_beds"] == 2
    assert rea["restricted"]["contacts"][0]["value"] == "05 61 32 00 01"
    assert rea["contacts"][0]["value"] == "0500000000"  # the site's public switchboard (FINESS)
    assert rea["labels"]["activities"]["127"] == "Réanimation polyvalente"
    home = client.get(index=settings.index, id="hs-hp")["_source"]
    assert home["accommodation"] == ["02"] and home["social_aid"] is True
    assert home["price_per_day"] == 62.0 and home["price_per_month"] == pytest.approx(62.0 * 30.42)
    assert home["synthetic"] is True
    # A site known only from FINESS is one document describing the site itself.
    site = client.get(index=settings.index, id="site:750100125")["_source"]
    assert site["kind"] == "site" and site["site"]["category"] == "355" and site["location"] is not None


def test_count_matches_the_directory(client: OpenSearch, engine: Engine, settings: Settings, indexed: str) -> None:
    # 29 real sites: 3 with one offer each (3 documents), 26 known only from FINESS (one document each)
    assert client.count(index=settings.index)["count"] == document_count(engine) == 3 + 26


def test_rebuild_under_search_load_swaps_without_failures(
    client: OpenSearch, engine: Engine, settings: Settings, indexed: str
) -> None:
    with engine.begin() as conn:
        conn.execute(
            text(
                "update offer set name = 'Réanimation médico-chirurgicale', updated_at = now() "
                "where offer_id = 'hs-rea'"
            )
        )
    failures: list[str] = []
    names: list[str] = []
    stop = threading.Event()

    def search_loop() -> None:
        c = create_sync_client(settings)
        while not stop.is_set():
            try:
                r = c.search(index=settings.index, body={"query": {"ids": {"values": ["hs-rea"]}}})
                names.extend(h["_source"]["name"] for h in r["hits"]["hits"])
                if r["hits"]["total"]["value"] != 1:
                    failures.append(f"{r['hits']['total']['value']} hits")
            except Exception as exc:
                failures.append(repr(exc))
        c.close()

    thread = threading.Thread(target=search_loop)
    thread.start()
    time.sleep(0.3)
    run = lifecycle.rebuild(engine, client, settings)
    time.sleep(0.3)
    stop.set()
    thread.join()
    assert failures == []
    assert names[0] == "Réanimation polyvalente" and names[-1] == "Réanimation médico-chirurgicale"
    switched = names.index("Réanimation médico-chirurgicale")
    assert set(names[switched:]) == {"Réanimation médico-chirurgicale"}  # no going back after the swap
    assert lifecycle.alias_indices(client, settings.index) == [run.index]
    # One previous index is kept, for rollback.
    assert lifecycle.rollback(client, settings.index) == indexed
    assert client.get(index=settings.index, id="hs-rea")["_source"]["name"] == "Réanimation polyvalente"


def test_incremental_update(client: OpenSearch, engine: Engine, settings: Settings, indexed: str) -> None:
    before = {
        h["_id"]: h["_seq_no"]
        for h in client.search(
            index=settings.index, body={"size": 100, "seq_no_primary_term": True, "query": {"match_all": {}}}
        )["hits"]["hits"]
    }
    with engine.begin() as conn:
        conn.execute(text("update offer set name = 'Rhumatologie', updated_at = now() where offer_id = 'hs-rhumato'"))
        conn.execute(text("delete from offer where offer_id = 'hs-hp'"))
        conn.execute(text("update site set updated_at = now() where finess = '010000024'"))  # now offerless
    run = lifecycle.update(engine, client, settings)
    assert run.failures == []
    assert client.get(index=settings.index, id="hs-rhumato")["_source"]["name"] == "Rhumatologie"
    assert not client.exists(index=settings.index, id="hs-hp")
    assert client.exists(index=settings.index, id="site:010000024")
    after = {
        h["_id"]: h["_seq_no"]
        for h in client.search(
            index=settings.index, body={"size": 100, "seq_no_primary_term": True, "query": {"match_all": {}}}
        )["hits"]["hits"]
    }
    untouched = set(before) - {"hs-rhumato", "hs-hp", "site:010000024"}
    assert untouched and all(after[i] == before[i] for i in untouched)
    assert run.documents == 2 and run.deleted == 1
    assert lifecycle.check(engine, client, settings).ok


def test_bulk_reports_refused_documents(client: OpenSearch, settings: Settings, indexed: str) -> None:
    good = client.get(index=settings.index, id="hs-rea")["_source"]
    bad = {**good, "id": "bad-coords", "location": {"lat": 123.0, "lon": 2.0}}
    other = {**good, "id": "good-copy"}
    report = bulk_load(client, indexed, [bad, other])
    assert report.indexed == 1
    assert [f.id for f in report.failures] == ["bad-coords"]
    assert report.failures[0].status == 400 and "lat" in report.failures[0].reason.lower()
    client.delete(index=indexed, id="good-copy", refresh=True)


def test_check_reports_drift(client: OpenSearch, engine: Engine, settings: Settings, indexed: str) -> None:
    assert lifecycle.check(engine, client, settings).ok
    client.delete(index=indexed, id="hs-rhumato", refresh=True)
    client.index(index=indexed, id="ghost", body={"id": "ghost", "kind": "offer"}, refresh=True)
    client.update(index=indexed, id="hs-rea", body={"doc": {"name": "tampered"}}, refresh=True)
    drift = lifecycle.check(engine, client, settings)
    assert (drift.missing, drift.orphans, drift.different) == (["hs-rhumato"], ["ghost"], ["hs-rea"])
