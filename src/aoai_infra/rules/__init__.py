"""The rules validate runs: one module per family of rules, each with its `RULES` and `check(ctx)`.

The registry of every rule is aoai_infra.rules.registry; each rule has a page `docs/rules/<CODE>.md`.
Numbering: AOAI0xx input and schema, AOAI1xx availability and lifecycle, AOAI2xx capacity and quota,
AOAI3xx network and security, AOAI4xx names and references.

A family module checks one stack with `check(ctx)`, and, where a rule looks across every stack file
given in one call (quota, account counts, duplicate names), all of them with `check_all(stacks)`.
The package itself imports nothing, so that reading a stack file loads only the codes it reports.

Imports: the standard library only.
"""
