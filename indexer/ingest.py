"""Loads validated records into the PostGIS directory: batched upserts, consolidation, reject report.

Rules (see docs/adr/0002-ingestion-consolidation.md):

- **Keys**: a site is keyed on its FINESS ET number, or ``ror:<id>`` without one; an offer on its ROR id.
- **Idempotence**: each stored row keeps one provenance entry per source record
  (source | region | record id) with the content hash it had. The same input again matches every
  entry: 0 rows written, all counted ``unchanged``.
- **Consolidation** (the same site from two regional files): the row keeps the values of one source
  record. A record replaces them when it *is* that source record (a correction), or when its source
  update date is strictly newer; otherwise it is only added to the row's provenance. Equal dates:
  the values already stored stay (first loaded wins).
- **Transactions**: one per batch. A file that cannot be read at all fails before anything is
  written (the readers check the format on the first lines); bad records are rejected one by one
  and the rest loads.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
from sqlalchemy import Connection, Engine, text

from indexer.records import Contact, LegalEntity, Offer, Provenance, Reject, Site
from indexer.validate import check_offer, check_site

BATCH_SIZE = 1000


@dataclass
class IngestReport:
    read: int = 0
    loaded: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0
    rejects: list[Reject] = field(default_factory=list)
    reject_report: str | None = None

    def summary(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "loaded": self.loaded,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "rejected": self.rejected,
            "reject_report": self.reject_report,
        }

    def reject(self, item: Reject) -> None:
        self.rejected += 1
        self.rejects.append(item)


def source_key(p: Provenance) -> str:
    return f"{p.source}|{p.region or ''}|{p.record_id}"


def _entry(p: Provenance, content_hash: str, now: datetime) -> dict[str, Any]:
    return {
        "key": source_key(p),
        "source": p.source,
        "region": p.region,
        "file": p.file,
        "line": p.line,
        "record_id": p.record_id,
        "synthetic": p.synthetic,
        "content_hash": content_hash,
        "source_updated_at": p.source_updated_at.isoformat() if p.source_updated_at else None,
        "ingested_at": now.isoformat(),
    }


@dataclass
class _Decision:
    action: str  # "insert" | "replace" | "provenance" | "unchanged"
    provenance: list[dict[str, Any]]


def _decide(record: Site | Offer | LegalEntity, existing: dict[str, Any] | None, now: datetime) -> _Decision:
    p = record.provenance
    content_hash = record.content_hash()
    entry = _entry(p, content_hash, now)
    if existing is None:
        return _Decision("insert", [entry])
    entries: list[dict[str, Any]] = list(existing["provenance"] or [])
    same = next((e for e in entries if e.get("key") == entry["key"]), None)
    if same is not None and same.get("content_hash") == content_hash:
        return _Decision("unchanged", entries)
    entries = [e for e in entries if e.get("key") != entry["key"]] + [entry]
    stored_at: datetime | None = existing["source_updated_at"]
    newer = p.source_updated_at is not None and (stored_at is None or _aware(p.source_updated_at) > _aware(stored_at))
    if existing["source_key"] == entry["key"] or newer:
        return _Decision("replace", entries)
    return _Decision("provenance", entries)


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=UTC)


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


# --- sites ----------------------------------------------------------------------------------------

# Columns a site record sets, and how: a correction from the same source replaces them all; a newer record
# from another source merges (its non-empty values win, the rest of the row stays).
_SITE_SET = {
    "name": ":name",
    "category": ":category",
    "legal_entity_id": "(select id from legal_entity where finess = :ej)",
    "finess": ":finess",
    "ror_id": ":ror_id",
    "address_line": ":address_line",
    "postal_code": ":postal_code",
    "city": ":city",
    "insee_code": ":insee_code",
    "department": ":department",
    "region": ":region",
    "geog": "case when cast(:lon as double precision) is null then null "
    "else cast(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) as geography) end",
    "source_x": ":source_x",
    "source_y": ":source_y",
    "source_crs": ":source_crs",
}
_SITE_ALWAYS = (
    "raw = site.raw || cast(:raw as jsonb), content_hash = :content_hash, source_key = :source_key, "
    "source_updated_at = :source_updated_at, synthetic = :synthetic, provenance = cast(:provenance as jsonb), "
    "updated_at = now()"
)
_SITE_REPLACE = text(
    "update site set "
    + ", ".join(f"{col} = {expr}" for col, expr in _SITE_SET.items())
    + ", "
    + _SITE_ALWAYS.replace("site.raw || cast(:raw as jsonb)", "cast(:raw as jsonb)")
    + " where key = :key"
)
_SITE_MERGE = text(
    "update site set "
    + ", ".join(f"{col} = coalesce({expr}, site.{col})" for col, expr in _SITE_SET.items())
    + ", "
    + _SITE_ALWAYS
    + " where key = :key"
)

_SITE_INSERT = text(
    """
    insert into site (key, name, category, legal_entity_id, finess, ror_id, address_line, postal_code, city,
        insee_code, department, region, geog, source_x, source_y, source_crs, raw, content_hash, source_key,
        source_updated_at, synthetic, provenance)
    values (:key, :name, :category, (select id from legal_entity where finess = :ej), :finess, :ror_id,
        :address_line, :postal_code, :city, :insee_code, :department, :region,
        case when cast(:lon as double precision) is null then null
             else cast(ST_SetSRID(ST_MakePoint(:lon, :lat), 4326) as geography) end,
        :source_x, :source_y, :source_crs, cast(:raw as jsonb), :content_hash, :source_key,
        :source_updated_at, :synthetic, cast(:provenance as jsonb))
    """
)
_PROVENANCE_ONLY = {
    table: text(f"update {table} set provenance = cast(:provenance as jsonb), updated_at = now() where {key} = :key")
    for table, key in (("site", "key"), ("offer", "offer_id"), ("legal_entity", "finess"))
}


_SITE_STATEMENTS = {
    "insert": _SITE_INSERT,
    "replace": _SITE_REPLACE,
    "merge": _SITE_MERGE,
    "provenance": _PROVENANCE_ONLY["site"],
}


def _execute_in_order(conn: Connection, writes: list[tuple[str, dict[str, Any]]], statements: dict[str, Any]) -> None:
    """Runs of consecutive writes of one kind go as one executemany (psycopg pipelines the rows); the runs keep
    the records' order, so a key written twice in a batch ends as its last record says."""
    run: list[dict[str, Any]] = []
    kind = ""
    for action, params in [*writes, ("", {})]:
        if action != kind and run:
            conn.execute(statements[kind], run)
            run = []
        kind = action
        run.append(params)


