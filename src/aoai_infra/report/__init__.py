"""Renderers of a validation report: one module per output format."""
