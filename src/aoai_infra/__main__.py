"""`python -m aoai_infra` runs the CLI."""

from aoai_infra.cli.app import entry

entry()