def _site_params(site: Site, provenance: list[dict[str, Any]]) -> dict[str, Any]:
    loc = site.location
    return {
        "key": site.key,
        "name": site.name,
        "category": site.category,
        "ej": site.legal_entity_finess,
        "finess": site.finess,
        "ror_id": site.ror_id,
        "address_line": site.address.line,
        "postal_code": site.address.postal_code,
        "city": site.address.city,
        "insee_code": site.address.insee_code,
        "department": site.address.department,
        "region": site.address.region,
        "lon": loc.lon if loc else None,
        "lat": loc.lat if loc else None,
        "source_x": loc.source_x if loc else None,
        "source_y": loc.source_y if loc else None,
        "source_crs": loc.source_crs if loc else None,
        "raw": _json(site.raw),
        "content_hash": site.content_hash(),
        "source_key": source_key(site.provenance),
        "source_updated_at": site.provenance.source_updated_at,
        "synthetic": site.provenance.synthetic,
        "provenance": _json(provenance),
    }


def _ids(conn: Connection, sql: str, keys: Iterable[str]) -> dict[str, int]:
    """Map keys to row ids with a two-column query taking ``:keys``."""
    return {str(k): int(i) for k, i in conn.execute(text(sql), {"keys": list(keys)}).all()}


_SITE_IDS = "select key, id from site where key = any(:keys)"
_OFFER_IDS = "select offer_id, id from offer where offer_id = any(:keys)"


def _replace_contacts(
    conn: Connection, owner: str, ids: dict[str, int], items: list[tuple[str, tuple[Contact, ...]]]
) -> None:
    if not items:
        return
    owner_ids = [ids[key] for key, _ in items]
    conn.execute(text(f"delete from contact where {owner}_id = any(:ids)"), {"ids": owner_ids})
    rows = [
        {"owner": ids[key], "kind": c.kind, "value": c.value, "label": c.label, "restricted": c.restricted}
        for key, contacts in items
        for c in {(c.kind, c.value): c for c in contacts}.values()
    ]
    if rows:
        conn.execute(
            text(
                f"insert into contact ({owner}_id, kind, value, label, restricted) "
                "values (:owner, :kind, :value, :label, :restricted)"
            ),
            rows,
        )


