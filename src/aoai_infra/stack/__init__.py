"""A stack: its model (`model`), loading a stack file into it (`load`), the identifiers and roles it
names, whether it is production, and the resources it creates (`resources`). Nothing here imports Pulumi
or an Azure SDK.

Imports: the standard library only.
"""
