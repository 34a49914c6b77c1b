"""The `aoai-infra` command line: `app` assembles the commands, one module each (`validate`, `plan`,
`check_policies`, `catalog`, `catalog_sync`, `schema`), with the options they share in `options`, writing
output and errors in `output`, and live mode's connection in `live`.

Start-up stays fast: these modules import only typer and the standard library at the top; each command
imports what it needs when it runs, and nothing on the `validate` path imports pulumi or an Azure SDK.

Imports: the standard library only.
"""
