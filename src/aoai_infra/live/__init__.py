"""Live mode: read the model catalog, quota and existing deployments of a subscription from Azure.

Only the live commands (`catalog sync`, `validate --live`) import this package; it pulls in azure-identity
and azure-mgmt-cognitiveservices (the `live` extra), which the offline commands never load.

Imports: the standard library only.
"""
