"""A small converter from FHIR Shorthand (FSH) *instances* to FHIR JSON dicts, for test fixtures.

There is no SUSHI (and no internet) here, so the example instances of the ROR FHIR implementation guide
(``tests/data/ror-fhir-examples/*.fsh``) are turned into JSON-like dicts by this module. It knows no
StructureDefinition: it follows the text of the rules, plus a few hard-coded facts about FHIR R4 (which
elements are arrays, which are CodeableConcept or Coding). It is not a replacement for SUSHI.

Supported subset
----------------
* ``Alias: $NAME = url`` (aliases are global to the text, as in FSH, and may be used before their definition).
* ``Instance: id`` starts an instance; ``InstanceOf: Type`` sets ``resourceType``. A leading ``ROR`` is
  stripped from profile names (``RORLocation`` -> ``Location``); the result must be a FHIR R4 resource type.
* ``Usage:``, ``Title:`` and ``Description:`` are ignored (a triple-quoted multi-line value is skipped).
  ``//`` line comments and ``/* */`` block comments are ignored (``//`` inside a URL is not a comment).
* Assignment rules ``* path = value`` and path (context) rules ``* path``. A rule is relative to the nearest
  preceding rule whose ``*`` sits in a smaller column, at any indentation depth. Soft indices in a context
  rule are resolved once, so its children all reach the same element.
* Path segments ``name``, ``name[0]``, ``name[+]`` (the element after the current one, skipping elements
  owned by named slices), ``name[=]`` (the current one) and ``name[sliceName]`` (a named slice: its own
  element of the array, allocated on first use and reused afterwards, in order of first use). A segment
  without brackets is element 0 of an array. Every access sets the current element of that array.
* Arrays: a segment with brackets, a few datatype elements (``extension``, ``coding``, ``line``, ``given``,
  ``telecom``, ``profile``, ``tag``...) and the 0..* elements of Organization, HealthcareService, Location,
  Practitioner and PractitionerRole listed in ``_RESOURCE_ARRAYS`` (so ``Location.address`` and
  ``Identifier.type`` are single, ``Organization.address`` and ``PractitionerRole.code`` are arrays). For
  other resource types the array-ness of top-level names is guessed from ``_GENERIC_ARRAYS``.
* Values: ``"strings"`` (escapes ``\\" \\\\ \\n \\r \\t \\uXXXX``), integers, decimals (as ``float``),
  ``true``/``false``, unquoted dates, date-times and times (as strings), ``Reference(Type/id)`` ->
  ``{"reference": "Type/id"}`` (kept verbatim, not resolved), a bare ``$ALIAS`` -> its URL, and codes:
  ``#code`` -> the code string; ``system#code "display"`` (system an alias or a URL) -> a CodeableConcept
  ``{"coding": [{"system", "code", "display"}]}``, or a Coding when the target is a Coding (``coding``,
  ``value*Coding``, ``meta.tag``, ``meta.security``, ``Location.operationalStatus``). A bare ``#code``
  assigned to a known CodeableConcept (or Coding) element becomes one with only ``code``.
* A primitive with children (``* address.line = "45 rue"`` plus ``* address.line.extension[0].url = ...``)
  follows FHIR's JSON rule for primitive extensions: the value at ``line``, the rest at ``_line``
  (``null``-padded when the primitive is in an array).
* Elements that end up empty (a context rule with no assignment below it) are left out.

Limits
------
* Anything else raises ``ValueError`` naming the line: other entities (Profile, Extension, RuleSet,
  ValueSet, CodeSystem...), ``insert``, caret (``^``) rules, ``obeys``, cardinality/``from``/``only``/
  ``contains``/flag rules, ``value[x]`` paths, quantities, ratios, ``Canonical()``, multi-line strings,
  unknown aliases, ``[=]`` before any index, an index that skips elements, duplicate instances.
* Nothing a profile would add is added: no fixed values, no extension ``url`` from a slice definition, no
  ``meta.profile`` from ``InstanceOf``, no slice re-ordering; references to local instances are not resolved.
* Rules that SUSHI would reject but that can still be represented are kept as written and reported with a
  ``FshWarning`` (turn warnings into errors to get a strict mode): an empty value (``* x.id =``, treated as a
  path rule), an element that does not exist in a CodeableConcept or Coding (``* specialty[a].code = ...``), a
  named slice on a primitive array (``* address.line[houseNumber]...``), an extension left without ``url``.
"""

