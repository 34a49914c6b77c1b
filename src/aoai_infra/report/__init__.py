"""Renderers of a validation report: one module per output format.

Imports: the standard library only.
"""
