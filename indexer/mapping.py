"""The versioned index mapping (``mappings/offers-v<N>.json``) and the synonyms drawn from nomenclatures."""

from __future__ import annotations

import copy
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from nomenclatures import loader
from nomenclatures.loader import fold

MAPPINGS_DIR = Path(__file__).resolve().parents[1] / "mappings"
CURRENT_VERSION = 1
SYNONYM_SYSTEMS = ("category", "activity", "equipment", "care_mode", "profession", "offer_type")

# Abbreviations in labels, e.g. "Centre hospitalier régional (CHR)", "Scanner (TDM)".
_ABBREVIATION = re.compile(r"^(?P<long>.+?)\s*\((?P<short>[A-Za-zÀ-ÿ0-9.\- ]{2,12})\)\s*$")


@cache
def _raw(version: int) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((MAPPINGS_DIR / f"offers-v{version}.json").read_text(encoding="utf-8"))
    return data


def nomenclature_synonyms() -> list[str]:
    """Solr-format synonym rules from labels with an abbreviation: 'chr, centre hospitalier regional'."""
    rules: dict[str, None] = {}
    for name in SYNONYM_SYSTEMS:
        for concept in loader.get(name):
            match = _ABBREVIATION.match(concept.label)
            if not match:
                continue
            if any(c.islower() for c in match.group("short")):
                continue  # "(cancérologie)" is a qualifier, not an abbreviation
            short = fold(match.group("short").replace(".", ""))
            long = fold(match.group("long"))
            if short and long and short != long and not short.isdigit():
                rules[f"{short}, {long}"] = None
    rules["ehpad, etablissement d hebergement pour personnes agees dependantes"] = None
    rules["irm, imagerie par resonance magnetique"] = None
    rules["usi, soins intensifs"] = None
    return sorted(rules)


def index_body(version: int = CURRENT_VERSION, shards: int = 1, replicas: int = 0) -> dict[str, Any]:
    """Settings and mappings to create an index of ``version``, with synonyms filled in."""
    raw = copy.deepcopy(_raw(version))
    settings = raw["settings"]
    settings["index"]["number_of_shards"] = shards
    settings["index"]["number_of_replicas"] = replicas
    settings["analysis"]["filter"]["nomenclature_synonyms"]["synonyms"] = nomenclature_synonyms()
    mappings = raw["mappings"]
    mappings["_meta"] = {"mapping_version": version}
    return {"settings": settings, "mappings": mappings}
