"""Directory rows → OpenSearch documents: one flat document per offer, or per site that has no offer.

Pure functions (no I/O): the same row always gives the same document. Everything the search filters
or ranks on is derived here, once: codes with their ancestors and labels, age bounds with their
defaults, monthly prices, capacity totals, the newest availability time. Restricted data (free beds,
restricted contacts) is grouped under ``restricted`` so the API can strip it in one place.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from indexer.records import OFFER_CODED_FIELDS as CODED_FIELDS
from nomenclatures import loader
from nomenclatures.loader import UnknownCode

AGE_MIN_DEFAULT, AGE_MAX_DEFAULT = 0, 130
CAPACITY_FIELDS = {"01": "beds", "02": "places"}  # TRE_R329: lit, place
FREE_FIELDS = {"01": "free_beds", "02": "free_places"}

Row = Mapping[str, Any]
Document = dict[str, Any]


def _label(system: str, code: str | None) -> str | None:
    if code is None:
        return None
    try:
        return loader.get(system).label(code)
    except UnknownCode:
        return None


def with_ancestors(system: str, codes: Iterable[str]) -> list[str]:
    """Codes and, for hierarchical tables, their ancestors: a filter on a parent finds its children."""
    out: dict[str, None] = {}
    table = loader.get(system)
    for code in codes:
        out[code] = None
        if code in table:
            out.update(dict.fromkeys(table.ancestors(code)))
    return list(out)


def _number(value: Any) -> float | None:
    if value is None:
        return None
    return float(value) if isinstance(value, Decimal | int | float) else None


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, datetime) else value


def _site_part(row: Row) -> tuple[Document, Document]:
    site = {
        "key": row["site_key"],
        "finess": row["site_finess"],
        "ror_id": row["site_ror_id"],
        "name": row["site_name"],
        "category": row["site_category"],
        "legal_entity_finess": row["legal_entity_finess"],
        "legal_entity_name": row["legal_entity_name"],
    }
    address = {
        "line": row["address_line"],
        "postal_code": row["postal_code"],
        "city": row["city"],
        "insee_code": row["insee_code"],
        "department": row["department"],
        "region": row["region"],
    }
    return site, address


def _location(row: Row) -> Document | None:
    if row["lat"] is None or row["lon"] is None:
        return None
    return {"lat": round(float(row["lat"]), 7), "lon": round(float(row["lon"]), 7)}


def _contacts(contacts: Iterable[Mapping[str, Any]] | None) -> tuple[list[Document], list[Document]]:
    public: list[Document] = []
    restricted: list[Document] = []
    for c in contacts or ():
        item = {"kind": c["kind"], "value": c["value"], "label": c.get("label")}
        (restricted if c.get("restricted") else public).append(item)
    return public, restricted


def rotation_keys(doc_id: str, n: int = 8) -> dict[str, int]:
    """Fixed pseudo-random keys: a search seed picks one to order equal scores fairly (docs/ranking.md)."""
    return {f"r{i}": zlib.crc32(f"{i}:{doc_id}".encode()) & 0x7FFFFFFF for i in range(n)}


def build_offer_document(row: Row) -> Document:
    """The document of one offer (row from ``indexer.directory.document_rows``)."""
    site, address = _site_part(row)
    coded = {field: list(row[field] or ()) for field in CODED_FIELDS}
    coded["activities"] = with_ancestors("activity", coded["activities"])
    labels: Document = {
        field: {code: _label(system, code) for code in coded[field]} for field, system in CODED_FIELDS.items()
    }
    labels["category"] = (
        {row["site_category"]: _label("category", row["site_category"])} if row["site_category"] else {}
    )
    labels["offer_type"] = {row["offer_type"]: _label("offer_type", row["offer_type"])} if row["offer_type"] else {}
    capacity: Document = {"beds": 0, "places": 0, "total": 0, "detail": {}}
    for c in row["capacities"] or ():
        capacity["detail"][c["type"]] = c["installed"]
        capacity["total"] += c["installed"]
        if c["type"] in CAPACITY_FIELDS:
            capacity[CAPACITY_FIELDS[c["type"]]] += c["installed"]
    restricted: Document = {"availability": {}, "free_beds": None, "free_places": None, "availability_updated_at": None}
    newest: str | None = None
    for a in row["availability"] or ():
        restricted["availability"][a["type"]] = {"free": a["free"], "updated_at": a["observed_at"]}
        if a["type"] in FREE_FIELDS:
            restricted[FREE_FIELDS[a["type"]]] = a["free"]
        newest = max(newest or a["observed_at"], a["observed_at"])
    restricted["availability_updated_at"] = newest
    public_contacts, restricted_contacts = _contacts(row["contacts"])
    restricted["contacts"] = restricted_contacts
    per_day = _number(row["price_per_day"])
    per_month = _number(row["price_per_month"])
    text_labels = [label for group in labels.values() for label in group.values() if label]
    return {
        "id": row["offer_id"],
        "kind": "offer",
        "offer_id": row["offer_id"],
        "name": row["name"],
        "site": site,
        "location": _location(row),
        "address": address,
        "offer_type": row["offer_type"],
        **coded,
        "labels_text": " | ".join(dict.fromkeys(text_labels)),
        "labels": labels,
        "age_min": row["age_min"] if row["age_min"] is not None else AGE_MIN_DEFAULT,
        "age_max": row["age_max"] if row["age_max"] is not None else AGE_MAX_DEFAULT,
        "price_per_day": per_day,
        "price_per_month": per_month,
        "gir_per_day": dict(row["gir_per_day"] or {}),
        "social_aid": row["social_aid"],
        "capacity": capacity,
        "restricted": restricted,
        "contacts": public_contacts,
        "opening_hours": row["opening_hours"],
        "emergency_24_7": bool(row["emergency_24_7"]),
        "rot": rotation_keys(row["offer_id"]),
        "synthetic": bool(row["synthetic"]),
        "source_regions": sorted({p.get("region") for p in row["provenance"] or () if p.get("region")}),
        "updated_at": _iso(row["updated_at"]),
    }


def build_site_document(row: Row) -> Document:
    """The document of a site known only from FINESS (no offer yet): found by category and place."""
    site, address = _site_part(row)
    public_contacts, restricted_contacts = _contacts(row["contacts"])
    category_label = _label("category", row["site_category"])
    return {
        "id": f"site:{row['site_key']}",
        "kind": "site",
        "offer_id": None,
        "name": row["site_name"],
        "site": site,
        "location": _location(row),
        "address": address,
        "offer_type": None,
        **{field: [] for field in CODED_FIELDS},
        "labels_text": category_label or "",
        "labels": {"category": {row["site_category"]: category_label} if row["site_category"] else {}},
        "age_min": AGE_MIN_DEFAULT,
        "age_max": AGE_MAX_DEFAULT,
        "price_per_day": None,
        "price_per_month": None,
        "gir_per_day": {},
        "social_aid": None,
        "capacity": {"beds": 0, "places": 0, "total": 0, "detail": {}},
        "restricted": {
            "availability": {},
            "free_beds": None,
            "free_places": None,
            "availability_updated_at": None,
            "contacts": restricted_contacts,
        },
        "contacts": public_contacts,
        "opening_hours": None,
        "emergency_24_7": False,
        "rot": rotation_keys(f"site:{row['site_key']}"),
        "synthetic": bool(row["synthetic"]),
        "source_regions": sorted({p.get("region") for p in row["provenance"] or () if p.get("region")}),
        "updated_at": _iso(row["updated_at"]),
    }


def build_document(row: Row) -> Document:
    return build_offer_document(row) if row["offer_id"] is not None else build_site_document(row)