from __future__ import annotations

import dataclasses
import re
import warnings
from pathlib import Path
from typing import Any, Literal, TypeAlias

__all__ = ["FshWarning", "fsh_instances", "load_fsh_file"]

Scalar: TypeAlias = str | int | float | bool
Kind: TypeAlias = Literal["CodeableConcept", "Coding"] | None


class FshWarning(UserWarning):
    """A rule that SUSHI would reject, kept as written (or, for an empty value, read as a path rule)."""


# --- What the converter knows about FHIR R4 -------------------------------------------------------------

_R4_RESOURCE_TYPES = frozenset(
    """
    Account ActivityDefinition AdverseEvent AllergyIntolerance Appointment AppointmentResponse AuditEvent Basic
    Binary BiologicallyDerivedProduct BodyStructure Bundle CapabilityStatement CarePlan CareTeam CatalogEntry
    ChargeItem ChargeItemDefinition Claim ClaimResponse ClinicalImpression CodeSystem Communication
    CommunicationRequest CompartmentDefinition Composition ConceptMap Condition Consent Contract Coverage
    CoverageEligibilityRequest CoverageEligibilityResponse DetectedIssue Device DeviceDefinition DeviceMetric
    DeviceRequest DeviceUseStatement DiagnosticReport DocumentManifest DocumentReference EffectEvidenceSynthesis
    Encounter Endpoint EnrollmentRequest EnrollmentResponse EpisodeOfCare EventDefinition Evidence
    EvidenceVariable ExampleScenario ExplanationOfBenefit FamilyMemberHistory Flag Goal GraphDefinition Group
    GuidanceResponse HealthcareService ImagingStudy Immunization ImmunizationEvaluation ImmunizationRecommendation
    ImplementationGuide InsurancePlan Invoice Library Linkage List Location Measure MeasureReport Media Medication
    MedicationAdministration MedicationDispense MedicationKnowledge MedicationRequest MedicationStatement
    MedicinalProduct MedicinalProductAuthorization MedicinalProductContraindication MedicinalProductIndication
    MedicinalProductIngredient MedicinalProductInteraction MedicinalProductManufactured MedicinalProductPackaged
    MedicinalProductPharmaceutical MedicinalProductUndesirableEffect MessageDefinition MessageHeader
    MolecularSequence NamingSystem NutritionOrder Observation ObservationDefinition OperationDefinition
    OperationOutcome Organization OrganizationAffiliation Parameters Patient PaymentNotice PaymentReconciliation
    Person PlanDefinition Practitioner PractitionerRole Procedure Provenance Questionnaire QuestionnaireResponse
    RelatedPerson RequestGroup ResearchDefinition ResearchElementDefinition ResearchStudy ResearchSubject
    RiskAssessment RiskEvidenceSynthesis Schedule SearchParameter ServiceRequest Slot Specimen SpecimenDefinition
    StructureDefinition StructureMap Subscription Substance SubstanceNucleicAcid SubstancePolymer SubstanceProtein
    SubstanceReferenceInformation SubstanceSourceMaterial SubstanceSpecification SupplyDelivery SupplyRequest Task
    TerminologyCapabilities TestReport TestScript ValueSet VerificationResult VisionPrescription
    """.split()
)

# Datatype elements that are 0..* wherever they appear.
_ALWAYS_ARRAYS = frozenset(
    {
        "extension",
        "modifierExtension",
        "contained",
        "coding",
        "profile",
        "tag",
        "security",
        "line",
        "given",
        "prefix",
        "suffix",
        "telecom",
        "daysOfWeek",
    }
)

