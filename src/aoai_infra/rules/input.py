"""AOAI0xx: the input could not be read, or does not follow the stack file format.

These rules are raised by the loader (`aoai_infra.source.yamlfile`, `aoai_infra.stack.load`) rather than by a
`check()` over a parsed stack: until a file has passed them there is no stack to check.
AOAI001-AOAI006 mean the file could not be read as YAML data (exit code 2); AOAI010-AOAI016 are
schema errors in a readable stack file (exit code 1); AOAI020-AOAI021 mean the catalog a stack names
could not be used (exit code 2: nothing can be checked against it).
The full text of each is in `docs/rules/<CODE>.md`.
"""

from __future__ import annotations

from aoai_infra.findings import Rule, Severity

E = Severity.ERROR

UNREADABLE_FILE = Rule("AOAI001", "unreadable-file", E, "The file cannot be read as UTF-8 text.", True)
YAML_SYNTAX = Rule("AOAI002", "yaml-syntax", E, "The file is not valid YAML.", True)
YAML_DOCUMENT = Rule("AOAI003", "yaml-document", E, "The file must hold exactly one YAML document.", True)
DUPLICATE_KEY = Rule("AOAI004", "duplicate-key", E, "A mapping names the same key twice.", True)
YAML_LIMITS = Rule(
    "AOAI005", "yaml-limits", E, "Nesting depth or alias expansion exceeds the safety bounds.", True
)
YAML_UNSUPPORTED = Rule(
    "AOAI006",
    "yaml-unsupported",
    E,
    "A YAML feature the stack format does not accept (tags, non-string keys).",
    True,
)
UNKNOWN_KEY = Rule("AOAI010", "unknown-key", E, "A key the stack format does not define.")
MISSING_KEY = Rule("AOAI011", "missing-key", E, "A required key is absent.")
WRONG_TYPE = Rule(
    "AOAI012", "wrong-type", E, "A value has the wrong type (string, integer, boolean, list, mapping)."
)
INVALID_CHOICE = Rule("AOAI013", "invalid-choice", E, "A value is not one of the allowed choices.")
OUT_OF_RANGE = Rule("AOAI014", "out-of-range", E, "A number, text or list is too small or too large.")
MALFORMED_VALUE = Rule(
    "AOAI015", "malformed-value", E, "A GUID, IPv4 range, Azure resource id or tag name is malformed."
)
INVALID_COMBINATION = Rule("AOAI016", "invalid-combination", E, "Fields of one object contradict each other.")
CATALOG_UNREADABLE = Rule(
    "AOAI020", "catalog-unreadable", E, "The catalog file cannot be read, or is not valid JSON or YAML.", True
)
CATALOG_INVALID = Rule(
    "AOAI021", "catalog-invalid", E, "The catalog file does not follow the catalog format.", True
)
CATALOG_AGE = Rule(
    "AOAI022", "catalog-age", Severity.WARNING, "The catalog is older than 90 days on the day checked."
)

RULES: tuple[Rule, ...] = (
    UNREADABLE_FILE,
    YAML_SYNTAX,
    YAML_DOCUMENT,
    DUPLICATE_KEY,
    YAML_LIMITS,
    YAML_UNSUPPORTED,
    UNKNOWN_KEY,
    MISSING_KEY,
    WRONG_TYPE,
    INVALID_CHOICE,
    OUT_OF_RANGE,
    MALFORMED_VALUE,
    INVALID_COMBINATION,
    CATALOG_UNREADABLE,
    CATALOG_INVALID,
    CATALOG_AGE,
)
