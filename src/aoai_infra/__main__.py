"""`python -m aoai_infra` runs the CLI.

Imports: aoai_infra.cli.
"""

from aoai_infra.cli.app import entry

entry()
