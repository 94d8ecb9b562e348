"""Reads the directory (PostGIS) for indexing: the rows ``indexer.documents`` turns into documents."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text

_SITE_COLUMNS = """
    s.key as site_key, s.finess as site_finess, s.ror_id as site_ror_id, s.name as site_name,
    s.category as site_category, s.address_line, s.postal_code, s.city, s.insee_code, s.department, s.region,
    ST_Y(s.geog::geometry) as lat, ST_X(s.geog::geometry) as lon,
    le.finess as legal_entity_finess, le.name as legal_entity_name
"""
_CONTACTS = """
    (select coalesce(json_agg(json_build_object('kind', c.kind, 'value', c.value, 'label', c.label,
        'restricted', c.restricted) order by c.id), '[]') from contact c where c.{owner}_id = {owner_ref}) as contacts
"""

OFFER_ROWS = f"""
select o.offer_id, o.name, o.offer_type, o.activities, o.care_modes, o.publics, o.age_min, o.age_max,
    o.accommodation, o.equipment, o.professions, o.specialties, o.price_per_day, o.price_per_month, o.gir_per_day,
    o.social_aid, o.emergency_24_7, o.opening_hours, o.synthetic, o.provenance, o.updated_at,
    {_SITE_COLUMNS},
    (select coalesce(json_agg(json_build_object('type', c.type_code, 'installed', c.installed)
        order by c.type_code), '[]') from capacity c where c.offer_id = o.id) as capacities,
    (select coalesce(json_agg(json_build_object('type', a.bed_type, 'free', a.free,
        'observed_at', to_char(a.observed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'))
        order by a.bed_type), '[]') from availability_current a where a.offer_id = o.id) as availability,
    (select coalesce(json_agg(x.c order by x.n), '[]') from (
        select json_build_object('kind', c.kind, 'value', c.value, 'label', c.label, 'restricted', c.restricted) c,
               (c.offer_id is null)::int * 1000000000 + c.id as n
        from contact c where c.offer_id = o.id or c.site_id = s.id) x) as contacts
from offer o
join site s on s.id = o.site_id
left join legal_entity le on le.id = s.legal_entity_id
"""

SITE_ROWS = f"""
select null as offer_id, s.synthetic, s.provenance, s.updated_at,
    {_SITE_COLUMNS},
    {_CONTACTS.format(owner="site", owner_ref="s.id")}
from site s
left join legal_entity le on le.id = s.legal_entity_id
where not exists (select 1 from offer o where o.site_id = s.id)
"""


def document_rows(engine: Engine, since: datetime | None = None, batch: int = 2000) -> Iterator[dict[str, Any]]:
    """Every offer, then every site without an offer (changed since ``since`` when given), streamed."""
    offer_sql = OFFER_ROWS + (" where o.updated_at >= :since or s.updated_at >= :since" if since else "")
    site_sql = SITE_ROWS + (" and s.updated_at >= :since" if since else "")
    params = {"since": since} if since else {}
    with engine.connect() as conn:
        for sql in (offer_sql, site_sql):
            result = conn.execution_options(stream_results=True, yield_per=batch).execute(text(sql), params)
            for row in result.mappings():
                yield dict(row)


def document_ids(engine: Engine) -> Iterator[str]:
    """Ids of every document the directory holds (offers, and sites without an offer)."""
    with engine.connect() as conn:
        result = conn.execution_options(stream_results=True, yield_per=10000).execute(
            text(
                "select offer_id from offer union all select 'site:' || s.key from site s "
                "where not exists (select 1 from offer o where o.site_id = s.id)"
            )
        )
        for (doc_id,) in result:
            yield str(doc_id)


def document_count(engine: Engine) -> int:
    with engine.connect() as conn:
        return int(
            conn.execute(
                text(
                    "select (select count(*) from offer) + (select count(*) from site s "
                    "where not exists (select 1 from offer o where o.site_id = s.id))"
                )
            ).scalar_one()
        )
