"""Reader for the FINESS establishment extract published on data.gouv.fr (etalab, ``t-finess``).

The file is ``;``-separated, one record per line, in two sections:

- ``structureet;nofinesset;nofinessej;rs;rslongue;complrs;compldistrib;numvoie;typvoie;voie;compvoie;
  lieuditbp;commune;departement;libdepartement;ligneacheminement;telephone;telecopie;categetab;
  libcategetab;categagretab;libcategagretab;siret;codeape;codemft;libmft;codesph;libsph;dateouv;
  dateautor;datemaj;numuai`` (32 fields), then
- ``geolocalisation;nofinesset;coordxet;coordyet;sourcecoordet;datemaj`` (6 fields), coordinates in
  the projection of the territory (Lambert-93 in mainland, UTM overseas).

A first line ``finess;etalab;...`` may stand before them. Encoding is UTF-8 or ISO-8859-1 (detected
on the first 64 KiB). The file is read line by line: sites are held until their geolocation line
(the second section) is met, then yielded; rejects are yielded as they are found.
"""

from __future__ import annotations

import io
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from pydantic import ValidationError

from indexer.records import Address, Contact, Point, Provenance, Reject, Site
from indexer.sources import UnreadableFile
from indexer.sources.projections import SUPPORTED_CRS, crs_for, to_wgs84

STRUCTURE_FIELDS = (
    "section nofinesset nofinessej rs rslongue complrs compldistrib numvoie typvoie voie compvoie "
    "lieuditbp commune departement libdepartement ligneacheminement telephone telecopie categetab "
    "libcategetab categagretab libcategagretab siret codeape codemft libmft codesph libsph dateouv "
    "dateautor datemaj numuai"
).split()
GEO_FIELDS = "section nofinesset coordxet coordyet sourcecoordet datemaj".split()

# FINESS codes overseas departments with a letter; INSEE uses 971–976.
OVERSEAS_DEPARTMENTS = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976"}


@dataclass
class _Pending:
    site: Site
    line: int
    finess_department: str


def detect_encoding(path: Path, sample_bytes: int = 1 << 20) -> str:
    """UTF-8 or ISO-8859-1, by a vote of the non-ASCII lines in the first MiB: a UTF-8 file with a few
    stray Latin-1 lines stays UTF-8 (those lines are then rejected, not garbled)."""
    utf8_lines = latin1_lines = 0
    with path.open("rb") as fh:
        for bline in fh.readlines(sample_bytes):
            if bline.isascii():
                continue
            try:
                bline.decode("utf-8")
                utf8_lines += 1
            except UnicodeDecodeError:
                latin1_lines += 1
    return "iso-8859-1" if latin1_lines > utf8_lines else "utf-8"


def sniff(path: Path | str) -> None:
    """Raise UnreadableFile unless ``path`` opens and starts like a FINESS extract (checked before loading)."""
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = [line for line in fh.readlines(65536) if line.strip()][:2]
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc
    sections = [line.split(b";", 1)[0].strip().lower() for line in head]
    if not any(s in (b"structureet", b"geolocalisation") for s in sections):
        raise UnreadableFile(f"{path}: no 'structureet' or 'geolocalisation' line at the start; not a FINESS extract")


def insee_department(finess_department: str) -> str:
    return OVERSEAS_DEPARTMENTS.get(finess_department.upper(), finess_department)


def insee_code(finess_department: str, commune: str) -> str | None:
    """INSEE commune code from FINESS department + 3-digit commune (overseas: '9A' + '105' → '97105')."""
    if not commune or not commune.isdigit() or len(commune) != 3:
        return None
    dep = finess_department.upper()
    if dep in OVERSEAS_DEPARTMENTS:
        return "97" + commune
    return dep + commune


def _parse_date(value: str) -> datetime | None:
    try:
        return datetime.combine(date.fromisoformat(value.strip()), datetime.min.time())
    except ValueError:
        return None


def _street(fields: dict[str, str]) -> str | None:
    parts = [fields["numvoie"], fields["typvoie"], fields["voie"], fields["compvoie"]]
    line = " ".join(p.strip() for p in parts if p.strip())
    extra = [p.strip() for p in (fields["lieuditbp"], fields["compldistrib"]) if p.strip()]
    return ", ".join([line, *extra]) if line or extra else None


def _postal(acheminement: str) -> tuple[str | None, str | None]:
    """'31059 TOULOUSE CEDEX 9' → ('31059', 'TOULOUSE CEDEX 9')."""
    text = acheminement.strip()
    if len(text) >= 5 and text[:5].isdigit():
        return text[:5], text[5:].strip() or None
    return None, text or None


def _site_from_structure(fields: dict[str, str], provenance: Provenance) -> Site:
    dep = fields["departement"].strip()
    postal_code, city = _postal(fields["ligneacheminement"])
    contacts = [
        Contact(kind=kind, value=value.strip(), label=label)
        for kind, value, label in (
            ("phone", fields["telephone"], "standard"),
            ("fax", fields["telecopie"], None),
        )
        if value.strip()
    ]
    nofinessej = fields["nofinessej"].strip()
    return Site(
        finess=fields["nofinesset"].strip(),
        legal_entity_finess=nofinessej or None,
        name=(fields["rslongue"].strip() or fields["rs"].strip()),
        category=fields["categetab"].strip() or None,
        address=Address(
            line=_street(fields),
            postal_code=postal_code,
            city=city,
            insee_code=insee_code(dep, fields["commune"].strip()),
            department=insee_department(dep) if dep else None,
        ),
        contacts=tuple(contacts),
        raw={k: v for k, v in fields.items() if k != "section" and v.strip()},
        provenance=provenance,
    )


