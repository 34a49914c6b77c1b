"""Reading input files: bounded reads, YAML and JSON with positions, source maps, and schema errors as
findings. Imports findings, quoting and suggest; never the rules registry, the catalog or pydantic models
other than the stack model that schema errors are about. This package imports nothing.
"""