# 0..* elements (dotted paths from the resource root, without indices) of the resources the ROR profiles.
_RESOURCE_ARRAYS: dict[str, frozenset[str]] = {
    "Organization": frozenset({"identifier", "type", "alias", "address", "contact", "endpoint"}),
    "HealthcareService": frozenset(
        {
            "identifier",
            "category",
            "type",
            "specialty",
            "location",
            "coverageArea",
            "serviceProvisionCode",
            "eligibility",
            "program",
            "characteristic",
            "communication",
            "referralMethod",
            "availableTime",
            "notAvailable",
            "endpoint",
        }
    ),
    "Location": frozenset({"identifier", "alias", "type", "hoursOfOperation", "endpoint"}),
    "Practitioner": frozenset(
        {"identifier", "name", "address", "photo", "qualification", "qualification.identifier", "communication"}
    ),
    "PractitionerRole": frozenset(
        {
            "identifier",
            "code",
            "specialty",
            "location",
            "healthcareService",
            "availableTime",
            "notAvailable",
            "endpoint",
        }
    ),
}

# A guess, by element name, for resource types missing from _RESOURCE_ARRAYS.
_GENERIC_ARRAYS = frozenset(
    {
        "identifier",
        "type",
        "specialty",
        "characteristic",
        "contact",
        "location",
        "address",
        "category",
        "availableTime",
        "notAvailable",
        "qualification",
        "endpoint",
        "alias",
    }
)

# CodeableConcept elements of those resources (dotted paths from the resource root).
_RESOURCE_CODEABLE: dict[str, frozenset[str]] = {
    "Organization": frozenset({"type", "contact.purpose"}),
    "HealthcareService": frozenset(
        {
            "category",
            "type",
            "specialty",
            "serviceProvisionCode",
            "eligibility.code",
            "program",
            "characteristic",
            "communication",
            "referralMethod",
        }
    ),
    "Location": frozenset({"type", "physicalType"}),
    "Practitioner": frozenset({"qualification.code", "communication"}),
    "PractitionerRole": frozenset({"code", "specialty"}),
}
_RESOURCE_CODING: dict[str, frozenset[str]] = {"Location": frozenset({"operationalStatus"})}

_CHILDREN: dict[str, frozenset[str]] = {
    "CodeableConcept": frozenset({"id", "extension", "coding", "text"}),
    "Coding": frozenset({"id", "extension", "system", "version", "code", "display", "userSelected"}),
}

# Arrays of primitives: FHIR gives them no named slices.
_PRIMITIVE_ARRAYS = frozenset({"line", "given", "prefix", "suffix", "profile", "alias", "daysOfWeek"})

# --- Lexical patterns -------------------------------------------------------------------------------------

_STRING = r'"(?:[^"\\]|\\.)*"'
_STRING_RE = re.compile(_STRING)
_CODE_RE = re.compile(rf'(?P<system>[^\s#"]*)#(?P<code>{_STRING}|[^\s"]+)(?:\s+(?P<display>{_STRING}))?')
_REFERENCE_RE = re.compile(r"Reference\(\s*(?P<target>[^()\s]+)\s*\)")
_INTEGER_RE = re.compile(r"[+-]?\d+")
_DECIMAL_RE = re.compile(r"[+-]?\d+\.\d+(?:[eE][+-]?\d+)?")
_DATE_RE = re.compile(r"\d{4}-\d{2}(?:-\d{2}(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?)?)?")
_TIME_RE = re.compile(r"\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?")
_SEGMENT_RE = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9_]*)(?:\[(?P<index>[^\[\]]+)\])?")
_KEYWORD_RE = re.compile(r"(?P<keyword>[A-Za-z]+)\s*:\s*(?P<value>.*)")
_ALIAS_RE = re.compile(r"(?P<name>[^\s=]+)\s*=\s*(?P<url>\S+)")
_ID_RE = re.compile(r"[A-Za-z0-9\-.]{1,64}")
_CARDINALITY_RE = re.compile(r"\d+\.\.(?:\d+|\*)")
_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "r": "\r", "t": "\t"}
_RULE_KEYWORDS = ("insert", "obeys", "from", "only", "contains", "MS", "SU", "TU", "N", "D", "?!", "->")


@dataclasses.dataclass
class _Code:
    system: str | None
    code: str
    display: str | None


@dataclasses.dataclass
class _Elem:
    """One element of the instance tree: an optional primitive value and named children."""

    line: int
    kind: Kind = None
    value: Scalar | None = None
    has_value: bool = False
    fields: dict[str, _Field] = dataclasses.field(default_factory=dict)