def _load_sites(conn: Connection, sites: list[Site], report: IngestReport, now: datetime) -> None:
    # The last record of a key in a batch is applied after the earlier ones: fold them in order.
    existing = {
        row["key"]: dict(row)
        for row in conn.execute(
            text("select key, source_key, source_updated_at, provenance from site where key = any(:keys)"),
            {"keys": list({s.key for s in sites})},
        ).mappings()
    }
    entities = {s.legal_entity_finess for s in sites if s.legal_entity_finess}
    if entities:
        conn.execute(
            text("insert into legal_entity (finess) select unnest(cast(:f as text[])) on conflict do nothing"),
            {"f": sorted(entities)},
        )
    touched: list[tuple[str, tuple[Contact, ...]]] = []
    writes: list[tuple[str, dict[str, Any]]] = []
    for site in sites:
        decision = _decide(site, existing.get(site.key), now)
        if decision.action == "unchanged":
            report.unchanged += 1
            continue
        params = _site_params(site, decision.provenance)
        same_source = decision.action == "replace" and existing[site.key]["source_key"] == params["source_key"]
        if decision.action == "insert":
            writes.append(("insert", params))
            report.loaded += 1
        elif decision.action == "replace":
            writes.append(("replace" if same_source else "merge", params))
            report.updated += 1
        else:
            writes.append(("provenance", {"key": site.key, "provenance": params["provenance"]}))
            report.updated += 1
        # Contacts follow the values: replaced by an insert or a correction, merged (kept when the newer
        # source gives none) by another source's newer record.
        if decision.action == "insert" or (decision.action == "replace" and (same_source or site.contacts)):
            touched.append((site.key, site.contacts))
        kept = decision.action == "provenance"
        existing[site.key] = {
            "key": site.key,
            "source_key": existing[site.key]["source_key"] if kept else params["source_key"],
            "source_updated_at": existing[site.key]["source_updated_at"] if kept else site.provenance.source_updated_at,
            "provenance": decision.provenance,
        }
    _execute_in_order(conn, writes, _SITE_STATEMENTS)
    if touched:
        ids = _ids(conn, _SITE_IDS, (k for k, _ in touched))
        _replace_contacts(conn, "site", ids, touched)


# --- offers ---------------------------------------------------------------------------------------

_OFFER_COLUMNS = (
    "name, offer_type, activities, care_modes, publics, age_min, age_max, accommodation, equipment, professions, "
    "specialties, price_per_day, price_per_month, gir_per_day, social_aid, emergency_24_7, opening_hours, raw, "
    "content_hash, source_key, source_updated_at, synthetic"
)
_OFFER_BINDS = (
    ":name, :offer_type, :activities, :care_modes, :publics, :age_min, :age_max, :accommodation, :equipment, "
    ":professions, :specialties, :price_per_day, :price_per_month, cast(:gir_per_day as jsonb), :social_aid, "
    ":emergency_24_7, cast(:opening_hours as jsonb), cast(:raw as jsonb), :content_hash, :source_key, "
    ":source_updated_at, :synthetic"
)
_OFFER_INSERT = text(
    f"insert into offer (offer_id, site_id, {_OFFER_COLUMNS}, provenance) "
    f"values (:offer_id, :site_id, {_OFFER_BINDS}, cast(:provenance as jsonb))"
)
_OFFER_REPLACE = text(
    f"update offer set (site_id, {_OFFER_COLUMNS}, provenance, updated_at) = "
    f"(:site_id, {_OFFER_BINDS}, cast(:provenance as jsonb), now()) where offer_id = :offer_id"
)


_OFFER_STATEMENTS = {"insert": _OFFER_INSERT, "replace": _OFFER_REPLACE, "provenance": _PROVENANCE_ONLY["offer"]}


