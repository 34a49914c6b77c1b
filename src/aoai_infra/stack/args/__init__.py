"""The arguments pulumi-azure-native receives for each kind of resource, from the stack model: one
module per kind. Pure functions of the stack; they import the stack model, naming and roles, never Pulumi.
This package imports nothing.
"""