@dataclasses.dataclass
class _Field:
    """The values of one child name: one element, or an array with its named slices and soft index."""

    is_array: bool
    items: list[_Elem] = dataclasses.field(default_factory=list)
    slices: dict[str, int] = dataclasses.field(default_factory=dict)
    current: int = -1


@dataclasses.dataclass
class _Segment:
    name: str
    index: str | None


@dataclasses.dataclass
class _Instance:
    id: str
    line: int
    resource_type: str | None = None
    root: _Elem = dataclasses.field(default_factory=lambda: _Elem(line=0))
    # (column of "*", element the rule reached, its names from the root)
    stack: list[tuple[int, _Elem, tuple[str, ...]]] = dataclasses.field(default_factory=list)


def _strip_comments(text: str, source: str) -> str:
    """Blank out comments, keeping every newline so that line numbers stay right."""
    out: list[str] = []
    i, n = 0, len(text)
    while i < n:
        if text.startswith('"""', i):
            j = text.find('"""', i + 3)
            end = n if j < 0 else j + 3
            out.append(text[i:end])
            i = end
            continue
        char = text[i]
        if char == '"':
            j = i + 1
            while j < n and text[j] not in '"\n':
                j += 2 if text[j] == "\\" else 1
            end = j + 1 if j < n and text[j] == '"' else min(j, n)
            out.append(text[i:end])
            i = end
            continue
        token_start = i == 0 or text[i - 1].isspace()
        if token_start and text.startswith("//", i):
            j = text.find("\n", i)
            end = n if j < 0 else j
            out.append(" " * (end - i))
            i = end
            continue
        if token_start and text.startswith("/*", i):
            j = text.find("*/", i + 2)
            if j < 0:
                raise ValueError(f"{source}, line {text.count(chr(10), 0, i) + 1}: unterminated /* comment")
            out.append(re.sub(r"[^\n]", " ", text[i : j + 2]))
            i = j + 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def _unescape(quoted: str) -> str:
    body = quoted[1:-1]
    out: list[str] = []
    i = 0
    while i < len(body):
        char = body[i]
        if char != "\\":
            out.append(char)
            i += 1
            continue
        nxt = body[i + 1]
        if nxt == "u" and re.fullmatch(r"[0-9A-Fa-f]{4}", body[i + 2 : i + 6]):
            out.append(chr(int(body[i + 2 : i + 6], 16)))
            i += 6
        elif nxt in _ESCAPES:
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            raise ValueError(f"unsupported escape sequence \\{nxt} in string {quoted}")
    return "".join(out)


def _split_path(path: str) -> list[str]:
    parts: list[str] = []
    depth, start = 0, 0
    for i, char in enumerate(path):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "." and depth == 0:
            parts.append(path[start:i])
            start = i + 1
    parts.append(path[start:])
    return parts


def _find_assignment(body: str) -> int:
    """Index of the ``=`` separating path and value (``[=]`` inside brackets does not count), or -1."""
    depth = 0
    for i, char in enumerate(body):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "=" and depth == 0:
            return i
        elif char == '"':
            return -1
    return -1


