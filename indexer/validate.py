"""Checks a record against the nomenclatures before it reaches the directory: unknown codes are
rejects naming the field, never silent strings."""

from __future__ import annotations

from indexer.records import OFFER_CODED_FIELDS, Offer, Reject, Site
from nomenclatures import loader
from nomenclatures.territories import departments, region_of


def _reject(record: Site | Offer, field: str, reason: str) -> Reject:
    p = record.provenance
    return Reject(source=p.source, file=p.file, line=p.line, record_id=p.record_id, field=field, reason=reason)


def department_of(insee_code: str | None, postal_code: str | None) -> str | None:
    """Department from the INSEE commune code, else from the postal code (CEDEX codes too)."""
    if insee_code:
        return insee_code[:3] if insee_code.startswith("97") else insee_code[:2]
    if postal_code:
        if postal_code.startswith("97"):
            return postal_code[:3]
        if postal_code.startswith("20"):
            return "2A" if postal_code[:3] in ("200", "201") else "2B"
        return postal_code[:2]
    return None


def check_site(site: Site) -> Site | Reject:
    if site.category is not None and site.category not in loader.get("category"):
        return _reject(site, "category", f"unknown establishment category {site.category!r} (TRE_R66)")
    address = site.address
    dep = address.department or department_of(address.insee_code, address.postal_code)
    if dep is not None and dep not in departments():
        return _reject(site, "address.department", f"unknown department {dep!r}")
    if dep != address.department or (address.region is None and dep is not None):
        address = address.model_copy(update={"department": dep, "region": address.region or region_of(dep)})
        return site.model_copy(update={"address": address})
    return site


def check_offer(offer: Offer) -> Offer | Reject:
    for field, system_name in OFFER_CODED_FIELDS.items():
        system = loader.get(system_name)
        for code in getattr(offer, field):
            if code not in system:
                return _reject(offer, field, f"unknown code {code!r} in {system.id} ({system_name})")
    if offer.offer_type is not None and offer.offer_type not in loader.get("offer_type"):
        return _reject(offer, "offer_type", f"unknown offer type {offer.offer_type!r}")
    return offer
