"""The arguments pulumi-azure-native receives for each kind of resource, from the stack model: one
module per kind. Pure functions of the stack; they never import Pulumi.

Imports: the standard library only.
"""
