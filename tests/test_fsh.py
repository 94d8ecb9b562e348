"""The FSH instance converter (tests/fsh.py), on the ROR IG examples and on small rule sets."""

from __future__ import annotations

import json
import textwrap
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.fsh import FshWarning, fsh_instances, load_fsh_file

EXAMPLES = Path(__file__).parent / "data" / "ror-fhir-examples"
ROR = "https://interop.esante.gouv.fr/ig/fhir/ror/StructureDefinition/"
NOS = "https://mos.esante.gouv.fr/NOS/"

# File -> (resource type, lines of the rules that SUSHI would reject and that the converter reports).
EXAMPLE_FILES: dict[str, tuple[str, list[int]]] = {
    "RORHeallthcareServiceExemple.fsh": ("HealthcareService", [26]),  # `* characteristic[careMode].id = `
    # `code`/`display` written directly under a CodeableConcept, and extension[ror-act-type] without url.
    "RORHealthcareServiceExemple.fsh": ("HealthcareService", [42, 43, 48, 49, 52, 53, 54]),
    "RORHealthcareServiceExempleVille.fsh": ("HealthcareService", []),
    "RORLocationExemple.fsh": ("Location", [21, 24, 27]),  # address.line[houseNumber]: slices on a string array
    "RORLocationExemple1.fsh": ("Location", []),
    "ROROrganizationExempleEG.fsh": ("Organization", []),
    "ROROrganizationExempleEJ.fsh": ("Organization", []),
    "RORPractitionerExemple.fsh": ("Practitioner", []),
    "RORPractitionerRoleExemple.fsh": ("PractitionerRole", [14]),  # specialty[expertiseType].valueCodeableConcept
}


