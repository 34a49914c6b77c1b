"""AOAI0xx: the input could not be read, or does not follow the stack file format.

These rules are raised by the loader (`aoai_infra.source.yamlfile`, `aoai_infra.stack.load`) rather than by a
`check()` over a parsed stack: until a file has passed them there is no stack to check.
AOAI001-AOAI006 mean the file could not be read as YAML data (exit code 2); AOAI010-AOAI016 are
schema errors in a readable stack file (exit code 1); AOAI020-AOAI021 mean the catalog a stack names
could not be used (exit code 2: nothing can be checked against it).
The full text of each is in `docs/rules/<CODE>.md`.

Imports: aoai_infra.findings.
"""

from __future__ import annotations

from aoai_infra.findings import Rule, Severity

E = Severity.ERROR

UNREADABLE_FILE = Rule("AOAI001", "unreadable-file", E, "The file cannot be read as UTF-8 text.", True)
"""The file cannot be read as UTF-8 text, so nothing in it can be checked.

Reported when:

- the path does not exist, is empty (`''`), is not readable, or a named directory holds no `*.yaml` /
  `*.yml` file;
- the path is not a regular file: a FIFO, a device, a link to one (`/dev/zero`), or a link loop; these
  are refused before anything is read, so nothing hangs;
- a directory below a named one cannot be listed, or vanishes during the run (the finding names it);
- the file is larger than 2 MiB (a stack of 30 accounts with 32 deployments each is about 300 KiB);
- the file contains NUL bytes (a binary file), starts with a UTF-16 or UTF-32 byte order mark, or is not
  valid UTF-8 (the message gives the line and column of the first bad byte);
- the text holds a control character that YAML does not allow.

**Fix:** check the path; save the file as UTF-8 (a UTF-8 byte order mark is accepted); split very large
stacks into several files; remove control characters.

```text
stacks/dev.yaml:3:10: AOAI001 error not valid UTF-8 (byte 0xe9); save the file as UTF-8
```
"""
YAML_SYNTAX = Rule("AOAI002", "yaml-syntax", E, "The file is not valid YAML.", True)
"""The file is not valid YAML. The position is where the parser gave up, which is often just after the
real mistake; the message says what the parser expected and, for common mistakes, how to fix them.

Common causes:

- a tab used for indentation (YAML allows spaces only);
- a value containing `: ` that is not quoted (`description: note: this` — write `"note: this"`);
- an unclosed `[`, `{` or quote;
- an alias `*name` used before its anchor `&name` is defined;
- items of one list or mapping that do not line up.

```yaml
accounts:
	- name: oai-dev        # a tab: AOAI002
```

**Fix:** indent with spaces, quote values that contain `: `, `#`, `@` or a leading `*`/`&`, close brackets.
"""
YAML_DOCUMENT = Rule("AOAI003", "yaml-document", E, "The file must hold exactly one YAML document.", True)
"""A stack file holds exactly one YAML document. Reported when the file is empty (or holds only comments),
and when a `---` line starts a second document.

**Fix:** keep one stack per file. To describe several environments, write one file per stack
(`stacks/dev.yaml`, `stacks/prod-eastus.yaml`); share settings between accounts of one file with anchors
kept under a top-level `x-` key.
"""
DUPLICATE_KEY = Rule("AOAI004", "duplicate-key", E, "A mapping names the same key twice.", True)
"""A mapping names the same key twice. YAML forbids it, and many parsers (PyYAML among them) silently keep
the last value, so a reviewer can read one capacity while Azure receives another. The position is the
second occurrence; the message names the line of the first.

```yaml
deployments:
  - name: chat
    capacity: 100
    capacity: 450   # AOAI004
```

**Fix:** remove one of the two keys. Keys brought in by a merge key (`<<: *defaults`) are not duplicates:
keys written in the mapping override merged ones, as YAML defines.
"""
YAML_LIMITS = Rule(
    "AOAI005", "yaml-limits", E, "Nesting depth or alias expansion exceeds the safety bounds.", True
)
"""The document exceeds a safety bound:

- nesting deeper than 32 levels (a stack file needs about 7);
- aliases that expand to more than 500,000 values (the "billion laughs" pattern, where a few lines of
  nested aliases expand to gigabytes);
- an alias inside the node it refers to (a recursive alias).

The bounds keep `aoai-infra validate` fast and safe on any input, including files from untrusted pull
requests: they are checked before the document is expanded, in time linear in the file size.

**Fix:** flatten the structure; use anchors for shared settings rather than for building large
structures; remove the cycle.
"""
YAML_UNSUPPORTED = Rule(
    "AOAI006",
    "yaml-unsupported",
    E,
    "A YAML feature the stack format does not accept (tags, non-string keys).",
    True,
)
"""The file uses a YAML feature that a stack file has no use for:

- a tag such as `!!binary`, `!!set`, `!!python/object` or a custom `!Ref`;
- a key that is not text: a number (`2024: x`), a date, an empty key, a list or mapping used as a key, or
  a YAML 1.1 boolean (`on:`, `yes:`, `no:` are read as true/false);
- a merge key (`<<`) whose value is not a mapping or a list of mappings.

**Fix:** write plain values without tags, and quote keys that YAML would read as something other than
text: `"on": …`, `"2024": …`.
"""
UNKNOWN_KEY = Rule("AOAI010", "unknown-key", E, "A key the stack format does not define.")
"""A key that the stack format does not define at this place, usually a typo. The message suggests the
closest allowed key, or lists the allowed keys. Top-level keys starting with `x-` are ignored, so that
they can hold YAML anchors.

```yaml
deployments:
  - name: chat
    modle: gpt-5.4   # AOAI010 unknown key 'modle' in deployment 'chat'; did you mean 'model'?
```

**Fix:** correct the key name. `aoai-infra schema` prints every allowed key; with the
`# yaml-language-server: $schema=../schema/stack.schema.json` line at the top of a stack file, editors
complete and check keys while you type.
"""
MISSING_KEY = Rule("AOAI011", "missing-key", E, "A required key is absent.")
"""A required key is absent. The position is the object that lacks it; the message names the key and what
it holds.

Required keys: `subscription_id`, `location`, `resource_group` (with `name`) and `accounts` on the stack;
`name` on an account; `name`, `model`, `version`, `sku` and `capacity` on a deployment; `workspace` in
`diagnostics`; `subnet` on a private endpoint; `principal` and `role` on a role assignment; `category`
and `source` on a content filter setting.

A deployment's `version` and `capacity` are required on purpose: without them Azure picks a default
version that changes over time, and quota cannot be checked before applying.

**Fix:** add the key.
"""
WRONG_TYPE = Rule(
    "AOAI012", "wrong-type", E, "A value has the wrong type (string, integer, boolean, list, mapping)."
)
"""A value has the wrong type. Types are strict: YAML's guesses are not coerced, because a silent coercion is
how `version: 2.0` becomes `"2"` or a date becomes something Azure does not know.

```yaml
version: 2.0          # AOAI012 version must be text, but 2.0 is a number; quote it: version: "2.0"
version: 2024-11-20   # AOAI012 ... is a date; quote it: version: "2024-11-20"
capacity: "10"        # AOAI012 capacity must be a whole number, but '10' is text; remove the quotes
local_auth: "false"   # AOAI012 local_auth must be true or false
local_auth: yes       # AOAI012 ... but yes is a boolean in YAML 1.1 only; write true or false
capacity: 017         # AOAI012 ... but 017 is the number 15 in YAML 1.1 only; write the number you mean ...
tags: {cost-center: 4711}   # AOAI012 tags['cost-center'] must be text; quote it
```

YAML 1.1's guesses are not taken either: `yes`, `no`, `on`, `off` and `True` are booleans only in YAML 1.1
(PyYAML would turn `local_auth: yes` into API keys on, silently), and `017` (octal 15), `0x1F`, `1:30`
(base 60: 90) and `1_000` are numbers only there. A stack file takes `true` and `false`, and numbers in
plain decimal digits. Whole numbers of more than 15 digits are refused as well.

Also reported when a list or mapping is expected and something else is written, when a key is present
with no value, and when the whole file is not a mapping.

**Fix:** as the message says: quote versions, dates and numeric tag values; write numbers and booleans
without quotes.
"""
INVALID_CHOICE = Rule("AOAI013", "invalid-choice", E, "A value is not one of the allowed choices.")
"""A value is not one of the allowed choices. Choices are case-sensitive, as Azure's API values are; the
message suggests the closest choice.

| key | choices |
| --- | --- |
| `quota_tier` | default, enterprise, tier1 … tier6 |
| `data_residency` | none, datazone, region |
| account `kind` | OpenAI, AIServices |
| account `sku` | S0 |
| `identity` | none, system, or a mapping `{system: true, user_assigned: [<id>]}` |
| network `default_action` / `bypass` | Allow, Deny / AzureServices, None |
| deployment `upgrade` | OnceNewDefaultVersionAvailable, OnceCurrentVersionExpired, NoAutoUpgrade |
| content filter `mode` | Default, Deferred, Blocking, Asynchronous_filter |
| filter `category` | hate, sexual, violence, selfharm, jailbreak, indirect_attack, protected_material_text, protected_material_code, profanity |
| filter `source` / `severity` | prompt, completion / low, medium, high |
| role `type` | User, Group, ServicePrincipal, ForeignGroup, Device |
| diagnostics `category_groups` | allLogs, audit |

Deployment types (`sku` of a deployment) and regions are checked against the catalog by other rules.

**Fix:** use one of the listed values, spelled exactly.
"""  # noqa: E501
OUT_OF_RANGE = Rule("AOAI014", "out-of-range", E, "A number, text or list is too small or too large.")
"""A number, text or list is too small or too large for the stack format:

- a deployment `capacity` below 1 (catalog rules check each model's own minimum, maximum and step);
- a quota override below 0;
- a `capacity` or quota override above 2,147,483,647: Azure's API takes a 32-bit integer there
  (`Sku.capacity`, `int32` in the Microsoft.CognitiveServices 2026-09-01 REST specification);
- an empty name or other required text;
- `accounts` with no account;
- more than 50 tags, a tag name over 512 characters or a tag value over 256 (Azure's limits);
- a resource group name over 90 characters.

**Fix:** as the message says.
"""
MALFORMED_VALUE = Rule(
    "AOAI015", "malformed-value", E, "A GUID, IPv4 range, Azure resource id or tag name is malformed."
)
"""A value that must follow a fixed form does not:

- `subscription_id` and role `principal` must be GUIDs;
- `ip_rules` entries must be IPv4 addresses or CIDR ranges whose host bits are zero
  (`203.0.113.5/24` → write `203.0.113.0/24`); Azure AI services take no IPv6 rules;
- subnets, private DNS zones, Log Analytics workspaces and user-assigned identities must be full Azure
  resource ids of the right type, e.g.
  `/subscriptions/<guid>/resourceGroups/<group>/providers/Microsoft.Network/virtualNetworks/<vnet>/subnets/<subnet>`;
- tag names must not contain `< > % & \\ ? /`.

The message names the part that is wrong and shows the expected form.

**Fix:** copy the id from the Azure portal (the resource's JSON view) or `az resource show --query id`.
"""
INVALID_COMBINATION = Rule("AOAI016", "invalid-combination", E, "Fields of one object contradict each other.")
"""Fields of one object contradict each other:

- a content filter setting for hate, sexual, violence or selfharm without a `severity`, or a `severity`
  on a category that has none (jailbreak, indirect_attack, protected material, profanity);
- one content filter that sets the same category on the same source twice.

```yaml
filters:
  - {category: jailbreak, source: prompt, severity: low}   # AOAI016: jailbreak has no severity
```

**Fix:** as the message says.
"""
CATALOG_UNREADABLE = Rule(
    "AOAI020", "catalog-unreadable", E, "The catalog file cannot be read, or is not valid JSON or YAML.", True
)
"""The catalog file a stack names (`catalog:`, relative to the stack file) or `--catalog` names cannot
be read: it does not exist, is not a regular file (a FIFO, a device), is larger than 64 MiB (2 MiB for a YAML catalog), is not
UTF-8, or is not valid JSON (for `.json`) or YAML (any other suffix). JSON is read strictly: a key given
twice, a byte order mark, `NaN`, `Infinity`, a number of more than 40 characters and nesting deeper than
500 levels are refused at their line and column. Nothing can be checked against a catalog that cannot be read, so every stack that uses it is
skipped and the exit code is 2. The finding points at the catalog file, with the line and column of a
syntax error.

```
org-catalog.json:2:1: AOAI020 error the catalog cannot be read: not valid JSON: Expecting ',' delimiter
```

**Fix:** correct the path, or the text at the position shown. `python -m json.tool FILE` shows the same place.
"""  # noqa: E501
CATALOG_INVALID = Rule(
    "AOAI021", "catalog-invalid", E, "The catalog file does not follow the catalog format.", True
)
"""The catalog file is valid JSON or YAML but does not follow the catalog format: a required block is
missing (`as_of`, `regions`, `models`, `quota`, `limits`, `ptu`, `sources`, ...), a key is unknown, or a
value has the wrong type (a date that is not `YYYY-MM-DD`, a negative capacity). Each problem is reported
at its own line and column, with "did you mean" for misspelt keys.

The format is the bundled catalog's (`src/aoai_infra/catalog/data/catalog.json`, built by
`tools/build_catalog.py`). Its `regions` block has the shape of Azure's `models.list(location)` answer:
ARM fields that aoai-infra does not use are ignored there, so a catalog written from live Azure loads.

**Fix:** start from a copy of the bundled catalog and change values, not structure.
"""
CATALOG_AGE = Rule(
    "AOAI022", "catalog-age", Severity.WARNING, "The catalog is older than 90 days on the day checked."
)
"""The catalog a run checks against is more than 90 days older than the day checked (`--today`, today by
default). Azure adds models, retires versions and changes quota every month; a catalog that old still
answers, but a model it lists as offered may be gone and a model it does not know may exist. The
warning is given once per catalog and run, on the first stack file that uses it. `aoai-infra catalog
show MODEL` prints the catalog's date and age too.

**Fix:** upgrade aoai-infra (its bundled catalog is rebuilt from Microsoft's documentation with each
release), or run `aoai-infra catalog sync` and name the written catalog with `--catalog` or a stack's
`catalog:` key; `.github/workflows/catalog-sync.yml` keeps an organisation's catalog fresh on a schedule.
"""

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
