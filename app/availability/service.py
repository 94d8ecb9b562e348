"""Availability (free beds): validated writes to PostGIS (current + history in one transaction), the
document block OpenSearch gets, history reads and the national summary (aggregations)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from opensearchpy import AsyncOpenSearch
from sqlalchemy import Engine, text

from app.search.params import ParamError
from indexer.ingest import record_availability
from nomenclatures import loader

MAX_AGE = timedelta(days=7)
CLOCK_SKEW = timedelta(seconds=60)
FREE_FIELDS = {"01": "free_beds", "02": "free_places"}


class NotFound(LookupError):
    pass


@dataclass(frozen=True)
class OfferRef:
    id: int
    offer_id: str
    site_finess: str | None
    capacities: dict[str, int]


def offer_ref(engine: Engine, offer_id: str) -> OfferRef:
    with engine.connect() as conn:
        row = (
            conn.execute(
                text(
                    "select o.id, o.offer_id, s.finess, "
                    "(select coalesce(json_object_agg(c.type_code, c.installed), '{}') from capacity c "
                    "where c.offer_id = o.id) as capacities "
                    "from offer o join site s on s.id = o.site_id where o.offer_id = :id"
                ),
                {"id": offer_id},
            )
            .mappings()
            .first()
        )
    if row is None:
        raise NotFound(offer_id)
    return OfferRef(row["id"], row["offer_id"], row["finess"], dict(row["capacities"]))


def validate(
    offer: OfferRef, beds: dict[str, Any], observed_at: datetime | None, surge: bool, now: datetime
) -> tuple[dict[str, int], datetime]:
    """Bed types known (TRE_R329, code or label), counts integers ≥ 0, free ≤ installed unless surge, time sane."""
    if not beds:
        raise ParamError("beds", "give at least one bed type with its number of free beds", where="body")
    nature = loader.get("capacity_nature")
    figures: dict[str, int] = {}
    for key, value in beds.items():
        try:
            code = nature.resolve(key).code
        except loader.UnknownCode:
            known = ", ".join(f"{c.code} {c.label}" for c in nature)
            raise ParamError(f"beds.{key}", f"unknown bed type {key!r} (TRE_R329: {known})", where="body") from None
        if isinstance(value, bool) or not isinstance(value, int):
            raise ParamError(f"beds.{key}", f"free beds must be an integer (got {value!r})", where="body")
        if value < 0:
            raise ParamError(f"beds.{key}", f"free beds must be >= 0 (got {value})", where="body")
        installed = offer.capacities.get(code)
        if installed is not None and value > installed and not surge:
            raise ParamError(
                f"beds.{key}",
                f"{value} free beds exceed the {installed} installed; set surge=true for extra beds (plan blanc)",
                where="body",
            )
        figures[code] = value
    at = observed_at or now
    if at.tzinfo is None:
        raise ParamError("observed_at", "give a time zone (e.g. 2026-11-23T08:00:00+01:00 or …Z)", where="body")
    if at > now + CLOCK_SKEW:
        raise ParamError("observed_at", "is in the future", where="body")
    if now - at > MAX_AGE:
        raise ParamError("observed_at", "is older than 7 days", where="body")
    return figures, at


def write(engine: Engine, offer: OfferRef, figures: dict[str, int], at: datetime, source: str) -> dict[str, Any]:
    """One transaction: history rows and current state (only if newer); returns the offer's restricted block."""
    with engine.begin() as conn:
        conn.execute(text("select id from offer where id = :id for update"), {"id": offer.id})
        record_availability(
            conn,
            [{"offer": offer.id, "type": t, "free": n, "at": at, "source": source} for t, n in figures.items()],
        )
        rows = conn.execute(
            text("select bed_type, free, observed_at from availability_current where offer_id = :id order by bed_type"),
            {"id": offer.id},
        ).all()
    return restricted_block(rows)


