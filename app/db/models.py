"""The directory (system of record) in PostGIS: legal entities, sites, offers and what hangs off them.

Codes are NOS codes (see ``nomenclatures``) stored as text arrays on the offer: one offer row is one
searchable document, and PostgreSQL arrays keep it flat like the document it becomes.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from geoalchemy2 import Geography
from sqlalchemy import (
    ARRAY,
    BigInteger,
    Boolean,
    CheckConstraint,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    func,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


def _now() -> Mapped[datetime]:
    return mapped_column(DateTime(timezone=True), nullable=False, server_default=func.now())


class Sourced:
    """Columns of a consolidated record: which source's values it holds, and every source that gave it."""

    content_hash: Mapped[str | None] = mapped_column(String(32))
    source_key: Mapped[str | None] = mapped_column(Text, comment="source|region|record id of the values kept")
    source_updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    provenance: Mapped[list[dict[str, Any]]] = mapped_column(JSONB, nullable=False, server_default="[]")
    ingested_at: Mapped[datetime] = _now()
    updated_at: Mapped[datetime] = _now()


class LegalEntity(Sourced, Base):
    """Entité juridique (FINESS EJ)."""

    __tablename__ = "legal_entity"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    finess: Mapped[str] = mapped_column(String(9), unique=True, nullable=False)
    name: Mapped[str | None] = mapped_column(Text)


class Site(Sourced, Base):
    """Établissement géographique (FINESS ET and/or ROR id), with its WGS84 location."""

    __tablename__ = "site"
    __table_args__ = (
        CheckConstraint("finess is not null or ror_id is not null", name="site_has_key"),
        Index("site_geog_gist", "geog", postgresql_using="gist"),
        Index("site_department", "department"),
        Index("site_updated_at", "updated_at"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    key: Mapped[str] = mapped_column(Text, unique=True, nullable=False, comment="FINESS ET, or 'ror:<id>'")
    finess: Mapped[str | None] = mapped_column(String(9), unique=True)
    ror_id: Mapped[str | None] = mapped_column(Text, unique=True)
    legal_entity_id: Mapped[int | None] = mapped_column(ForeignKey("legal_entity.id", ondelete="SET NULL"))
    name: Mapped[str] = mapped_column(Text, nullable=False)
    category: Mapped[str | None] = mapped_column(String(8), comment="TRE_R66")
    address_line: Mapped[str | None] = mapped_column(Text)
    postal_code: Mapped[str | None] = mapped_column(String(5))
    city: Mapped[str | None] = mapped_column(Text)
    insee_code: Mapped[str | None] = mapped_column(String(5))
    department: Mapped[str | None] = mapped_column(String(3))
    region: Mapped[str | None] = mapped_column(String(3))
    geog: Mapped[Any] = mapped_column(Geography("POINT", srid=4326, spatial_index=False), nullable=True)
    source_x: Mapped[float | None] = mapped_column(Numeric)
    source_y: Mapped[float | None] = mapped_column(Numeric)
    source_crs: Mapped[int | None] = mapped_column(Integer, comment="EPSG code of source_x/source_y")
    raw: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")

    offers: Mapped[list[Offer]] = relationship(back_populates="site")


class Offer(Sourced, Base):
    """Offre opérationnelle: one searchable unit of a site."""

    __tablename__ = "offer"
    __table_args__ = (
        Index("offer_site", "site_id"),
        Index("offer_updated_at", "updated_at"),
        CheckConstraint("age_min is null or age_max is null or age_min <= age_max", name="offer_ages"),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    offer_id: Mapped[str] = mapped_column(Text, unique=True, nullable=False, comment="ROR id of the offer")
    site_id: Mapped[int] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"), nullable=False)
    name: Mapped[str] = mapped_column(Text, nullable=False)
    offer_type: Mapped[str | None] = mapped_column(String(8), comment="TRE_R244 organisation category")
    activities: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    care_modes: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    publics: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    age_min: Mapped[int | None] = mapped_column(Integer)
    age_max: Mapped[int | None] = mapped_column(Integer)
    accommodation: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    equipment: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    professions: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    specialties: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    price_per_day: Mapped[float | None] = mapped_column(Numeric(10, 2))
    price_per_month: Mapped[float | None] = mapped_column(Numeric(10, 2))
    gir_per_day: Mapped[dict[str, float]] = mapped_column(JSONB, nullable=False, server_default="{}")
    social_aid: Mapped[bool | None] = mapped_column(Boolean)
    emergency_24_7: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")
    opening_hours: Mapped[dict[str, Any] | None] = mapped_column(
        JSONB, comment="{always_open, weekly: [{day,start_min,end_min}], exceptions: [{start,end,closed}]}"
    )
    raw: Mapped[dict[str, Any]] = mapped_column(JSONB, nullable=False, server_default="{}")
    synthetic: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")

    site: Mapped[Site] = relationship(back_populates="offers")


class Capacity(Base):
    """Installed capacity of an offer, by bed/place type."""

    __tablename__ = "capacity"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True)
    type_code: Mapped[str] = mapped_column(Text, primary_key=True)
    installed: Mapped[int] = mapped_column(Integer, CheckConstraint("installed >= 0"), nullable=False)


class AvailabilityCurrent(Base):
    """Latest free-bed figure per offer and bed type (restricted data)."""

    __tablename__ = "availability_current"

    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), primary_key=True)
    bed_type: Mapped[str] = mapped_column(Text, primary_key=True)
    free: Mapped[int] = mapped_column(Integer, CheckConstraint("free >= 0"), nullable=False)
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    recorded_at: Mapped[datetime] = _now()
    source: Mapped[str] = mapped_column(Text, nullable=False)


