"""Names derived from the spec: stable, within Azure's limits, and independent of YAML order."""

from __future__ import annotations

from aoai_infra.stack import naming
from aoai_infra.stack.model import Account, PrivateEndpoint
from aoai_infra.stack.roles import role_definition_guid, role_definition_id

VNET = (
    "/subscriptions/6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7/resourceGroups/rg"
    "/providers/Microsoft.Network/virtualNetworks"
)


def endpoint(vnet: str, subnet: str, name: str | None = None) -> PrivateEndpoint:
    return PrivateEndpoint(subnet=f"{VNET}/{vnet}/subnets/{subnet}", name=name)


def account(name: str, *endpoints: PrivateEndpoint) -> Account:
    return Account.model_validate({"name": name, "network": {"private_endpoints": list(endpoints)}})


def test_private_endpoint_name_comes_from_account_and_subnet():
    pe = endpoint("vnet-a", "snet-pe")
    assert naming.private_endpoint_name(account("oai-x", pe), pe) == "pe-oai-x-snet-pe"


def test_an_endpoint_keeps_the_name_it_is_given():
    pe = endpoint("vnet-a", "snet-pe", name="my-endpoint")
    assert naming.private_endpoint_name(account("oai-x", pe), pe) == "my-endpoint"


def test_same_named_subnets_of_two_vnets_get_different_endpoint_names():
    first, second = endpoint("vnet-a", "snet-pe"), endpoint("vnet-b", "snet-pe")
    owner = account("oai-x", first, second)
    names = {naming.private_endpoint_name(owner, first), naming.private_endpoint_name(owner, second)}
    assert len(names) == 2
    assert all(
        name.startswith("pe-oai-x-snet-pe-") and len(name) == len("pe-oai-x-snet-pe-") + 8 for name in names
    )


def test_a_long_endpoint_name_is_shortened_to_azures_limit_and_stays_unique():
    long_account = "oai-" + "a" * 60
    pe = endpoint("vnet-a", "snet-private-endpoints")
    name = naming.private_endpoint_name(account(long_account, pe), pe)
    assert len(name) == naming.PRIVATE_ENDPOINT_MAX
    assert name == naming.private_endpoint_name(account(long_account, pe), pe)
    other = endpoint("vnet-b", "snet-private-endpoints")
    assert naming.private_endpoint_name(account(long_account, other), other) != name


def test_role_assignment_name_is_stable_and_depends_on_scope_principal_and_role():
    scope = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.CognitiveServices/accounts/oai-x"
    principal = "2b7e4c91-0d3a-4f5b-9e86-1c2d3e4f5a6b"
    user = role_definition_guid("Cognitive Services OpenAI User")
    contributor = role_definition_guid("cognitive services openai contributor")
    assert user
    assert contributor
    name = naming.role_assignment_name(scope, principal, user)
    assert name == naming.role_assignment_name(scope.upper(), principal.upper(), user)  # Azure ignores case
    assert name != naming.role_assignment_name(scope, principal, contributor)
    assert name != naming.role_assignment_name(scope + "2", principal, user)


def test_role_definition_id_from_name_or_guid():
    subscription = "6f1d2c3b-4a5e-4f60-8b71-92a3b4c5d6e7"
    expected = f"/subscriptions/{subscription}/providers/Microsoft.Authorization/roleDefinitions/"
    assert (
        role_definition_id(subscription, "Cognitive Services User")
        == expected + "a97b65f3-24c7-4388-baec-2e87135dc908"
    )
    assert role_definition_id(subscription, "Foundry User") == role_definition_id(
        subscription, "Azure AI User"
    )
    custom = "0A9A7E1F-B9D0-4CC4-A60D-0319B160AAA3"
    assert role_definition_id(subscription, custom) == expected + custom.lower()


def test_dns_zone_config_name():
    zones = "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Network/privateDnsZones"
    zone = f"{zones}/privatelink.openai.azure.com"
    assert naming.dns_zone_config_name(zone) == "privatelink-openai-azure-com"
