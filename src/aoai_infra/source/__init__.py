"""Reading input files: bounded reads, YAML and JSON with positions, source maps, and schema errors as
findings. Its modules never import the rules registry or the catalog: reading a file loads only what
reading needs.

Imports: the standard library only.
"""
