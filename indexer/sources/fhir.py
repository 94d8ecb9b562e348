"""Reader for ROR FHIR resources (profiles of the ROR implementation guide, see docs/ror-fhir-mapping.md).

Input: a Bundle (JSON, ``entry[].resource``), a single resource (JSON) or ndjson (one resource a line).
The ROR spreads an offer over several resources, so the reader makes two passes:

1. Organizations (legal entities and sites), Locations (capacities, equipment, position) and
   PractitionerRoles (professions of an offer) are read and kept in compact form;
2. HealthcareServices (offers) are read and joined with them.

Legal entities and sites are yielded at the end of pass 1, offers during pass 2. Codes are matched
on their code system loosely (``TRE_R211``/``TRE-R211``/``JDV_J17``… anywhere in ``system``), since
the guide's examples use code system, value set and even extension URLs there.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from indexer.records import (
    Address,
    Availability,
    Capacity,
    Contact,
    DatedException,
    LegalEntity,
    Offer,
    OpeningHours,
    Point,
    Prices,
    Provenance,
    Reject,
    Site,
    WeeklyRange,
)
from indexer.sources import UnreadableFile

ROR = "https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/"
FINESS_SYSTEMS = ("https://finess.esante.gouv.fr", "http://finess.esante.gouv.fr", "http://finess.sante.gouv.fr")
INSEE_EXT = "https://hl7.fr/ig/fhir/core/StructureDefinition/fr-core-address-insee-code"
GEOLOCATION_EXT = "http://hl7.org/fhir/StructureDefinition/geolocation"
SYNTHETIC_TAG = "urn:ror-search:synthetic"

# Codes the reader interprets (real NOS codes, see nomenclatures/data).
CAPACITY_INSTALLED = "01"  # TRE_R330 Installé
CAPACITY_AVAILABLE = "02"  # TRE_R330 Disponible
TEMPORALITY_CURRENT = "01"  # TRE_R331 Courant
SOCIAL_AID = "02"  # TRE_R241 Habilité Aide Sociale
PRICE_PER_DAY, PRICE_PER_MONTH = "2", "3"  # TRE_R228 Tarif journalier, Tarif mensuel
PRICE_DEPENDENCY = "03"  # TRE_R246 Dépendance (rates per GIR group, TRE_R237)
DAYS_PER_MONTH = 30.42  # 365 / 12: a monthly price from a daily one, as EHPAD price comparators do
PUBLIC_CONFIDENTIALITY = "1"  # TRE_R283 Accès libre

Json = dict[str, Any]


# --- small FHIR helpers ---------------------------------------------------------------------------


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def extensions(element: Json | None, name: str) -> list[Json]:
    """Extensions of ``element`` whose url is ``name`` or ends with ``/name``."""
    if not element:
        return []
    return [
        e
        for e in as_list(element.get("extension"))
        if isinstance(e, dict) and (e.get("url") == name or str(e.get("url", "")).endswith("/" + name))
    ]


def extension(element: Json | None, name: str) -> Json | None:
    found = extensions(element, name)
    return found[0] if found else None


def value(ext: Json | None) -> Any:
    if not ext:
        return None
    for key, val in ext.items():
        if key.startswith("value"):
            return val
    return None


def codings(concept: Any) -> list[Json]:
    """Codings of a CodeableConcept, a Coding, or a list of either (tolerant of the guide's examples)."""
    out: list[Json] = []
    for item in as_list(concept):
        if not isinstance(item, dict):
            continue
        if "coding" in item:
            out.extend(c for c in as_list(item["coding"]) if isinstance(c, dict))
            if "code" in item:  # examples that set code beside coding
                system = next((c.get("system") for c in as_list(item["coding"]) if isinstance(c, dict)), None)
                out.append({"system": system, "code": item["code"]})
        elif "code" in item:
            out.append(item)
    return out


def _matches(system: Any, markers: tuple[str, ...]) -> bool:
    text = str(system or "").replace("-", "_").upper()
    return any(m.replace("-", "_").upper() in text for m in markers)


def codes_from(concepts: Any, *markers: str) -> list[str]:
    """Codes whose system names one of ``markers`` (e.g. 'TRE_R211', 'JDV_J17'), in order, deduplicated."""
    seen: dict[str, None] = {}
    for coding in codings(concepts):
        code = coding.get("code")
        if code is not None and _matches(coding.get("system"), markers):
            seen[str(code)] = None
    return list(seen)


def first_code(concepts: Any, *markers: str) -> str | None:
    found = codes_from(concepts, *markers)
    return found[0] if found else None


def ref_id(reference: Any) -> str | None:
    """'Organization/123' → '123'."""
    if isinstance(reference, dict):
        reference = reference.get("reference")
    if not isinstance(reference, str) or not reference:
        return None
    return reference.rstrip("/").rsplit("/", 1)[-1]


def parse_datetime(text: Any) -> datetime | None:
    if not isinstance(text, str):
        return None
    try:
        return datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        return None


# --- compact forms kept between the passes --------------------------------------------------------


@dataclass
class _Org:
    id: str
    finess: str | None
    name: str | None
    part_of: str | None
    category: str | None
    line: int | None
    resource: Json


@dataclass
class _Place:
    position: Point | None
    insee_code: str | None
    capacities: dict[str, int] = field(default_factory=dict)
    available: dict[str, tuple[int, datetime | None]] = field(default_factory=dict)
    equipment: list[str] = field(default_factory=list)


def _finess(org: Json) -> str | None:
    for ident in as_list(org.get("identifier")):
        if isinstance(ident, dict) and ident.get("system") in FINESS_SYSTEMS and ident.get("value"):
            return str(ident["value"]).strip()
    return None


def _org(resource: Json, line: int | None) -> _Org:
    return _Org(
        id=str(resource.get("id", "")),
        finess=_finess(resource),
        name=resource.get("name"),
        part_of=ref_id(resource.get("partOf")),
        category=first_code(resource.get("type"), "TRE_R66", "JDV_J55"),
        line=line,
        resource=resource,
    )


def _is_site(org: _Org) -> bool:
    """A site (EG) has an establishment category or belongs to a legal entity; an EJ has neither."""
    return org.category is not None or org.part_of is not None


def _is_internal(org: _Org, orgs: dict[str, _Org]) -> bool:
    """An internal organisation (OI): no category, no FINESS, part of a site."""
    parent = orgs.get(org.part_of or "")
    return org.category is None and org.finess is None and parent is not None and _is_site(parent)


def _place(resource: Json) -> _Place:
    position = None
    pos = resource.get("position")
    if isinstance(pos, dict) and pos.get("latitude") is not None and pos.get("longitude") is not None:
        position = Point(lat=float(pos["latitude"]), lon=float(pos["longitude"]))
    place = _Place(position=position, insee_code=first_code(value(extension(resource, "ror-commune-cog")), "TRE_R13"))
    for cap in extensions(resource, "ror-location-supported-capacity"):
        nature = first_code(value(extension(cap, "capacityType")), "TRE_R329", "JDV_J187")
        status = first_code(value(extension(cap, "capacityStatus")), "TRE_R330", "JDV_J188")
        temporality = first_code(value(extension(cap, "temporalityCapacity")), "TRE_R331", "JDV_J189")
        number = value(extension(cap, "nbCapacity"))
        if nature is None or not isinstance(number, int) or temporality not in (None, TEMPORALITY_CURRENT):
            continue
        if status == CAPACITY_INSTALLED:
            place.capacities[nature] = place.capacities.get(nature, 0) + number
        elif status == CAPACITY_AVAILABLE:
            updated = parse_datetime(value(extension(cap, "capacityUpdateDate")))
            free, seen = place.available.get(nature, (0, None))
            newest = max((d for d in (seen, updated) if d is not None), default=None)
            place.available[nature] = (free + number, newest)
    for equipment in extensions(resource, "ror-location-equipment") + extensions(resource, "ror-location-equipement"):
        place.equipment += codes_from(value(extension(equipment, "equipmentType")), "TRE_R212", "JDV_J18")
    return place


# --- mapping to records ---------------------------------------------------------------------------


def _address(org: Json) -> Address:
    addr = next((a for a in as_list(org.get("address")) if isinstance(a, dict)), {})
    lines = [str(x) for x in as_list(addr.get("line")) if x]
    insee = None
    for ext in extensions(addr, INSEE_EXT):
        coding = value(ext)
        if isinstance(coding, dict):
            insee = coding.get("code") or insee
    postal = addr.get("postalCode")
    return Address(
        line=", ".join(lines) or None,
        postal_code=postal if isinstance(postal, str) and len(postal) == 5 and postal.isdigit() else None,
        city=addr.get("city"),
        insee_code=insee,
    )


def _address_point(org: Json) -> Point | None:
    addr = next((a for a in as_list(org.get("address")) if isinstance(a, dict)), {})
    geo = extension(addr, GEOLOCATION_EXT)
    lat, lon = value(extension(geo, "latitude")), value(extension(geo, "longitude"))
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return Point(lat=float(lat), lon=float(lon))
    return None


def _telecom_contacts(telecoms: Any, default_restricted: bool = False) -> list[Contact]:
    out = []
    for t in as_list(telecoms):
        if not isinstance(t, dict) or not t.get("value"):
            continue
        level = first_code(value(extension(t, "ror-telecom-confidentiality-level")), "TRE_R283", "JDV_J222")
        system = t.get("system")
        kind = {"phone": "phone", "fax": "fax", "email": "email", "url": "url"}.get(str(system), "other")
        restricted = default_restricted if level is None else level != PUBLIC_CONFIDENTIALITY
        out.append(Contact(kind=kind, value=str(t["value"]), restricted=restricted))
    return out


def _org_contacts(org: Json) -> list[Contact]:
    contacts = _telecom_contacts(org.get("telecom"))
    for contact in as_list(org.get("contact")):
        if not isinstance(contact, dict):
            continue
        level = first_code(value(extension(contact, "ror-contact-confidentiality-level")), "TRE_R283", "JDV_J222")
        restricted = level is not None and level != PUBLIC_CONFIDENTIALITY
        purpose = codings(contact.get("purpose"))
        label = purpose[0].get("display") if purpose else None
        for c in _telecom_contacts(contact.get("telecom"), restricted):
            contacts.append(c.model_copy(update={"label": label, "restricted": c.restricted or restricted}))
    return contacts


def _offer_contacts(service: Json) -> list[Contact]:
    contacts = _telecom_contacts(service.get("telecom"))
    for contact in extensions(service, "ror-healthcareservice-contact"):
        level = first_code(value(extension(contact, "ror-confidentiality-level")), "TRE_R283", "JDV_J222")
        restricted = level is not None and level != PUBLIC_CONFIDENTIALITY
        purpose = codings(value(extension(contact, "purposeContact")))
        label = purpose[0].get("display") if purpose else None
        for telecom in extensions(contact, "ror-healthcareservice-contact-telecom"):
            address = value(extension(telecom, "telecomAddress"))
            if not address:
                continue
            channel = first_code(
                value(extension(telecom, "ror-telecom-communication-channel")), "R200", "J225", "channel"
            )
            tlevel = first_code(value(extension(telecom, "ror-telecom-confidentiality-level")), "TRE_R283", "JDV_J222")
            kind = {"3": "email", "4": "url"}.get(channel or "", "phone")
            contacts.append(
                Contact(
                    kind=kind,
                    value=str(address),
                    label=label,
                    restricted=restricted or (tlevel is not None and tlevel != PUBLIC_CONFIDENTIALITY),
                )
            )
    return contacts


def _minutes(text: Any) -> int | None:
    if not isinstance(text, str):
        return None
    parts = text.split(":")
    try:
        return int(parts[0]) * 60 + int(parts[1])
    except (ValueError, IndexError):
        return None


_DAYS = {"mon": 1, "tue": 2, "wed": 3, "thu": 4, "fri": 5, "sat": 6, "sun": 7}


def _opening_hours(service: Json) -> OpeningHours | None:
    weekly: list[WeeklyRange] = []
    all_day_days: set[int] = set()
    for slot in as_list(service.get("availableTime")):
        if not isinstance(slot, dict):
            continue
        days = [_DAYS[d] for d in as_list(slot.get("daysOfWeek")) if d in _DAYS]
        days += [
            v for e in extensions(slot, "ror-available-time-number-days-of-week") if isinstance(v := value(e), int)
        ]
        if slot.get("allDay"):
            all_day_days.update(days)
            weekly += [WeeklyRange(day=d, start_min=0, end_min=1440) for d in days]
            continue
        start, end = _minutes(slot.get("availableStartTime")), _minutes(slot.get("availableEndTime"))
        if start is None or end is None or end <= start:
            continue
        weekly += [WeeklyRange(day=d, start_min=start, end_min=end) for d in days]
    exceptions = []
    for closed in as_list(service.get("notAvailable")):
        during = (closed.get("during") if isinstance(closed, dict) else None) or {}
        closed_from = parse_datetime(during.get("start"))
        if closed_from is None:
            continue
        closed_to = parse_datetime(during.get("end")) or closed_from
        exceptions.append(
            DatedException(
                start=closed_from.date(), end=closed_to.date(), closed=True, description=closed.get("description")
            )
        )
    if not weekly and not exceptions:
        return None
    return OpeningHours(
        always_open=all_day_days >= set(range(1, 8)),
        weekly=tuple(sorted(weekly, key=lambda w: (w.day, w.start_min))),
        exceptions=tuple(exceptions),
    )


def _prices(org: Json, stay: list[str]) -> tuple[Prices | None, bool | None]:
    """EHPAD prices and social-aid habilitation of a site (they sit on the EG Organization).

    Accommodation price: a price whose unit is per day or per month (TRE_R228) and whose type is not
    the dependency rate; when it names a stay (TRE_R240), only the offer's own stay counts.
    Dependency rates: type 03 (TRE_R246) with a GIR group (TRE_R237), per day."""
    aid = extensions(org, "ror-organization-financial-help-type")
    social_aid = any(SOCIAL_AID in codes_from(value(e), "R241", "J31") for e in aid) if aid else None
    per_day = per_month = None
    gir: dict[str, float] = {}
    for price in extensions(org, "ror-organization-price"):
        amount = value(extension(price, "amount"))
        if not isinstance(amount, dict) or not isinstance(amount.get("value"), int | float):
            continue
        welcome = first_code(value(extension(price, "welcomeType")), "TRE_R240", "JDV_J30")
        if welcome is not None and stay and welcome not in stay:
            continue
        unit = first_code(value(extension(price, "priceUnit")), "TRE_R228", "JDV_J205")
        kind = first_code(value(extension(price, "priceType")), "TRE_R246", "JDV_J36")
        group = first_code(value(extension(price, "dependencyLevel")), "TRE_R237", "JDV_J27")
        if kind == PRICE_DEPENDENCY or group is not None:
            if group is not None:
                gir[group] = float(amount["value"])
        elif unit == PRICE_PER_MONTH:
            per_month = float(amount["value"])
        elif unit == PRICE_PER_DAY:
            per_day = float(amount["value"])
    if per_day is not None and per_month is None:
        per_month = round(per_day * DAYS_PER_MONTH, 2)
    if per_day is None and per_month is None and not gir:
        return None, social_aid
    return Prices(per_day=per_day, per_month=per_month, gir_per_day=gir), social_aid


def _provenance(resource: Json, file: str, line: int | None, region: str | None) -> Provenance:
    meta = resource.get("meta") or {}
    tag_region = first_code(meta.get("tag"), "TRE_R30", "JDV_J237")
    synthetic = any(isinstance(t, dict) and t.get("system") == SYNTHETIC_TAG for t in as_list(meta.get("tag")))
    return Provenance(
        source="fhir",
        file=file,
        line=line,
        record_id=str(resource.get("id", "")),
        region=tag_region or region,
        synthetic=synthetic,
        source_updated_at=parse_datetime(meta.get("lastUpdated")),
    )


# --- the reader -----------------------------------------------------------------------------------


def sniff(path: Path | str) -> None:
    """Raise UnreadableFile unless ``path`` opens and starts like FHIR JSON or ndjson."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4096).lstrip()
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    if not head.startswith(b"{") or (b'"resourceType"' not in head and len(head) == 4096):
        raise UnreadableFile(f"{path}: not FHIR JSON or ndjson (it must start with a JSON object)")
    if b'"resourceType"' not in head:
        raise UnreadableFile(f"{path}: no resourceType at the start; not FHIR JSON")


def _resources(path: Path) -> Iterator[tuple[int | None, Json | Reject]]:
    """(line or entry number, resource or reject) from a Bundle, a resource, or ndjson."""
    name = path.name
    with path.open("rb") as fh:
        first_line = fh.readline()
        try:
            first = json.loads(first_line)
            ndjson = isinstance(first, dict) and first.get("resourceType") != "Bundle"
        except ValueError:
            ndjson = False
        if ndjson:
            fh.seek(0)
            for number, raw in enumerate(fh, start=1):
                if not raw.strip():
                    continue
                try:
                    item = json.loads(raw)
                except ValueError as exc:
                    yield number, Reject(source="fhir", file=name, line=number, reason=f"invalid JSON: {exc}")
                    continue
                if not isinstance(item, dict):
                    yield number, Reject(source="fhir", file=name, line=number, reason="not a JSON object")
                    continue
                yield number, item
            return
        fh.seek(0)
        try:
            document = json.load(fh)
        except ValueError as exc:
            raise UnreadableFile(f"{path}: invalid JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise UnreadableFile(f"{path}: not a FHIR resource")
    if document.get("resourceType") == "Bundle":
        for index, entry in enumerate(as_list(document.get("entry")), start=1):
            resource = entry.get("resource") if isinstance(entry, dict) else None
            if isinstance(resource, dict):
                yield index, resource
            else:
                yield index, Reject(source="fhir", file=name, line=index, reason="Bundle entry without a resource")
    else:
        yield 1, document


def _first_error(exc: ValidationError) -> tuple[str | None, str]:
    err = exc.errors()[0]
    return ".".join(str(p) for p in err["loc"]) or None, err["msg"]


def read_fhir(path: Path | str, region: str | None = None) -> Iterator[LegalEntity | Site | Offer | Reject]:
    path = Path(path)
    name = path.name

    def reject(line: int | None, resource: Json, field: str | None, reason: str) -> Reject:
        return Reject(
            source="fhir",
            file=name,
            line=line,
            record_id=str(resource.get("id", "")) or None,
            field=field,
            reason=reason,
        )

    orgs: dict[str, _Org] = {}
    places: dict[str, _Place] = {}
    roles: dict[str, tuple[list[str], list[str]]] = {}
    first_place: dict[str, str] = {}  # provider organisation id → the place of its first offer
    supported = {"Organization", "Location", "PractitionerRole", "HealthcareService", "Practitioner"}
    # Pass 1: everything but the offers.
    for line, item in _resources(path):
        if isinstance(item, Reject):
            yield item
            continue
        kind = item.get("resourceType")
        if kind not in supported:
            yield reject(line, item, "resourceType", f"resource type {kind!r} is not read by ror-search")
        elif not item.get("id"):
            yield reject(line, item, "id", "resource without id")
        elif kind == "Organization":
            orgs[str(item["id"])] = _org(item, line)
        elif kind == "Location":
            try:
                places[str(item["id"])] = _place(item)
            except (ValidationError, ValueError, TypeError) as exc:
                yield reject(line, item, "position", f"bad Location: {exc}"[:300])
        elif kind == "HealthcareService":
            provider, place_id = ref_id(item.get("providedBy")), ref_id(next(iter(as_list(item.get("location"))), None))
            if provider and place_id:
                first_place.setdefault(provider, place_id)
        elif kind == "PractitionerRole":
            for service in as_list(item.get("healthcareService")):
                service_id = ref_id(service)
                if service_id:
                    professions, specialties = roles.setdefault(service_id, ([], []))
                    professions += codes_from(item.get("code"), "TRE_G15", "JDV_J229", "J106")
                    specialties += codes_from(item.get("specialty"), "TRE_R38", "JDV_J210")

    # Legal entities, then sites.
    for org in orgs.values():
        if _is_site(org):
            continue
        if not org.finess:
            continue  # an internal organisation (OI) or an EJ without FINESS: reached through its sites
        try:
            yield LegalEntity(
                finess=org.finess,
                name=org.name or org.finess,
                provenance=_provenance(org.resource, name, org.line, region),
            )
        except ValidationError as exc:
            field, msg = _first_error(exc)
            yield reject(org.line, org.resource, field, msg)
    site_keys: dict[str, str] = {}
    for org in orgs.values():
        if not _is_site(org) or _is_internal(org, orgs):
            continue  # internal organisations (OI) are folded into their site
        parent = orgs.get(org.part_of or "")
        try:
            site = Site(
                finess=org.finess,
                ror_id=None if org.finess else org.id,
                legal_entity_finess=parent.finess if parent and not _is_site(parent) else None,
                name=org.name or "",
                category=org.category,
                address=_address(org.resource),
                location=_address_point(org.resource),
                contacts=tuple(_org_contacts(org.resource)),
                raw={"fhir": org.resource},
                provenance=_provenance(org.resource, name, org.line, region),
            )
        except ValidationError as exc:
            field, msg = _first_error(exc)
            yield reject(org.line, org.resource, field, msg)
            continue
        site_keys[org.id] = site.key
        place = places.get(first_place.get(org.id, ""))
        if site.location is None and place is not None and place.position is not None:
            # No coordinates on the EG: those of the place of its first offer.
            address = site.address
            if address.insee_code is None and place.insee_code:
                address = address.model_copy(update={"insee_code": place.insee_code})
            site = site.model_copy(update={"location": place.position, "address": address})
        yield site

    # Pass 2: offers.
    for line, item in _resources(path):
        if isinstance(item, Reject) or item.get("resourceType") != "HealthcareService" or not item.get("id"):
            continue
        provider = ref_id(item.get("providedBy"))
        site_org = _site_of(provider, orgs)
        if site_org is None or site_org.id not in site_keys:
            yield reject(
                line, item, "providedBy", f"offer provided by an unknown or rejected organisation {provider!r}"
            )
            continue
        try:
            yield _offer(item, line, name, region, site_keys[site_org.id], site_org, places, roles)
        except ValidationError as exc:
            field, msg = _first_error(exc)
            yield reject(line, item, field, msg)


def _site_of(org_id: str | None, orgs: dict[str, _Org]) -> _Org | None:
    """The site (EG) an offer belongs to: its provider, or the provider's nearest parent that is a site."""
    seen: set[str] = set()
    while org_id and org_id in orgs and org_id not in seen:
        seen.add(org_id)
        org = orgs[org_id]
        if org.category is not None or org.finess is not None:
            return org if _is_site(org) else None
        org_id = org.part_of
    return None


def _offer(
    service: Json,
    line: int | None,
    file: str,
    region: str | None,
    site_key: str,
    site_org: _Org,
    places: dict[str, _Place],
    roles: dict[str, tuple[list[str], list[str]]],
) -> Offer:
    characteristic = service.get("characteristic")
    patient = extension(service, "ror-healthcareservice-patient-type")
    age = value(extension(patient, "ageRange")) if patient else None
    low = (age or {}).get("low", {}).get("value") if isinstance(age, dict) else None
    high = (age or {}).get("high", {}).get("value") if isinstance(age, dict) else None
    linked = [places[p] for p in (ref_id(x) for x in as_list(service.get("location"))) if p and p in places]
    capacities: dict[str, int] = {}
    available: dict[str, tuple[int, datetime | None]] = {}
    equipment: list[str] = []
    for place in linked:
        for nature, n in place.capacities.items():
            capacities[nature] = capacities.get(nature, 0) + n
        for nature, (free, at) in place.available.items():
            old_free, old_at = available.get(nature, (0, None))
            newest = max((d for d in (old_at, at) if d is not None), default=None)
            available[nature] = (old_free + free, newest)
        equipment += place.equipment
    stay = codes_from(characteristic, "TRE_R240", "JDV_J30")
    prices, social_aid = _prices(site_org.resource, stay)
    professions, specialties = roles.get(str(service["id"]), ([], []))
    return Offer(
        offer_id=str(service["id"]),
        site_key=site_key,
        name=service.get("name") or site_org.name or str(service["id"]),
        offer_type=first_code(service.get("category"), "TRE_R244", "JDV_J238"),
        activities=tuple(codes_from(service.get("specialty"), "TRE_R211", "JDV_J17")),
        care_modes=tuple(codes_from(characteristic, "TRE_R213", "JDV_J19")),
        publics=tuple(codes_from(value(extension(patient, "supportedPatientInfo")), "TRE_R239", "JDV_J29")),
        age_min=int(low) if isinstance(low, int | float) else None,
        age_max=int(high) if isinstance(high, int | float) else None,
        accommodation=tuple(stay),
        equipment=tuple(dict.fromkeys(equipment)),
        professions=tuple(dict.fromkeys(professions)),
        specialties=tuple(dict.fromkeys(specialties)),
        capacities=tuple(Capacity(type_code=k, installed=v) for k, v in sorted(capacities.items())),
        availability=tuple(
            Availability(bed_type=k, free=free, observed_at=at) for k, (free, at) in sorted(available.items()) if at
        ),
        prices=prices,
        social_aid=social_aid,
        contacts=tuple(_offer_contacts(service)),
        opening_hours=_opening_hours(service),
        raw={"fhir": service},
        provenance=_provenance(service, file, line, region),
    )
