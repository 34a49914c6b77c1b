"""The exit codes of every command, defined once.

0: done, nothing fails; 1: findings (or violations, or a plan's --fail-on) fail the run; 2: some input
could not be read, or the command could not start; 3: a bug in aoai-infra (never for any input).

Imports: the standard library only.
"""

EXIT_CLEAN = 0
EXIT_FINDINGS = 1
EXIT_UNREADABLE = 2
EXIT_INTERNAL_ERROR = 3