class AvailabilityHistory(Base):
    """Every free-bed figure ever recorded."""

    __tablename__ = "availability_history"
    __table_args__ = (Index("availability_history_offer_time", "offer_id", "observed_at"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), nullable=False)
    bed_type: Mapped[str] = mapped_column(Text, nullable=False)
    free: Mapped[int] = mapped_column(Integer, nullable=False)
    observed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    recorded_at: Mapped[datetime] = _now()
    source: Mapped[str] = mapped_column(Text, nullable=False)


class Contact(Base):
    """A phone, e-mail or URL of a site or of an offer, public or restricted to professionals."""

    __tablename__ = "contact"
    __table_args__ = (
        CheckConstraint("(site_id is null) <> (offer_id is null)", name="contact_has_one_owner"),
        Index("contact_site", "site_id"),
        Index("contact_offer", "offer_id"),
        UniqueConstraint(
            "site_id", "offer_id", "kind", "value", name="contact_unique", postgresql_nulls_not_distinct=True
        ),
    )

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    site_id: Mapped[int | None] = mapped_column(ForeignKey("site.id", ondelete="CASCADE"))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(16), nullable=False)
    value: Mapped[str] = mapped_column(Text, nullable=False)
    label: Mapped[str | None] = mapped_column(Text)
    restricted: Mapped[bool] = mapped_column(Boolean, nullable=False, server_default="false")


class IndexSync(Base):
    """Up to which directory time an index alias is in step (``ror-search index update``)."""

    __tablename__ = "index_sync"

    alias: Mapped[str] = mapped_column(Text, primary_key=True)
    synced_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)


class ApiKey(Base):
    """An API key: only its SHA-256 is stored; the key itself is shown once, at creation."""

    __tablename__ = "api_key"
    __table_args__ = (CheckConstraint("role in ('professional', 'referent', 'admin')", name="api_key_role"),)

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    name: Mapped[str | None] = mapped_column(Text)
    role: Mapped[str] = mapped_column(Text, nullable=False)
    sites: Mapped[list[str]] = mapped_column(ARRAY(Text), nullable=False, server_default="{}")
    key_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(String(12), nullable=False)
    created_at: Mapped[datetime] = _now()
    revoked_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