class _Converter:
    def __init__(self, text: str, source: str) -> None:
        self.source = source
        self.lines = [line.rstrip("\r") for line in _strip_comments(text, source).split("\n")]
        self.aliases: dict[str, str] = {}
        self.instance: _Instance | None = None
        self.results: list[dict[str, Any]] = []
        self.seen: set[tuple[str, str]] = set()

    # --- diagnostics

    def _error(self, line: int, message: str) -> ValueError:
        return ValueError(f"{self.source}, line {line}: {message}")

    def _warn(self, line: int, message: str) -> None:
        warnings.warn(f"{self.source}, line {line}: {message}", FshWarning, stacklevel=2)

    # --- driver

    def run(self) -> list[dict[str, Any]]:
        entries = list(self._entries())
        for line_no, keyword, value in entries:
            if keyword == "Alias":
                self._alias(line_no, value)
        for line_no, keyword, value in entries:
            if keyword == "*":
                self._rule(line_no, value)
            elif keyword == "Instance":
                self._finish()
                if not _ID_RE.fullmatch(value):
                    raise self._error(line_no, f"invalid instance id {value!r}")
                self.instance = _Instance(id=value, line=line_no)
            elif keyword == "InstanceOf":
                self._instance_of(line_no, value)
            elif keyword not in ("Alias", "Usage", "Title", "Description"):
                raise self._error(line_no, f"unsupported FSH keyword {keyword!r} (only instances are supported)")
        self._finish()
        return self.results

    def _entries(self) -> list[tuple[int, str, str]]:
        """(line number, keyword or "*", rest) for each non-blank line; rules keep their column in the rest."""
        entries: list[tuple[int, str, str]] = []
        skip_to_triple_quote = False
        for line_no, line in enumerate(self.lines, start=1):
            if skip_to_triple_quote:
                skip_to_triple_quote = '"""' not in line
                continue
            stripped = line.strip()
            if not stripped:
                continue
            if stripped.startswith("*"):
                entries.append((line_no, "*", line))
                continue
            match = _KEYWORD_RE.fullmatch(stripped)
            if match is None:
                raise self._error(line_no, f"cannot parse {stripped!r}")
            keyword, value = match["keyword"], match["value"].strip()
            if keyword in ("Title", "Description") and value.startswith('"""'):
                skip_to_triple_quote = value.count('"""') == 1
            entries.append((line_no, keyword, value))
        if skip_to_triple_quote:
            raise self._error(len(self.lines), 'unterminated """ string')
        return entries

    def _alias(self, line_no: int, value: str) -> None:
        match = _ALIAS_RE.fullmatch(value)
        if match is None:
            raise self._error(line_no, f"cannot parse alias {value!r}")
        name, url = match["name"], match["url"]
        if self.aliases.get(name, url) != url:
            raise self._error(line_no, f"alias {name} is defined twice with different values")
        self.aliases[name] = url

    def _instance_of(self, line_no: int, value: str) -> None:
        instance = self._current(line_no)
        if instance.resource_type is not None:
            raise self._error(line_no, "second InstanceOf for the same instance")
        name = value[3:] if re.match(r"ROR[A-Z]", value) else value
        if name not in _R4_RESOURCE_TYPES:
            raise self._error(line_no, f"cannot map InstanceOf {value!r} to a FHIR R4 resource type")
        instance.resource_type = name

    def _current(self, line_no: int) -> _Instance:
        if self.instance is None:
            raise self._error(line_no, "rule or keyword outside an Instance")
        return self.instance

    def _finish(self) -> None:
        instance = self.instance
        if instance is None:
            return
        self.instance = None
        if instance.resource_type is None:
            raise self._error(instance.line, f"instance {instance.id} has no InstanceOf")
        key = (instance.resource_type, instance.id)
        if key in self.seen:
            raise self._error(instance.line, f"duplicate instance {instance.resource_type}/{instance.id}")
        self.seen.add(key)
        self._check_extension_urls(instance.root)
        self.results.append({"resourceType": instance.resource_type, "id": instance.id, **_object(instance.root)})

    # --- rules

    def _rule(self, line_no: int, line: str) -> None:
        instance = self._current(line_no)
        resource_type = instance.resource_type
        if resource_type is None:
            raise self._error(line_no, "rule before InstanceOf")
        column = line.index("*")
        body = line[column + 1 :].strip()
        split = _find_assignment(body)
        path_text = (body if split < 0 else body[:split]).strip()
        value_text = None if split < 0 else body[split + 1 :].strip()
        self._check_rule_shape(line_no, body, path_text)
        segments = self._parse_path(line_no, path_text)
        value: Scalar | _Code | dict[str, Any] | None = None
        if value_text == "":
            self._warn(line_no, f"no value after '{path_text} =': rule read as a path rule, nothing assigned")
        elif value_text is not None:
            value = self._parse_value(line_no, value_text)

        while instance.stack and instance.stack[-1][0] >= column:
            instance.stack.pop()
        elem: _Elem = instance.root
        names: tuple[str, ...] = ()
        if instance.stack:
            _, elem, names = instance.stack[-1]
        for segment in segments:
            elem, names = self._step(line_no, resource_type, elem, names, segment)
        instance.stack.append((column, elem, names))
        if value is not None:
            self._assign(line_no, resource_type, elem, names, value)

    def _check_rule_shape(self, line_no: int, body: str, path_text: str) -> None:
        if body.split()[:1] == ["insert"]:
            raise self._error(line_no, "insert (RuleSet) rules are not supported")
        if "^" in path_text:
            raise self._error(line_no, "caret (^) rules are not supported")
        tokens = path_text.split()
        if len(tokens) != 1:
            for token in tokens:
                if token in _RULE_KEYWORDS or _CARDINALITY_RE.fullmatch(token):
                    raise self._error(line_no, f"'{token}' rules are not supported (only assignments and paths)")
            raise self._error(line_no, f"cannot parse rule {body!r}")

    def _parse_path(self, line_no: int, path_text: str) -> list[_Segment]:
        segments: list[_Segment] = []
        for part in _split_path(path_text):
            match = _SEGMENT_RE.fullmatch(part)
            if match is None:
                raise self._error(line_no, f"unsupported path segment {part!r} in {path_text!r}")
            index = match["index"]
            if index == "x":
                raise self._error(line_no, f"choice path {part!r} is not supported: name the type (valueString...)")
            segments.append(_Segment(match["name"], index))
        return segments

    def _parse_value(self, line_no: int, text: str) -> Scalar | _Code | dict[str, Any]:
        try:
            if text.startswith('"""'):
                raise ValueError("multi-line strings are not supported")
            if _STRING_RE.fullmatch(text):
                return _unescape(text)
            match = _REFERENCE_RE.fullmatch(text)
            if match:
                return {"reference": match["target"]}
            if text in ("true", "false"):
                return text == "true"
            if _INTEGER_RE.fullmatch(text):
                return int(text)
            if _DECIMAL_RE.fullmatch(text):
                return float(text)
            if _DATE_RE.fullmatch(text) or _TIME_RE.fullmatch(text):
                return text
            match = _CODE_RE.fullmatch(text)
            if match:
                code, display = match["code"], match["display"]
                return _Code(
                    system=self._system(match["system"]) if match["system"] else None,
                    code=_unescape(code) if code.startswith('"') else code,
                    display=_unescape(display) if display else None,
                )
            if text in self.aliases or text.startswith("$"):
                return self._system(text)
        except ValueError as error:
            raise self._error(line_no, str(error)) from None
        raise self._error(line_no, f"unsupported value {text!r}")

    def _system(self, text: str) -> str:
        if text in self.aliases:
            return self.aliases[text]
        if text.startswith("$"):
            raise ValueError(f"unknown alias {text}")
        return text

    # --- tree

    def _step(
        self, line_no: int, resource_type: str, elem: _Elem, names: tuple[str, ...], segment: _Segment
    ) -> tuple[_Elem, tuple[str, ...]]:
        allowed = _CHILDREN.get(elem.kind or "")
        if allowed is not None and segment.name not in allowed:
            self._warn(
                line_no,
                f"{segment.name!r} is not an element of {elem.kind} ({'.'.join(names)}); kept as written",
            )
        names = (*names, segment.name)
        field = elem.fields.get(segment.name)
        if field is None:
            field = _Field(is_array=segment.index is not None or _is_array(resource_type, names))
            elem.fields[segment.name] = field
        elif segment.index is not None:
            field.is_array = True
        index = self._index(line_no, field, segment, names)
        if index > len(field.items):
            raise self._error(line_no, f"index {index} of {'.'.join(names)} skips elements (it has {len(field.items)})")
        if index == len(field.items):
            field.items.append(_Elem(line=line_no, kind=_kind(resource_type, names)))
        field.current = index
        return field.items[index], names

    def _index(self, line_no: int, field: _Field, segment: _Segment, names: tuple[str, ...]) -> int:
        index = segment.index
        if index is None:
            return 0
        if index == "+":
            position = field.current + 1
            while position in field.slices.values():  # elements owned by named slices are not reused
                position += 1
            return position
        if index == "=":
            if field.current < 0:
                raise self._error(line_no, f"[=] on {'.'.join(names)} before any element of it")
            return field.current
        if index.isdigit():
            return int(index)
        if index not in field.slices:
            field.slices[index] = len(field.items)
            if names[-1] in _PRIMITIVE_ARRAYS or any(item.has_value for item in field.items):
                self._warn(
                    line_no,
                    f"named slice [{index}] on {'.'.join(names)}, an array of primitives; "
                    "kept as its own element of the array",
                )
        return field.slices[index]

    def _assign(
        self,
        line_no: int,
        resource_type: str,
        elem: _Elem,
        names: tuple[str, ...],
        value: Scalar | _Code | dict[str, Any],
    ) -> None:
        if isinstance(value, _Code):
            coding: dict[str, Any] = {"system": value.system, "code": value.code, "display": value.display}
            coding = {key: item for key, item in coding.items() if item is not None}
            if elem.kind == "Coding":
                value = coding
            elif elem.kind == "CodeableConcept" or value.system is not None or value.display is not None:
                value = {"coding": [coding]}
            else:
                value = value.code
        if isinstance(value, dict):
            self._merge(line_no, resource_type, elem, names, value)
        else:
            elem.value = value
            elem.has_value = True

    def _merge(
        self, line_no: int, resource_type: str, elem: _Elem, names: tuple[str, ...], value: dict[str, Any]
    ) -> None:
        for key, item in value.items():
            if isinstance(item, list):
                for position, element in enumerate(item):
                    child, child_names = self._step(line_no, resource_type, elem, names, _Segment(key, str(position)))
                    self._assign(line_no, resource_type, child, child_names, element)
            else:
                child, child_names = self._step(line_no, resource_type, elem, names, _Segment(key, None))
                self._assign(line_no, resource_type, child, child_names, item)

    def _check_extension_urls(self, elem: _Elem) -> None:
        for name, field in elem.fields.items():
            for item in field.items:
                if name in ("extension", "modifierExtension") and not _is_empty(item):
                    url = item.fields.get("url")
                    if url is None or all(_is_empty(entry) for entry in url.items):
                        self._warn(item.line, f"{name} without url (SUSHI would take it from the profile)")
                self._check_extension_urls(item)