def _location(fields: dict[str, str], finess_department: str) -> Point:
    """WGS84 point of a geolocalisation line; ValueError naming the field when it cannot be."""
    try:
        x = float(fields["coordxet"].replace(",", "."))
    except ValueError:
        raise ValueError(f"coordxet: not a number: {fields['coordxet']!r}") from None
    try:
        y = float(fields["coordyet"].replace(",", "."))
    except ValueError:
        raise ValueError(f"coordyet: not a number: {fields['coordyet']!r}") from None
    if not (math.isfinite(x) and math.isfinite(y)):
        raise ValueError("coordxet: coordinates are not finite")
    epsg = crs_for(fields["sourcecoordet"], finess_department)
    if epsg not in SUPPORTED_CRS:  # pragma: no cover - crs_for only returns supported ones
        raise ValueError(f"sourcecoordet: unsupported projection EPSG:{epsg}")
    lon, lat = to_wgs84(epsg).transform(x, y)
    if not (math.isfinite(lat) and math.isfinite(lon) and -90 <= lat <= 90 and -180 <= lon <= 180):
        raise ValueError(f"coordxet: ({x}, {y}) is outside EPSG:{epsg}")
    return Point(lat=round(lat, 7), lon=round(lon, 7), source_x=x, source_y=y, source_crs=epsg)


def _first_error(exc: ValidationError) -> tuple[str | None, str]:
    err = exc.errors()[0]
    field = ".".join(str(p) for p in err["loc"]) or None
    return field, err["msg"]


def read_finess(path: Path | str, region: str | None = None) -> Iterator[Site | Reject]:
    """Stream sites (with WGS84 location when the file gives one) and rejects from a FINESS extract."""
    path = Path(path)
    name = path.name
    try:
        encoding = detect_encoding(path)
        raw = path.open("rb")
    except OSError as exc:
        raise UnreadableFile(f"{path}: {exc.strerror or exc}") from exc

    def reject(line: int, reason: str, record_id: str | None = None, field: str | None = None) -> Reject:
        return Reject(source="finess", file=name, line=line, record_id=record_id, field=field, reason=reason)

    pending: dict[str, _Pending] = {}
    seen_section = False
    with raw:
        for number, bline in enumerate(raw, start=1):
            try:
                text = bline.decode(encoding).rstrip("\r\n")
            except UnicodeDecodeError as exc:
                yield reject(number, f"not valid {encoding} at byte {exc.start} (stray encoding)")
                continue
            if not text.strip():
                continue
            cells = text.split(";")
            section = cells[0].strip().lower()
            if number == 1 and section == "finess":
                continue
            if section == "structureet":
                seen_section = True
                if len(cells) != len(STRUCTURE_FIELDS):
                    yield reject(
                        number,
                        f"structureet line has {len(cells)} fields, expected {len(STRUCTURE_FIELDS)}",
                        cells[1].strip() if len(cells) > 1 else None,
                    )
                    continue
                fields = dict(zip(STRUCTURE_FIELDS, cells, strict=True))
                finess = fields["nofinesset"].strip()
                provenance = Provenance(
                    source="finess",
                    file=name,
                    line=number,
                    record_id=finess,
                    region=region,
                    source_updated_at=_parse_date(fields["datemaj"]),
                )
                try:
                    site = _site_from_structure(fields, provenance)
                except ValidationError as exc:
                    field, msg = _first_error(exc)
                    yield reject(number, msg, finess, field)
                    continue
                if finess in pending:
                    yield reject(
                        number,
                        f"duplicate structureet for {finess} (first at line {pending[finess].line})",
                        finess,
                        "nofinesset",
                    )
                    continue
                pending[finess] = _Pending(site, number, fields["departement"].strip())
            elif section == "geolocalisation":
                seen_section = True
                geo_finess = cells[1].strip() if len(cells) > 1 else None
                if len(cells) != len(GEO_FIELDS):
                    yield reject(
                        number,
                        f"geolocalisation line has {len(cells)} fields, expected {len(GEO_FIELDS)}",
                        geo_finess,
                    )
                    continue
                geo = dict(zip(GEO_FIELDS, cells, strict=True))
                entry = pending.pop(geo_finess or "", None)
                if entry is None:
                    yield reject(
                        number,
                        "geolocalisation for a FINESS ET with no structureet line before it",
                        geo_finess,
                        "nofinesset",
                    )
                    continue
                site = entry.site
                try:
                    location: Point | None = _location(geo, entry.finess_department)
                except ValueError as exc:
                    field, _, msg = str(exc).partition(": ")
                    yield reject(number, msg, geo_finess, field)
                    location = None
                yield site.model_copy(update={"location": location}) if location else site
            else:
                if number <= 2 and not seen_section:
                    raise UnreadableFile(
                        f"{path}: line {number} starts with {section[:40]!r}; a FINESS extract has "
                        "'structureet' and 'geolocalisation' lines"
                    )
                yield reject(number, f"unknown section {section[:40]!r}", cells[1].strip() if len(cells) > 1 else None)
    if not seen_section:
        raise UnreadableFile(f"{path}: no 'structureet' line; not a FINESS extract")
    # Sites whose geolocation line never came: loaded without a location.
    for entry in pending.values():
        yield entry.site


def write_finess_lines(rows: list[dict[str, str]]) -> str:
    """Serialise FINESS lines (used to build fixtures): each row has 'section' and that section's fields."""
    out = io.StringIO()
    for row in rows:
        names = STRUCTURE_FIELDS if row["section"] == "structureet" else GEO_FIELDS
        out.write(";".join(row.get(n, "") for n in names) + "\n")
    return out.getvalue()
