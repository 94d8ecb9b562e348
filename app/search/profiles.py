"""Ranking profiles, one per use case (docs/ranking.md): defaults and implicit filters."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ProfileName = Literal["nursing_home", "practitioner", "emergency"]
SortName = Literal["distance", "relevance"]


@dataclass(frozen=True)
class Profile:
    name: str
    sort: SortName
    # Implicit filters, applied unless the caller gives the same parameter (codes, OR within a field).
    categories: tuple[str, ...] = ()
    activities: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ("offer", "site")
    availability_max_age_h: float = 24.0
    distance_pivot_km: float = 10.0
    rotate_ties: bool = False
    notes: tuple[str, ...] = field(default=())


PROFILES: dict[str, Profile] = {
    # ViaTrajectoire: EHPAD (TRE_R66 500) and résidences autonomie (202); nearest first.
    "nursing_home": Profile(
        name="nursing_home",
        sort="distance",
        categories=("500", "202"),
        kinds=("offer", "site"),
        notes=("EHPAD and résidences autonomie", "nearest first"),
    ),
    # santé.fr / GP referral: relevance blended with distance, ties rotated fairly by a seed.
    "practitioner": Profile(
        name="practitioner",
        sort="relevance",
        kinds=("offer",),
        distance_pivot_km=5.0,
        rotate_ties=True,
        notes=("text relevance blended with distance", "equal scores rotated by a seeded order"),
    ),
    # SMUR: hard filters, nearest first, availability must be fresh (12 h by default).
    "emergency": Profile(
        name="emergency",
        sort="distance",
        kinds=("offer",),
        availability_max_age_h=12.0,
        notes=("hard filters on activity, equipment and free beds", "nearest first", "stale figures flagged"),
    ),
}

DEFAULT = Profile(name="default", sort="distance")
