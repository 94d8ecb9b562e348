"""Adaptive radius: a default per department (dense Paris ≈ 5 km, rural ≈ 50 km), widened step by step."""

from __future__ import annotations

from nomenclatures.territories import departments

MAX_ADAPTIVE_KM = 400.0
# Dense urban departments (Paris and the petite couronne, Lyon's Rhône, Bouches-du-Rhône, Nord…).
_RADIUS_BY_DEPARTMENT = {
    "75": 5.0,
    "92": 7.0,
    "93": 7.0,
    "94": 7.0,
    "69": 15.0,
    "13": 15.0,
    "59": 15.0,
    "06": 15.0,
    "67": 20.0,
    "31": 20.0,
    "33": 20.0,
    "44": 20.0,
    "34": 20.0,
    "78": 15.0,
    "91": 15.0,
    "95": 15.0,
    "77": 25.0,
    "974": 20.0,
    "971": 20.0,
    "972": 20.0,
}
RURAL_KM = 50.0
DEFAULT_KM = 30.0


def default_radius_km(department: str | None) -> float:
    if department is None or department not in departments():
        return DEFAULT_KM
    return _RADIUS_BY_DEPARTMENT.get(department, RURAL_KM)


def widening_steps(start_km: float) -> list[float]:
    """start, 2×start, 4×start… up to MAX_ADAPTIVE_KM."""
    steps = [start_km]
    while steps[-1] < MAX_ADAPTIVE_KM:
        steps.append(min(steps[-1] * 2, MAX_ADAPTIVE_KM))
    return steps
