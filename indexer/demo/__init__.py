"""The national demo dataset: real sites and communes, deterministic synthetic offers, as ROR FHIR."""
