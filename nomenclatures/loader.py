"""NOS code systems (TRE_R* tables and the ROR's JDV value sets) shipped in ``nomenclatures/data``.

``get(name)`` returns a :class:`CodeSystem` by the name the product uses (``activity``,
``category``…) or by its table id (``TRE_R211``, ``JDV_J17``). Unknown codes are errors:
:meth:`CodeSystem.require` raises :class:`UnknownCode`.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).with_name("data")

# Product name → tables. Where the ROR publishes a value set (JDV) of what it accepts, with current
# labels, it comes first; the full code system after it adds the codes the value set leaves out
# (e.g. FINESS categories outside the ROR's scope such as pharmacies), with their older labels.
ROLES: dict[str, tuple[str, ...]] = {
    "category": ("JDV_J55", "TRE_R66"),  # catégorie d'établissement
    "activity": ("JDV_J17", "TRE_R211"),  # activité opérationnelle
    "equipment": ("TRE_R212",),  # équipement (current table; the value set JDV_J18 lacks Scanner, IRM)
    "care_mode": ("TRE_R213",),  # mode de prise en charge (current table, with status)
    "offer_type": ("JDV_J238", "TRE_R244"),  # type d'offre / catégorie d'organisation
    "public": ("TRE_R239",),  # public pris en charge
    "profession": ("TRE_G15",),  # profession de santé
    "specialty": ("TRE_R38",),  # spécialité ordinale
    "activity_field": ("TRE_R227",),  # champ d'activité
    "reception": ("TRE_R338",),  # modalité d'accueil
    "capacity_nature": ("TRE_R329",),  # lit / place / logement
    "capacity_status": ("TRE_R330",),  # installé, disponible, …
    "place_function": ("TRE_R343",),  # fonction du lieu
    "accommodation": ("TRE_R240",),  # temporalité d'accueil: 01 temporaire, 02 permanent
    "financial_aid": ("TRE_R241",),  # aide financière: 02 habilité aide sociale
    "price_type": ("TRE_R246",),  # type de tarif
    "price_unit": ("TRE_R228",),  # unité de prix: 2 journalier, 3 mensuel
    "dependency_group": ("TRE_R237",),  # groupe tarifaire dépendance (GIR 1-2, 3-4, 5-6)
    "confidentiality": ("TRE_R283",),  # niveau de confidentialité: 1 grand public
    "region": ("TRE_R30",),  # région (code INSEE)
}


class UnknownCode(ValueError):
    def __init__(self, system: str, code: str) -> None:
        super().__init__(f"unknown code {code!r} in {system}")
        self.system = system
        self.code = code


def fold(text: str) -> str:
    """Lower case, no accents or punctuation, one space: 'Réanimation  Médicale' → 'reanimation medicale'."""
    decomposed = unicodedata.normalize("NFKD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    cleaned = "".join(c if c.isalnum() else " " for c in bare)
    return " ".join(cleaned.split())


@dataclass(frozen=True)
class Concept:
    code: str
    label: str
    parent: str | None = None
    status: str | None = None
    end_date: str | None = None
    system: str | None = None

    @property
    def active(self) -> bool:
        return self.status not in ("deprecated", "inactive", "retired") and self.end_date is None


@dataclass
class CodeSystem:
    id: str
    name: str
    title: str
    url: str | None
    version: str | None
    provenance: dict[str, Any]
    concepts: dict[str, Concept] = field(repr=False)
    _folded: list[tuple[str, Concept]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self._folded = [(fold(c.label), c) for c in self.concepts.values()]

    def __contains__(self, code: object) -> bool:
        return code in self.concepts

    def __iter__(self) -> Iterator[Concept]:
        return iter(self.concepts.values())

    def __len__(self) -> int:
        return len(self.concepts)

    @property
    def hierarchical(self) -> bool:
        return any(c.parent for c in self.concepts.values())

    def require(self, code: str) -> Concept:
        try:
            return self.concepts[code]
        except KeyError:
            raise UnknownCode(self.id, code) from None

    def label(self, code: str) -> str:
        return self.require(code).label

    def is_valid(self, code: str) -> bool:
        """Known and still in force (not deprecated, no end date)."""
        concept = self.concepts.get(code)
        return concept is not None and concept.active

    def ancestors(self, code: str) -> list[str]:
        """Parents of ``code``, nearest first (empty for flat tables)."""
        out: list[str] = []
        parent = self.require(code).parent
        while parent and parent not in out:
            out.append(parent)
            parent = self.concepts[parent].parent if parent in self.concepts else None
        return out

    def search(self, text: str, limit: int = 10) -> list[Concept]:
        """Concepts whose label matches typed text, accent- and case-insensitive: exact label first,
        then labels starting with it, then labels containing every word."""
        query = fold(text)
        if not query:
            return []
        words = query.split()
        exact, prefix, contains = [], [], []
        for folded, concept in self._folded:
            if folded == query:
                exact.append(concept)
            elif folded.startswith(query):
                prefix.append(concept)
            elif all(any(token.startswith(w) for token in folded.split()) for w in words):
                contains.append(concept)

        def order(c: Concept) -> tuple[bool, int]:
            return (not c.active, len(c.label))

        ranked = sorted(exact, key=order) + sorted(prefix, key=order) + sorted(contains, key=order)
        return ranked[:limit]

    def resolve(self, value: str) -> Concept:
        """A code, or an exact label (accent- and case-insensitive), to its concept; UnknownCode otherwise."""
        if value in self.concepts:
            return self.concepts[value]
        query = fold(value)
        for folded, concept in self._folded:
            if folded == query:
                return concept
        raise UnknownCode(self.id, value)


def _load_file(path: Path) -> CodeSystem:
    data = json.loads(path.read_text(encoding="utf-8"))
    concepts = {
        str(c["code"]): Concept(
            code=str(c["code"]),
            label=str(c["display"]),
            parent=c.get("parent"),
            status=c.get("status"),
            end_date=c.get("date_fin"),
            system=c.get("system"),
        )
        for c in data["concepts"]
    }
    return CodeSystem(
        id=data["id"],
        name=data["name"],
        title=data.get("title") or data["name"],
        url=data.get("url"),
        version=data.get("version"),
        provenance=data.get("provenance", {}),
        concepts=concepts,
    )


@cache
def _by_id() -> dict[str, CodeSystem]:
    systems = {}
    for path in sorted(DATA_DIR.glob("*.json")):
        system = _load_file(path)
        systems[system.id] = system
    return systems


def available() -> dict[str, tuple[str, ...]]:
    """Product names → table ids (value set first)."""
    return dict(ROLES)


@cache
def get(name: str) -> CodeSystem:
    """A code system by product name (``activity``: its tables merged, the first one's labels winning)
    or by table id (``TRE_R211``, ``JDV_J17``)."""
    systems = _by_id()
    tables = ROLES.get(name, (name,))
    missing = [t for t in tables if t not in systems]
    if missing:
        raise KeyError(f"unknown nomenclature {name!r}; known: {', '.join(sorted(ROLES))}")
    if len(tables) == 1:
        return systems[tables[0]]
    first = systems[tables[0]]
    concepts: dict[str, Concept] = {}
    for table in reversed(tables):
        concepts.update(systems[table].concepts)
    return CodeSystem(
        id=first.id,
        name=name,
        title=first.title,
        url=first.url,
        version=first.version,
        provenance={"tables": [systems[t].provenance | {"id": t} for t in tables]},
        concepts=concepts,
    )