def _is_array(resource_type: str, names: tuple[str, ...]) -> bool:
    if names[-1] in _ALWAYS_ARRAYS:
        return True
    table = _RESOURCE_ARRAYS.get(resource_type)
    if table is None:
        return len(names) == 1 and names[0] in _GENERIC_ARRAYS
    return ".".join(names) in table


def _kind(resource_type: str, names: tuple[str, ...]) -> Kind:
    name = names[-1]
    parent = names[-2] if len(names) > 1 else ""
    dotted = ".".join(names)
    if (
        name == "coding"
        or name.endswith("Coding")
        or (parent == "meta" and name in ("tag", "security"))
        or dotted in _RESOURCE_CODING.get(resource_type, frozenset())
    ):
        return "Coding"
    if (
        name.endswith("CodeableConcept")
        or (name == "type" and parent in ("identifier", "valueIdentifier"))
        or dotted in _RESOURCE_CODEABLE.get(resource_type, frozenset())
    ):
        return "CodeableConcept"
    return None


def _is_empty(elem: _Elem) -> bool:
    return not elem.has_value and all(_is_empty(item) for field in elem.fields.values() for item in field.items)


def _object(elem: _Elem) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for name, field in elem.fields.items():
        items = [item for item in field.items if not _is_empty(item)]
        if not items:
            continue
        if not field.is_array:
            (item,) = items
            if not item.has_value:
                out[name] = _object(item)
                continue
            out[name] = item.value
            extras = _object(item)
            if extras:
                out[f"_{name}"] = extras
        elif any(item.has_value for item in items):
            out[name] = [item.value if item.has_value else None for item in items]
            extras_list = [_object(item) or None for item in items]
            if any(extras is not None for extras in extras_list):
                out[f"_{name}"] = extras_list
        else:
            out[name] = [_object(item) for item in items]
    return out


def fsh_instances(text: str) -> list[dict[str, Any]]:
    """Convert the FSH instances in ``text`` to FHIR JSON dicts, in order (see the module docstring)."""
    return _Converter(text, "<fsh>").run()


def load_fsh_file(path: Path) -> list[dict[str, Any]]:
    """Read a UTF-8 ``.fsh`` file and convert its instances; messages name the file and the line."""
    return _Converter(path.read_text(encoding="utf-8"), str(path)).run()