def _offer_params(offer: Offer, site_id: int, provenance: list[dict[str, Any]]) -> dict[str, Any]:
    prices = offer.prices
    hours = offer.opening_hours
    return {
        "offer_id": offer.offer_id,
        "site_id": site_id,
        "name": offer.name,
        "offer_type": offer.offer_type,
        "activities": list(offer.activities),
        "care_modes": list(offer.care_modes),
        "publics": list(offer.publics),
        "age_min": offer.age_min,
        "age_max": offer.age_max,
        "accommodation": list(offer.accommodation),
        "equipment": list(offer.equipment),
        "professions": list(offer.professions),
        "specialties": list(offer.specialties),
        "price_per_day": prices.per_day if prices else None,
        "price_per_month": prices.per_month if prices else None,
        "gir_per_day": _json(prices.gir_per_day if prices else {}),
        "social_aid": offer.social_aid,
        "emergency_24_7": bool(hours and hours.always_open),
        "opening_hours": _json(hours.model_dump(mode="json")) if hours else None,
        "raw": _json(offer.raw),
        "content_hash": offer.content_hash(),
        "source_key": source_key(offer.provenance),
        "source_updated_at": offer.provenance.source_updated_at,
        "synthetic": offer.provenance.synthetic,
        "provenance": _json(provenance),
    }


def _load_offers(conn: Connection, offers: list[Offer], report: IngestReport, now: datetime) -> None:
    site_ids = _ids(conn, _SITE_IDS, {o.site_key for o in offers})
    existing = {
        row["key"]: dict(row)
        for row in conn.execute(
            text(
                "select offer_id as key, source_key, source_updated_at, provenance from offer "
                "where offer_id = any(:ids)"
            ),
            {"ids": list({o.offer_id for o in offers})},
        ).mappings()
    }
    touched: list[Offer] = []
    writes: list[tuple[str, dict[str, Any]]] = []
    for offer in offers:
        site_id = site_ids.get(offer.site_key)
        if site_id is None:
            p = offer.provenance
            report.reject(
                Reject(
                    source=p.source,
                    file=p.file,
                    line=p.line,
                    record_id=p.record_id,
                    field="site_key",
                    reason=f"offer of an unknown site {offer.site_key!r}",
                )
            )
            continue
        decision = _decide(offer, existing.get(offer.offer_id), now)
        if decision.action == "unchanged":
            report.unchanged += 1
            continue
        params = _offer_params(offer, site_id, decision.provenance)
        if decision.action == "insert":
            writes.append(("insert", params))
            report.loaded += 1
            touched.append(offer)
        elif decision.action == "replace":
            writes.append(("replace", params))
            report.updated += 1
            touched.append(offer)
        else:
            writes.append(("provenance", {"key": offer.offer_id, "provenance": params["provenance"]}))
            report.updated += 1
        kept = decision.action == "provenance"
        previous = existing.get(offer.offer_id) or {}
        existing[offer.offer_id] = {
            "source_key": previous.get("source_key") if kept else params["source_key"],
            "source_updated_at": previous.get("source_updated_at") if kept else offer.provenance.source_updated_at,
            "provenance": decision.provenance,
        }
    _execute_in_order(conn, writes, _OFFER_STATEMENTS)
    if not touched:
        return
    ids = _ids(conn, _OFFER_IDS, (o.offer_id for o in touched))
    conn.execute(text("delete from capacity where offer_id = any(:ids)"), {"ids": list(ids.values())})
    capacity_rows = [
        {"offer": ids[o.offer_id], "type": c.type_code, "installed": c.installed}
        for o in touched
        for c in {c.type_code: c for c in o.capacities}.values()
    ]
    if capacity_rows:
        conn.execute(
            text("insert into capacity (offer_id, type_code, installed) values (:offer, :type, :installed)"),
            capacity_rows,
        )
    _replace_contacts(conn, "offer", ids, [(o.offer_id, o.contacts) for o in touched])
    availability_rows = [
        {
            "offer": ids[o.offer_id],
            "type": a.bed_type,
            "free": a.free,
            "at": a.observed_at,
            "source": o.provenance.source,
        }
        for o in touched
        for a in o.availability
    ]
    if availability_rows:
        record_availability(conn, availability_rows)


def record_availability(conn: Connection, rows: list[dict[str, Any]]) -> None:
    """Append figures to the history (once per offer, type and observation time) and keep the newest as current.

    Each row: offer (offer.id), type, free, at (observed_at), source."""
    conn.execute(
        text(
            "insert into availability_history (offer_id, bed_type, free, observed_at, source) "
            "select :offer, :type, :free, :at, :source where not exists (select 1 from availability_history "
            "where offer_id = :offer and bed_type = :type and observed_at = :at)"
        ),
        rows,
    )
    conn.execute(
        text(
            "insert into availability_current (offer_id, bed_type, free, observed_at, source) "
            "values (:offer, :type, :free, :at, :source) on conflict (offer_id, bed_type) do update set "
            "free = excluded.free, observed_at = excluded.observed_at, source = excluded.source, recorded_at = now() "
            "where availability_current.observed_at <= excluded.observed_at"
        ),
        rows,
    )


