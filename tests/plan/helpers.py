"""Stack text for plan tests: one account in eastus with the deployments given."""

from __future__ import annotations

SUBSCRIPTION = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"


def stack(*deployments: str, subscription: str = SUBSCRIPTION, account: str = "oai-test") -> str:
    """`deployments` are flow mappings, e.g. {name: chat, model: gpt-5.4, ...}."""
    lines = [
        f"subscription_id: {subscription}",
        "location: eastus",
        "quota_tier: tier1",
        "resource_group: {name: rg-plan}",
        "accounts:",
        f"  - name: {account}",
        "    deployments:",
        *(f"      - {deployment}" for deployment in deployments),
    ]
    if not deployments:
        lines[-1] = "    deployments: []"
    lines.append(PTU_QUOTA)  # provisioned pools have no published limit: the approved one (AOAI213)
    return "\n".join(lines) + "\n"


PTU_QUOTA = (
    "quota: {eastus: {OpenAI.GlobalProvisionedManaged.PTU: 500, OpenAI.DataZoneProvisionedManaged.PTU: 500, "
    "OpenAI.ProvisionedManaged.PTU: 500}}"
)


def mini(capacity: int, sku: str = "GlobalStandard", name: str = "chat") -> str:
    return f'{{name: {name}, model: gpt-4o-mini, version: "2024-07-18", sku: {sku}, capacity: {capacity}}}'


def ptu(capacity: int, sku: str = "GlobalProvisionedManaged", name: str = "ptu") -> str:
    return f'{{name: {name}, model: gpt-5.4, version: "2026-03-05", sku: {sku}, capacity: {capacity}}}'