def restricted_block(rows: Any) -> dict[str, Any]:
    """The availability part of a document's ``restricted`` object (same shape as ``indexer.documents``)."""
    availability = {}
    block: dict[str, Any] = {"free_beds": None, "free_places": None, "availability_updated_at": None}
    newest: str | None = None
    for bed_type, free, observed_at in rows:
        at = observed_at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        availability[bed_type] = {"free": free, "updated_at": at}
        if bed_type in FREE_FIELDS:
            block[FREE_FIELDS[bed_type]] = free
        newest = max(newest or at, at)
    block["availability"] = availability
    block["availability_updated_at"] = newest
    return block


def history(engine: Engine, offer: OfferRef, start: datetime | None, end: datetime | None) -> list[dict[str, Any]]:
    clauses = ["offer_id = :id"]
    args: dict[str, Any] = {"id": offer.id}
    if start:
        clauses.append("observed_at >= :start")
        args["start"] = start
    if end:
        clauses.append("observed_at <= :end")
        args["end"] = end
    with engine.connect() as conn:
        rows = conn.execute(
            text(
                "select bed_type, free, observed_at, recorded_at, source from availability_history "
                f"where {' and '.join(clauses)} order by observed_at, bed_type"
            ),
            args,
        ).mappings()
        return [
            {
                "bed_type": r["bed_type"],
                "free": r["free"],
                "observed_at": r["observed_at"].isoformat(),
                "recorded_at": r["recorded_at"].isoformat(),
                "source": r["source"],
            }
            for r in rows
        ]


async def summary(
    client: AsyncOpenSearch, index: str, group_by: str, activities: tuple[str, ...], bed_type: str, stale_after_h: float
) -> dict[str, Any]:
    """Per region or department: installed capacity, free beds, offers reporting, stale figures, newest and
    oldest update — computed by aggregations over the index, never by fetching the documents."""
    installed_field = {"01": "capacity.beds", "02": "capacity.places"}[bed_type]
    free_field = f"restricted.{FREE_FIELDS[bed_type]}"
    field = {"region": "address.region", "department": "address.department"}[group_by]
    filters: list[dict[str, Any]] = [{"term": {"kind": "offer"}}]
    if activities:
        filters.append({"terms": {"activities": list(activities)}})
    minutes = max(1, round(stale_after_h * 60))
    group_aggs = {
        "installed": {"sum": {"field": installed_field}},
        "free": {"sum": {"field": free_field}},
        "reporting": {"value_count": {"field": free_field}},
        "stale": {"filter": {"range": {"restricted.availability_updated_at": {"lt": f"now-{minutes}m/m"}}}},
        "newest": {"max": {"field": "restricted.availability_updated_at"}},
        "oldest": {"min": {"field": "restricted.availability_updated_at"}},
    }
    body = {
        "size": 0,
        "track_total_hits": True,
        "query": {"bool": {"filter": filters}},
        "aggs": {
            "groups": {"terms": {"field": field, "size": 200, "order": {"_key": "asc"}}, "aggs": group_aggs},
            **{f"all_{k}": v for k, v in group_aggs.items()},
        },
    }
    response = await client.search(index=index, body=body)
    aggs = response["aggregations"]

    def shape(bucket: dict[str, Any]) -> dict[str, Any]:
        return {
            "installed": int(bucket["installed"]["value"] or 0),
            "free": int(bucket["free"]["value"] or 0),
            "offers": int(bucket.get("doc_count", 0)),
            "offers_reporting": int(bucket["reporting"]["value"]),
            "stale": int(bucket["stale"]["doc_count"]),
            "newest_update": bucket["newest"].get("value_as_string"),
            "oldest_update": bucket["oldest"].get("value_as_string"),
        }

    total = shape(
        {k.removeprefix("all_"): v for k, v in aggs.items() if k.startswith("all_")}
        | {"doc_count": response["hits"]["total"]["value"]}
    )
    return {
        "group_by": group_by,
        "bed_type": bed_type,
        "activities": list(activities),
        "stale_after_h": stale_after_h,
        "groups": [{"code": b["key"], **shape(b)} for b in aggs["groups"]["buckets"]],
        "total": total,
    }