# --- driver ---------------------------------------------------------------------------------------


def _batches(
    items: Iterable[Site | Offer | LegalEntity | Reject], size: int
) -> Iterator[list[Site | Offer | LegalEntity | Reject]]:
    batch: list[Site | Offer | LegalEntity | Reject] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def _load_legal_entities(conn: Connection, entities: list[LegalEntity], report: IngestReport, now: datetime) -> None:
    existing = {
        row["key"]: dict(row)
        for row in conn.execute(
            text(
                "select finess as key, source_key, source_updated_at, provenance from legal_entity "
                "where finess = any(:f)"
            ),
            {"f": [e.finess for e in entities]},
        ).mappings()
    }
    for entity in entities:
        decision = _decide(entity, existing.get(entity.finess), now)
        if decision.action == "unchanged":
            report.unchanged += 1
            continue
        params = {
            "finess": entity.finess,
            "name": entity.name,
            "content_hash": entity.content_hash(),
            "source_key": source_key(entity.provenance),
            "source_updated_at": entity.provenance.source_updated_at,
            "provenance": _json(decision.provenance),
        }
        if decision.action == "provenance":
            conn.execute(_PROVENANCE_ONLY["legal_entity"], {"key": entity.finess, "provenance": params["provenance"]})
            report.updated += 1
            continue
        row = conn.execute(
            text(
                "insert into legal_entity (finess, name, content_hash, source_key, source_updated_at, provenance) "
                "values (:finess, :name, :content_hash, :source_key, :source_updated_at, cast(:provenance as jsonb)) "
                "on conflict (finess) do update set name = excluded.name, content_hash = excluded.content_hash, "
                "source_key = excluded.source_key, source_updated_at = excluded.source_updated_at, "
                "provenance = excluded.provenance, updated_at = now() "
                "returning (xmax = 0) as inserted"
            ),
            params,
        ).scalar_one()
        # A stub created for a site's EJ counts as loaded when its own record arrives.
        if row or existing.get(entity.finess, {}).get("source_key") is None:
            report.loaded += 1
        else:
            report.updated += 1
        existing[entity.finess] = {
            "source_key": params["source_key"],
            "source_updated_at": entity.provenance.source_updated_at,
            "provenance": decision.provenance,
        }


def ingest(
    engine: Engine,
    items: Iterable[Site | Offer | LegalEntity | Reject],
    batch_size: int = BATCH_SIZE,
) -> IngestReport:
    """Validate and load records (readers' rejects are counted and kept); one transaction per batch.

    Within a batch, legal entities load first, then sites, then offers, so a file may list them in
    any order as long as a site comes in the same or an earlier batch than its offers."""
    report = IngestReport()
    for batch in _batches(items, batch_size):
        entities: list[LegalEntity] = []
        sites: list[Site] = []
        offers: list[Offer] = []
        for item in batch:
            if isinstance(item, Reject):
                report.reject(item)
                continue
            report.read += 1
            if isinstance(item, LegalEntity):
                entities.append(item)
            elif isinstance(item, Site):
                checked_site = check_site(item)
                if isinstance(checked_site, Reject):
                    report.reject(checked_site)
                else:
                    sites.append(checked_site)
            else:
                checked_offer = check_offer(item)
                if isinstance(checked_offer, Reject):
                    report.reject(checked_offer)
                else:
                    offers.append(checked_offer)
        now = datetime.now(UTC)
        with engine.begin() as conn:
            if entities:
                _load_legal_entities(conn, entities, report, now)
            if sites:
                _load_sites(conn, sites, report, now)
            if offers:
                _load_offers(conn, offers, report, now)
    return report


def write_reject_report(rejects: list[Reject], path: Path) -> Path:
    """CSV of rejects, in file and line order: source, file, line, record id, field, reason."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["source", "file", "line", "record_id", "field", "reason"])
        for r in sorted(rejects, key=lambda r: (r.file, r.line or 0)):
            writer.writerow([r.source, r.file, r.line or "", r.record_id or "", r.field or "", r.reason])
    return path
