"""``GET /v1/search`` parameters, validated: every bad value is a 422 naming the parameter and why."""

from __future__ import annotations

from dataclasses import dataclass, field

from app.search.profiles import DEFAULT, PROFILES, Profile, SortName
from nomenclatures import loader

MAX_SIZE = 100
MAX_RADIUS_KM = 1000.0
MAX_PAGE_DEPTH = 10_000  # track_total_hits bound, and the deepest a cursor can go by from+size

# Repeatable coded filters: parameter → (document field, nomenclature)
CODED_FILTERS: dict[str, tuple[str, str]] = {
    "category": ("site.category", "category"),
    "activity": ("activities", "activity"),
    "profession": ("professions", "profession"),
    "public": ("publics", "public"),
    "accommodation": ("accommodation", "accommodation"),
    "equipment": ("equipment", "equipment"),
}


class ParamError(ValueError):
    """A bad parameter: answered 422 with the parameter's name and the reason."""

    def __init__(
        self, param: str, reason: str, suggestions: list[str] | None = None, where: str = "query", status: int = 422
    ) -> None:
        super().__init__(f"{param}: {reason}")
        self.param = param
        self.reason = reason
        self.suggestions = suggestions or []
        self.where = where
        self.status = status


@dataclass(frozen=True)
class Origin:
    lat: float
    lon: float
    label: str
    precision: str
    department: str | None = None


@dataclass(frozen=True)
class SearchParams:
    """Validated, resolved parameters: codes instead of labels, an origin point, the profile's defaults."""

    origin: Origin | None
    radius_km: float | None  # None: adaptive (per department, widened when too few results)
    q: str | None
    profile: Profile
    filters: dict[str, tuple[str, ...]]  # parameter name → codes
    age: int | None
    social_aid: bool | None
    price_max_month: float | None
    beds_min: int | None
    availability_max_age_h: float
    sort: SortName
    size: int
    explain: bool
    cursor: str | None = None
    alternatives: tuple[Origin, ...] = field(default=())


def resolve_codes(param: str, values: list[str]) -> tuple[str, ...]:
    """Codes or exact labels (accent- and case-insensitive) → codes; unknown values are a ParamError.

    A value may list several codes separated by commas, unless the whole value is itself a label
    ("Gériatrie, Gérontologie")."""
    _, system_name = CODED_FILTERS[param]
    system = loader.get(system_name)
    out: dict[str, None] = {}
    for raw in values:
        raw = raw.strip()
        try:
            out[system.resolve(raw).code] = None
            continue
        except loader.UnknownCode:
            pass
        for value in (v.strip() for v in raw.split(",")):
            if not value:
                continue
            try:
                out[system.resolve(value).code] = None
            except loader.UnknownCode:
                hints = [f"{c.code} {c.label}" for c in system.search(value, limit=5)]
                raise ParamError(param, f"unknown code or label {value!r} in {system.id}", hints) from None
    return tuple(out)


def check_range(param: str, value: float | None, low: float, high: float, low_open: bool = False) -> None:
    if value is None:
        return
    if value != value or (value <= low if low_open else value < low) or value > high:
        bound = f"> {low:g}" if low_open else f">= {low:g}"
        raise ParamError(param, f"must be {bound} and <= {high:g} (got {value:g})")


def resolve_profile(name: str | None) -> Profile:
    if name is None:
        return DEFAULT
    if name not in PROFILES:
        raise ParamError("profile", f"unknown profile {name!r}; known: {', '.join(sorted(PROFILES))}")
    return PROFILES[name]