def load_example(name: str) -> tuple[dict[str, Any], list[int]]:
    """The single instance of an example file and the line numbers of the warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        instances = load_fsh_file(EXAMPLES / name)
    lines = []
    for warning in caught:
        assert issubclass(warning.category, FshWarning), warning
        message = str(warning.message)
        assert message.startswith(f"{EXAMPLES / name}, line "), message
        lines.append(int(message.split(", line ")[1].split(":")[0]))
    assert len(instances) == 1
    return instances[0], lines


def convert(rules: str, instance_of: str = "Organization", header: str = "") -> dict[str, Any]:
    """Convert one instance made of ``rules`` (dedented), failing on any warning."""
    text = f"{textwrap.dedent(header)}\nInstance: x\nInstanceOf: {instance_of}\n{textwrap.dedent(rules)}"
    with warnings.catch_warnings():
        warnings.simplefilter("error", FshWarning)
        (instance,) = fsh_instances(text)
    assert instance["resourceType"] == instance_of.removeprefix("ROR")
    assert instance["id"] == "x"
    return instance


def extension(element: dict[str, Any], url: str) -> list[dict[str, Any]]:
    return [ext for ext in element.get("extension", []) if ext.get("url") == url]


# --- The ROR examples ----------------------------------------------------------------------------------


def test_every_example_file_is_covered() -> None:
    assert sorted(path.name for path in EXAMPLES.glob("*.fsh")) == sorted(EXAMPLE_FILES)


@pytest.mark.parametrize("name", sorted(EXAMPLE_FILES))
def test_example_converts(name: str) -> None:
    instance, warned_lines = load_example(name)
    resource_type, expected_warnings = EXAMPLE_FILES[name]
    assert instance["resourceType"] == resource_type
    assert isinstance(instance["id"], str) and instance["id"]
    assert list(instance)[:2] == ["resourceType", "id"]
    assert instance["meta"]["lastUpdated"].startswith("202")
    assert warned_lines == expected_warnings
    json.dumps(instance, allow_nan=False)  # plain JSON data


@pytest.mark.parametrize(
    ("name", "low", "high"),
    [
        ("RORHealthcareServiceExemple.fsh", 18, 90),
        ("RORHeallthcareServiceExemple.fsh", 18, 90),
        ("RORHealthcareServiceExempleVille.fsh", 0, 120),
    ],
)
def test_healthcare_service_patient_type_age_range(name: str, low: int, high: int) -> None:
    service, _ = load_example(name)
    (patient_type,) = extension(service, ROR + "ror-healthcareservice-patient-type")
    (age_range,) = extension(patient_type, "ageRange")
    assert age_range["valueRange"] == {"low": {"value": low}, "high": {"value": high}}
    assert type(age_range["valueRange"]["low"]["value"]) is int


def test_healthcare_service_example() -> None:
    service, _ = load_example("RORHealthcareServiceExemple.fsh")
    assert service["id"] == "ror-healthcareservice-exemple"
    assert service["providedBy"] == {"reference": "Organization/5958"}
    assert service["location"] == [{"reference": "Location/5253"}]
    assert service["name"] == "Hospitalisation complète de Neurochirurgie"
    assert service["meta"]["profile"] == [ROR + "ror-healthcareservice"]
    assert service["identifier"] == [{"system": "https://example.org/identifier-system", "value": "ZZZ"}]
    assert service["type"] == [
        {
            "coding": [
                {
                    "system": NOS + "TRE_R227-ChampActivite/FHIR/TRE-R227-ChampActivite",
                    "code": "01",
                    "display": "Médecine, Chirurgie, Obstétrique (MCO)",
                }
            ]
        }
    ]
    (contact,) = extension(service, ROR + "ror-healthcareservice-contact")
    assert [ext["url"] for ext in contact["extension"]] == ["purposeContact", ROR + "ror-confidentiality-level"]
    # The file writes `code` and `display` one level too high (under the CodeableConcept): kept as written.
    assert service["specialty"] == [
        {
            "coding": [{"system": NOS + "TRE_R211-ActiviteOperationnelle/FHIR/TRE-R211-ActiviteOperationnelle"}],
            "code": "183",
            "display": "Traitement neurochirurgical de la douleur",
        }
    ]
    care_mode, specific_act = service["characteristic"]
    assert care_mode["code"] == "28"
    assert specific_act["code"] == "0320"
    assert specific_act["extension"] == [{"valueCode": "specificAct"}]  # url comes from the profile in SUSHI


def test_older_healthcare_service_example_has_24_7_opening() -> None:
    service, _ = load_example("RORHeallthcareServiceExemple.fsh")
    assert service["specialty"][0]["coding"][0]["code"] == "183"
    assert [c["coding"][0]["code"] for c in service["characteristic"]] == ["28", "0320"]
    days = []
    for slot in service["availableTime"]:
        assert slot["allDay"] is True
        (type_of_time,) = extension(slot, ROR + "ror-available-time-type-of-time")
        assert type_of_time["valueCodeableConcept"]["coding"][0]["code"] == "02"
        (day,) = extension(slot, ROR + "ror-available-time-number-days-of-week")
        days.append(day["valueInteger"])
    assert days == [1, 2, 3, 4, 5, 6, 7]
    (contact,) = extension(service, ROR + "ror-healthcareservice-contact")
    (telecom,) = extension(contact, ROR + "ror-healthcareservice-contact-telecom")
    (address,) = extension(telecom, "telecomAddress")
    assert address["valueString"] == "01.01.01.01.02"


def test_city_healthcare_service_opening_hours() -> None:
    service, _ = load_example("RORHealthcareServiceExempleVille.fsh")
    hours = [(slot["availableStartTime"], slot["availableEndTime"]) for slot in service["availableTime"]]
    assert hours == [("09:00:00", "19:00:00")] * 4 + [("14:00:00", "19:00:00"), ("09:00:00", "12:00:00")]
    assert service["characteristic"][0]["coding"][0]["code"] == "32"


def test_organization_eg_example() -> None:
    organization, _ = load_example("ROROrganizationExempleEG.fsh")
    identifiers = organization["identifier"]
    finess = [identifier for identifier in identifiers if identifier["system"] == "https://finess.esante.gouv.fr"]
    assert finess == [
        {
            "type": {
                "coding": [
                    {
                        "system": NOS + "TRE_G07-TypeIdentifiantStructure/FHIR/TRE-G07-TypeIdentifiantStructure",
                        "code": "1",
                        "display": "FINESS",
                    }
                ]
            },
            "system": "https://finess.esante.gouv.fr",
            "value": "458174839",
        }
    ]
    # Slices in order of first use: idNatSt, finess, numSIRET.
    assert [identifier["value"] for identifier in identifiers] == ["392131725800020", "458174839", "92131725800020"]
    assert identifiers[0]["use"] == "official"
    assert organization["partOf"] == {"reference": "Organization/1111"}
    assert organization["type"][0]["coding"][0]["code"] == "460"
    (address,) = organization["address"]
    assert address["line"] == ["45 rue du général Leclerc"]
    assert address["_line"] == [
        {
            "extension": [
                {"url": "http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-houseNumber", "valueString": "45"},
                {"url": "http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetNameType", "valueString": "RUE"},
                {
                    "url": "http://hl7.org/fhir/StructureDefinition/iso21090-ADXP-streetNameBase",
                    "valueString": "du général Leclerc",
                },
            ]
        }
    ]
    (contact,) = organization["contact"]
    assert contact["purpose"]["coding"][0]["code"] == "06"
    (telecom,) = contact["telecom"]
    assert (telecom["system"], telecom["value"]) == ("phone", "01.01.01.01.01")
    assert len(telecom["extension"]) == 2


def test_organization_ej_example() -> None:
    organization, _ = load_example("ROROrganizationExempleEJ.fsh")
    systems = {identifier["system"]: identifier["value"] for identifier in organization["identifier"]}
    assert systems == {
        "urn:oid:1.2.250.1.71.4.2.2": "2921317258",
        "https://finess.esante.gouv.fr": "458174839",
        "https://sirene.fr": "921317258",
    }
    assert [t["coding"][0]["code"] for t in organization["type"]] == ["72", "2200"]
    assert organization["address"][0]["line"] == ["103 rue des Bourguignons, 92270 BOIS-COLOMBES"]
    assert len(organization["address"][0]["_line"][0]["extension"]) == 3


def test_location_example_1_capacities() -> None:
    location, _ = load_example("RORLocationExemple1.fsh")
    capacities = extension(location, ROR + "ror-location-supported-capacity")
    assert len(capacities) == 5
    counts = []
    for capacity in capacities:
        (count,) = extension(capacity, "nbCapacity")
        assert type(count["valueInteger"]) is int
        counts.append(count["valueInteger"])
    assert counts == [15, 0, 0, 0, 3]
    statuses = [extension(capacity, "capacityStatus")[0]["valueCodeableConcept"] for capacity in capacities]
    assert [status["coding"][0]["code"] for status in statuses] == ["01", "06", "02", "02", "02"]


def test_location_example_1_other_elements() -> None:
    location, _ = load_example("RORLocationExemple1.fsh")
    # meta.tag is a Coding, not a CodeableConcept.
    assert location["meta"]["tag"] == [{"system": NOS + "TRE_R30-RegionOM/FHIR/TRE-R30-RegionOM", "code": "24"}]
    assert location["status"] == "active"
    (identifier,) = location["identifier"]
    assert identifier["value"] == "24/1073"
    assert identifier["type"]["coding"][0]["code"] == "25"  # Identifier.type: a single CodeableConcept
    address = location["address"]  # Location.address is 0..1
    assert address["line"] == ["14 AV DE L'HOPITAL", "45000 ORLEANS"]
    assert address["_line"][1] is None
    assert [ext["valueString"] for ext in address["_line"][0]["extension"]] == ["14", "AV", "DE L'HOPITAL"]
    assert address["_line"][0]["extension"][0]["id"] == "Location.address.line.extension:houseNumber"
    assert (address["city"], address["postalCode"]) == ("ORLEANS", "45000")
    position = location["position"]
    assert (position["latitude"], position["longitude"]) == (47.834781, 1.92204)
    assert position["extension"] == [{"url": ROR + "ror-coordinate-reliability", "valueBoolean": True}]


def test_location_example_line_slices_kept_as_written() -> None:
    location, _ = load_example("RORLocationExemple.fsh")
    address = location["address"]
    assert address["line"] == ["7 rue porte de Buc 78000 Versailles", None, None, None]
    assert address["_line"][0] is None
    values = [line["extension"][0]["valueString"] for line in address["_line"][1:]]
    assert values == ["7", "rue", "porte de Buc"]
    assert location["extension"][0]["valueCodeableConcept"]["coding"][0]["code"] == "78646"


def test_practitioner_example() -> None:
    practitioner, _ = load_example("RORPractitionerExemple.fsh")
    assert practitioner["name"] == [{"family": "CHANMET", "given": ["Cyndi"]}]
    assert practitioner["gender"] == "female"
    assert practitioner["identifier"] == [{"value": "11111573474", "system": "urn:oid:1.2.250.1.71.4.2.1"}]
    (telecom,) = practitioner["telecom"]
    assert telecom["system"] == "email"
    (confidentiality,) = extension(telecom, ROR + "ror-telecom-confidentiality-level")
    assert confidentiality["valueCodeableConcept"]["coding"][0]["code"] == "2"


def test_practitioner_role_example() -> None:
    role, _ = load_example("RORPractitionerRoleExemple.fsh")
    assert role["practitioner"] == {"reference": "Practitioner/2524"}
    assert role["healthcareService"] == [{"reference": "HealthcareService/9597"}]
    assert role["code"] == [
        {
            "coding": [
                {
                    "system": NOS + "TRE_G15-ProfessionSante/FHIR/TRE-G15-ProfessionSante",
                    "code": "60",
                    "display": "Infirmier",
                }
            ]
        }
    ]
    # An alias whose name contains slashes; the rule itself puts valueCodeableConcept inside a CodeableConcept.
    coding = role["specialty"][0]["valueCodeableConcept"]["coding"][0]
    assert coding["system"] == NOS + "JDV_J209-TypeSavoirFaire-ROR/FHIR/JDV-J209-TypeSavoirFaire-ROR"
    assert coding["code"] == "CEX"
    (name,) = extension(role, ROR + "RORPractitionerRoleName")
    assert [ext["valueString"] for ext in name["extension"]] == ["Mylène", "Tenor"]


# --- Path rules ------------------------------------------------------------------------------------------


def test_soft_indices() -> None:
    instance = convert(
        """
        * extension[0].url = "a"
        * extension[=].valueString = "A"
        * extension[+].url = "b"
        * extension[=].valueInteger = 2
        * extension[+].url = "c"
        * extension[1].valueBoolean = true
        """
    )
    assert instance["extension"] == [
        {"url": "a", "valueString": "A"},
        {"url": "b", "valueInteger": 2, "valueBoolean": True},
        {"url": "c"},
    ]


def test_plus_is_the_element_after_the_current_one() -> None:
    instance = convert(
        """
        * alias[0] = "a"
        * alias[+] = "b"
        * alias[0] = "A"
        * alias[+] = "B"
        * alias[+] = "C"
        """
    )
    assert instance["alias"] == ["A", "B", "C"]


def test_unindexed_array_element_is_index_0() -> None:
    instance = convert(
        """
        * extension.url = "a"
        * extension.valueString = "A"
        * extension[+].url = "b"
        """
    )
    assert instance["extension"] == [{"url": "a", "valueString": "A"}, {"url": "b"}]


def test_named_slices_are_allocated_once_in_order_of_first_use() -> None:
    instance = convert(
        """
        * identifier[siret].value = "1"
        * identifier[finess].value = "2"
        * identifier[siret].system = "https://sirene.fr"
        * identifier[+].value = "3"
        * identifier[finess].system = "https://finess.esante.gouv.fr"
        """
    )
    assert instance["identifier"] == [
        {"value": "1", "system": "https://sirene.fr"},
        {"value": "2", "system": "https://finess.esante.gouv.fr"},
        {"value": "3"},
    ]


def test_nested_context_rules() -> None:
    instance = convert(
        """
        * extension[0]
          * url = "outer"
          * extension[+]
              * url = "inner-a"
              * valueRange
                  * low.value = 1
                  * high.value = 2
          * extension[+]
              * url = "inner-b"
        * extension[+]
          * url = "second"
        * name = "N"
        """
    )
    assert instance["extension"] == [
        {
            "url": "outer",
            "extension": [
                {"url": "inner-a", "valueRange": {"low": {"value": 1}, "high": {"value": 2}}},
                {"url": "inner-b"},
            ],
        },
        {"url": "second"},
    ]
    assert instance["name"] == "N"


def test_context_rule_with_soft_index_is_resolved_once() -> None:
    instance = convert(
        """
        * telecom[+]
          * system = #phone
          * value = "1"
        * telecom[+]
          * system = #email
          * value = "a@b"
        """
    )
    assert instance["telecom"] == [{"system": "phone", "value": "1"}, {"system": "email", "value": "a@b"}]


def test_assignment_rule_can_be_a_context() -> None:
    instance = convert(
        """
        * type = $T#1 "One"
          * text = "one"
        """,
        header="Alias: $T = http://t",
    )
    assert instance["type"] == [{"coding": [{"system": "http://t", "code": "1", "display": "One"}], "text": "one"}]


def test_context_rule_without_assignment_leaves_nothing() -> None:
    assert convert('* meta\n* contact[+]\n* name = "N"\n') == {"resourceType": "Organization", "id": "x", "name": "N"}


@pytest.mark.parametrize("order", ["value first", "extension first"])
def test_primitive_extension_in_array(order: str) -> None:
    value = '* address.line = "45 rue"\n'
    ext = '* address.line.extension[0].url = "u"\n* address.line.extension[=].valueString = "45"\n'
    instance = convert(value + ext if order == "value first" else ext + value)
    assert instance["address"] == [{"line": ["45 rue"], "_line": [{"extension": [{"url": "u", "valueString": "45"}]}]}]


def test_primitive_extension_on_single_element_and_padding() -> None:
    instance = convert(
        """
        * birthDate = 1980-01-02
        * birthDate.extension.url = "u"
        * birthDate.extension.valueBoolean = true
        * name.given[0] = "A"
        * name.given[+] = "B"
        * name.given[=].id = "b"
        """,
        instance_of="RORPractitioner",
    )
    assert instance["birthDate"] == "1980-01-02"
    assert instance["_birthDate"] == {"extension": [{"url": "u", "valueBoolean": True}]}
    assert instance["name"] == [{"given": ["A", "B"], "_given": [None, {"id": "b"}]}]


def test_array_elements_depend_on_the_resource() -> None:
    organization = convert(
        '* address.city = "C"\n* contact.address.city = "D"\n* name = "N"\n* partOf = Reference(O/1)'
    )
    assert organization["address"] == [{"city": "C"}]
    assert organization["contact"] == [{"address": {"city": "D"}}]
    assert organization["name"] == "N"
    assert organization["partOf"] == {"reference": "O/1"}
    location = convert('* address.city = "C"\n* name = "N"\n* partOf = Reference(Location/1)', "RORLocation")
    assert location["address"] == {"city": "C"}
    assert location["name"] == "N"
    practitioner = convert('* name.family = "F"\n* address.city = "C"', "RORPractitioner")
    assert practitioner["name"] == [{"family": "F"}]
    assert practitioner["address"] == [{"city": "C"}]
    role = convert("* code = #60\n* specialty = #S\n* identifier.type = #T", "RORPractitionerRole")
    assert role["code"] == [{"coding": [{"code": "60"}]}]
    assert role["specialty"] == [{"coding": [{"code": "S"}]}]
    assert role["identifier"] == [{"type": {"coding": [{"code": "T"}]}}]


def test_brackets_make_an_array() -> None:
    instance = convert('* foo[0].bar = "a"\n* foo[+].bar = "b"\n* baz.qux = 1', "Patient")
    assert instance["foo"] == [{"bar": "a"}, {"bar": "b"}]
    assert instance["baz"] == {"qux": 1}


# --- Values ----------------------------------------------------------------------------------------------


def test_values() -> None:
    instance = convert(
        r"""
        * parameter[0].valueString = "say \"hi\"\\ \u00e9\n"
        * parameter[+].valueInteger = -3
        * parameter[+].valueDecimal = 2.50
        * parameter[+].valueBoolean = false
        * parameter[+].valueDateTime = 2024-07-08T18:15:39Z
        * parameter[+].valueDate = 2024-07
        * parameter[+].valueTime = 09:30:00
        * parameter[+].valueCode = #specificAct
        * parameter[+].valueCoding = $S#c "C"
        * parameter[+].valueCodeableConcept = http://example.org/cs#"a b"
        * parameter[+].valueUri = $S
        * parameter[+].valueReference = Reference(Organization/1)
        """,
        instance_of="Parameters",
        header="Alias: $S = http://example.org/s",
    )
    assert [value for (value,) in (parameter.values() for parameter in instance["parameter"])] == [
        'say "hi"\\ é\n',
        -3,
        2.5,
        False,
        "2024-07-08T18:15:39Z",
        "2024-07",
        "09:30:00",
        "specificAct",
        {"system": "http://example.org/s", "code": "c", "display": "C"},
        {"coding": [{"system": "http://example.org/cs", "code": "a b"}]},
        "http://example.org/s",
        {"reference": "Organization/1"},
    ]


def test_codes_follow_the_target_type() -> None:
    instance = convert(
        """
        * status = #active
        * type.coding = $S#t "T"
        * type[+].coding[0].system = $S
        * type[=].coding[=].code = #u
        * meta.tag = $S#g
        * meta.security = #s
        * physicalType = #ro
        * operationalStatus = #O
        * extension.url = "u"
        * extension.valueCodeableConcept = #c
        """,
        instance_of="RORLocation",
        header="Alias: $S = http://s",
    )
    assert instance["status"] == "active"
    assert instance["type"] == [
        {"coding": [{"system": "http://s", "code": "t", "display": "T"}]},
        {"coding": [{"system": "http://s", "code": "u"}]},
    ]
    assert instance["meta"] == {"tag": [{"system": "http://s", "code": "g"}], "security": [{"code": "s"}]}
    assert instance["physicalType"] == {"coding": [{"code": "ro"}]}
    assert instance["operationalStatus"] == {"code": "O"}
    assert instance["extension"] == [{"url": "u", "valueCodeableConcept": {"coding": [{"code": "c"}]}}]


def test_system_and_code_on_unknown_element_is_a_codeable_concept() -> None:
    instance = convert('* maritalStatus = http://s#M "Married"\n* gender = #female', "Patient")
    assert instance["maritalStatus"] == {"coding": [{"system": "http://s", "code": "M", "display": "Married"}]}
    assert instance["gender"] == "female"


# --- Text structure --------------------------------------------------------------------------------------


def test_aliases_comments_and_metadata_lines() -> None:
    text = """
        // A comment line
        Instance: first   // trailing comment
        InstanceOf: ROROrganization
        Title: "First"
        Usage: #example
        Description: \"\"\"
          A multi-line description * with = signs
          InstanceOf: nothing
        \"\"\"
        /* a block comment
        * name = "ignored"
        */
        * name = "a // not a comment" // a comment
        * type = $T#1 // alias defined below
        * meta.profile = "https://example.org/x"

        Instance: second
        InstanceOf: RORLocation
        * name = "b"

        Alias: $T = https://example.org/t
        """
    first, second = fsh_instances(textwrap.dedent(text))
    assert first == {
        "resourceType": "Organization",
        "id": "first",
        "name": "a // not a comment",
        "type": [{"coding": [{"system": "https://example.org/t", "code": "1"}]}],
        "meta": {"profile": ["https://example.org/x"]},
    }
    assert second == {"resourceType": "Location", "id": "second", "name": "b"}


def test_empty_text_has_no_instance() -> None:
    assert fsh_instances("// nothing\n\nAlias: $A = http://a\n") == []


# --- Errors and warnings ---------------------------------------------------------------------------------

HEAD = "Instance: x\nInstanceOf: Organization\n"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('RuleSet: R\n* name = "a"\n', r"line 1: unsupported FSH keyword 'RuleSet'"),
        ("Profile: P\nParent: Organization\n", r"line 1: unsupported FSH keyword 'Profile'"),
        (HEAD + "* insert R\n", r"line 3: insert \(RuleSet\) rules are not supported"),
        (HEAD + "* ^status = #draft\n", r"line 3: caret"),
        (HEAD + '* name ^short = "a"\n', r"line 3: caret"),
        (HEAD + "* name obeys inv-1\n", r"line 3: 'obeys' rules are not supported"),
        (HEAD + "* name 1..1\n", r"line 3: '1\.\.1' rules are not supported"),
        (HEAD + "* type from VS\n", r"line 3: 'from' rules are not supported"),
        (HEAD + '* name = "a" "b"\n', r"line 3: unsupported value"),
        (HEAD + "* extension.valueQuantity = 5 'mg'\n", r"line 3: unsupported value"),
        (HEAD + '* name = """a\n', r"line 3: multi-line strings are not supported"),
        (HEAD + '* name = "a\\qb"\n', r"line 3: unsupported escape sequence"),
        (HEAD + "* type = $NOPE#1\n", r"line 3: unknown alias \$NOPE"),
        (HEAD + '* extension[=].url = "a"\n', r"line 3: \[=\] on extension before any element"),
        (HEAD + '* extension[2].url = "a"\n', r"line 3: index 2 of extension skips elements"),
        (HEAD + '* extension.value[x] = "a"\n', r"line 3: choice path"),
        (HEAD + '* name..a = "a"\n', r"line 3: unsupported path segment ''"),
        ('* name = "a"\n', r"line 1: rule or keyword outside an Instance"),
        ('Instance: x\n* name = "a"\n', r"line 2: rule before InstanceOf"),
        ("Instance: x\nUsage: #example\n", r"line 1: instance x has no InstanceOf"),
        ("Instance: x\nInstanceOf: FRCorePatient\n", r"line 2: cannot map InstanceOf 'FRCorePatient'"),
        (HEAD + HEAD, r"line 3: duplicate instance Organization/x"),
        ("/* open\n\n", r"line 1: unterminated /\* comment"),
        (HEAD + 'name = "a"\n', r"line 3: cannot parse 'name = \"a\"'"),
    ],
)
def test_unsupported_constructs_raise_with_line_number(text: str, message: str) -> None:
    with pytest.raises(ValueError, match=r"^<fsh>, " + message):
        fsh_instances(text)


def test_load_fsh_file_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.fsh"
    path.write_text(HEAD + "* insert R\n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"^{path}, line 3: insert"):
        load_fsh_file(path)


@pytest.mark.parametrize(
    ("rules", "message"),
    [
        ("* type[a].id = ", r"line 3: no value after 'type\[a\]\.id ='"),
        ("* type[a]\n  * code = #1", r"line 4: 'code' is not an element of CodeableConcept \(type\)"),
        ('* type.coding.text = "t"', r"line 3: 'text' is not an element of Coding \(type\.coding\)"),
        ('* alias = "a"\n* alias[b].id = "c"', r"line 4: named slice \[b\] on alias, an array of primitives"),
        ("* extension[s].valueCode = #c", r"line 3: extension without url"),
    ],
)
def test_rules_sushi_would_reject_warn(rules: str, message: str) -> None:
    with pytest.warns(FshWarning, match=r"^<fsh>, " + message):
        fsh_instances(HEAD + rules + "\n")
    with warnings.catch_warnings(), pytest.raises(FshWarning):  # strict mode
        warnings.simplefilter("error", FshWarning)
        fsh_instances(HEAD + rules + "\n")
