"""The stack file format: pydantic models of `stacks/<stack>.yaml`.

Types are strict (a version is text, a capacity an integer: YAML's guesses are not coerced), unknown keys
are errors, and defaults are secure: keys off, public network access off, outbound access restricted,
a system-assigned identity. `aoai-infra schema` prints the JSON Schema generated from these models.

Imports: aoai_infra.stack; pydantic, pydantic_core.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from aoai_infra.stack import identifiers as ids

SCHEMA_ID = "urn:aoai-infra:schema:stack"
# Azure's Sku.capacity is an int32 (Microsoft.CognitiveServices 2026-09-01 REST spec, definitions.json):
# a larger capacity or quota cannot be sent, so it is refused here, where the file can be fixed.
INT32_MAX = 2**31 - 1

NonEmpty = Annotated[str, StringConstraints(min_length=1)]
Guid = Annotated[
    str,
    AfterValidator(ids.check_guid),
    WithJsonSchema({"type": "string", "pattern": ids.GUID_PATTERN}),
]
IpRule = Annotated[
    str,
    AfterValidator(ids.check_ipv4_rule),
    WithJsonSchema({"type": "string", "description": "IPv4 address or CIDR range, e.g. 203.0.113.0/24"}),
]


SubnetId = Annotated[str, AfterValidator(ids.SUBNET.check), WithJsonSchema(ids.SUBNET.json_schema)]
PrivateDnsZoneId = Annotated[
    str, AfterValidator(ids.PRIVATE_DNS_ZONE.check), WithJsonSchema(ids.PRIVATE_DNS_ZONE.json_schema)
]
WorkspaceId = Annotated[
    str,
    AfterValidator(ids.LOG_ANALYTICS_WORKSPACE.check),
    WithJsonSchema(ids.LOG_ANALYTICS_WORKSPACE.json_schema),
]
UserAssignedIdentityId = Annotated[
    str,
    AfterValidator(ids.USER_ASSIGNED_IDENTITY.check),
    WithJsonSchema(ids.USER_ASSIGNED_IDENTITY.json_schema),
]
# Azure tags: at most 50 per resource; names up to 512 characters without < > % & \ ? /; values up to 256.
TagName = Annotated[str, StringConstraints(min_length=1, max_length=512, pattern=r"^[^<>%&\\?/]+$")]
TagValue = Annotated[str, StringConstraints(max_length=256)]
Tags = Annotated[dict[TagName, TagValue], Field(max_length=50)]

QuotaTier = Literal["default", "enterprise", "tier1", "tier2", "tier3", "tier4", "tier5", "tier6"]
OfferType = Literal["pay-as-you-go", "enterprise", "credit-card", "msdn", "free-trial"]
DataResidency = Literal["none", "datazone", "region"]
CategoryGroup = Literal["allLogs", "audit"]
_ALL_LOGS: list[CategoryGroup] = ["allLogs"]
UpgradeOption = Literal["OnceNewDefaultVersionAvailable", "OnceCurrentVersionExpired", "NoAutoUpgrade"]
FilterCategory = Literal[
    "hate",
    "sexual",
    "violence",
    "selfharm",
    "jailbreak",
    "indirect_attack",
    "protected_material_text",
    "protected_material_code",
    "profanity",
]
SEVERITY_CATEGORIES = frozenset({"hate", "sexual", "violence", "selfharm"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class ResourceGroup(_Model):
    """The resource group that holds the stack's accounts."""

    name: Annotated[str, StringConstraints(min_length=1, max_length=90)] = Field(
        description="Resource group name."
    )
    create: bool = Field(True, description="Create the group (true) or use an existing one (false).")


class FilterRule(_Model):
    """One content filter setting: a category on prompts or completions."""

    category: FilterCategory = Field(description="What the filter looks for.")
    source: Literal["prompt", "completion"] = Field(description="Filter the prompt or the completion.")
    severity: Literal["low", "medium", "high"] | None = Field(
        None,
        description="Lowest severity that is filtered (low is strictest); "
        "only for hate, sexual, violence and selfharm.",
    )
    blocking: bool = Field(True, description="Block matching content (true) or only annotate it (false).")
    enabled: bool = Field(True, description="Turn this filter on or off.")

    @model_validator(mode="after")
    def _severity_matches_category(self) -> FilterRule:
        if self.category in SEVERITY_CATEGORIES and self.severity is None:
            raise PydanticCustomError(
                "invalid_combination",
                f"the {self.category} filter needs a severity: add severity: low, medium or high",
            )
        if self.category not in SEVERITY_CATEGORIES and self.severity is not None:
            raise PydanticCustomError(
                "invalid_combination",
                "severity applies to hate, sexual, violence and selfharm only; "
                f"remove it from {self.category}",
            )
        return self


BUILT_IN_FILTER_PREFIX = "Microsoft."  # Azure's own RAI policies, e.g. Microsoft.DefaultV2
# The built-in RAI policies Azure has on every account, and what says so:
# - Microsoft.Default: the base policy of the RaiPolicies examples of the Microsoft.CognitiveServices REST
#   specification (2026-09-01 GetRaiPolicy, ListRaiPolicies and PutRaiPolicy, Azure/azure-rest-api-specs);
# - Microsoft.DefaultV2: the raiPolicyName Azure gives deployments of current models made without one,
#   with the categories of Microsoft Learn's "Default Guardrail policies for Azure OpenAI" (jailbreak and
#   protected material added to Default's four); that page does not print the name, Azure's answers do;
# - Microsoft.Nil: no filtering, for subscriptions approved for modified content filtering (Microsoft
#   Learn, "Content filter configurability": "No filters ... Requires approval"); the name is the one
#   Azure shows such deployments, named by no Microsoft page that aoai-infra found.
BUILT_IN_FILTERS = ("Microsoft.Default", "Microsoft.DefaultV2", "Microsoft.Nil")


def is_built_in_filter(name: str) -> bool:
    """Azure's own RAI policies exist on every account; a deployment may name them without defining them."""
    return name.startswith(BUILT_IN_FILTER_PREFIX)


class ContentFilter(_Model):
    """A content filter (an Azure RAI policy), created on every account whose deployments use it."""

    base: NonEmpty = Field("Microsoft.DefaultV2", description="Base RAI policy the filters refine.")
    mode: Literal["Default", "Deferred", "Blocking", "Asynchronous_filter"] = Field(
        "Default", description="Default filters synchronously; Asynchronous_filter streams first."
    )
    filters: list[FilterRule] = Field(default_factory=list, description="Settings that override the base.")

    @model_validator(mode="after")
    def _one_setting_per_category_and_source(self) -> ContentFilter:
        seen: set[tuple[str, str]] = set()
        for rule in self.filters:
            pair = (rule.category, rule.source)
            if pair in seen:
                raise PydanticCustomError(
                    "invalid_combination",
                    f"filters set {rule.category} on the {rule.source} twice; keep one of them",
                )
            seen.add(pair)
        return self


class PrivateEndpoint(_Model):
    """A private endpoint of the account in a subnet, with the DNS zones it registers in."""

    subnet: SubnetId = Field(description="Subnet the endpoint is placed in.")
    dns_zones: list[PrivateDnsZoneId] = Field(
        default_factory=list,
        description="Private DNS zones, e.g. privatelink.openai.azure.com (AIServices also "
        "privatelink.cognitiveservices.azure.com).",
    )
    name: NonEmpty | None = Field(None, description="Endpoint name; derived from the account when omitted.")
    location: NonEmpty | None = Field(
        None,
        description="Region of the endpoint, which Azure requires to be its virtual network's region; "
        "the account's region when omitted.",
    )
    resource_group: NonEmpty | None = Field(
        None,
        description="Resource group of the endpoint, in the subscription of its subnet; the stack's "
        "resource group when omitted, which needs the subnet to be in the stack's subscription.",
    )


class Network(_Model):
    """Network access of an account.

    Secure by default: no public access, deny by default, outbound access restricted.
    """

    public_access: bool = Field(False, description="Allow the public endpoint (publicNetworkAccess).")
    default_action: Literal["Allow", "Deny"] = Field("Deny", description="Action when no rule matches.")
    bypass: Literal["AzureServices", "None"] = Field(
        "AzureServices", description="Let trusted Azure services through the ACLs."
    )
    ip_rules: list[IpRule] = Field(default_factory=list, description="IPv4 addresses or ranges allowed in.")
    vnet_rules: list[SubnetId] = Field(default_factory=list, description="Subnets allowed in.")
    private_endpoints: list[PrivateEndpoint] = Field(default_factory=list, description="Private endpoints.")
    restrict_outbound: bool = Field(True, description="Restrict outbound network access of the account.")
    allowed_fqdns: list[NonEmpty] = Field(
        default_factory=list, description="Hosts the account may reach when outbound access is restricted."
    )


def _identity_shorthand(value: Any) -> Any:
    if value == "none":
        return {"system": False}
    if value == "system":
        return {"system": True}
    if isinstance(value, str):
        raise PydanticCustomError(
            "invalid_choice",
            "identity must be none, system, or a mapping such as {system: true, user_assigned: [<id>]}",
        )
    return value


class Identity(_Model):
    """Managed identities of the account. Write `identity: system` or `identity: none` for short."""

    system: bool = Field(True, description="Give the account a system-assigned identity.")
    user_assigned: list[UserAssignedIdentityId] = Field(
        default_factory=list, description="User-assigned identities to attach."
    )

    @property
    def azure_type(self) -> str:
        """The `identity.type` value Azure expects."""
        kinds = [
            name for name, on in (("SystemAssigned", self.system), ("UserAssigned", self.user_assigned)) if on
        ]
        return ", ".join(kinds) or "None"


IdentityField = Annotated[
    Identity,
    BeforeValidator(_identity_shorthand, json_schema_input_type=Literal["none", "system"] | Identity),
]


class Diagnostics(_Model):
    """A diagnostic setting that sends the account's logs and metrics to Log Analytics."""

    workspace: WorkspaceId = Field(description="Log Analytics workspace.")
    category_groups: list[CategoryGroup] = Field(
        default_factory=lambda: _ALL_LOGS.copy(), description="Log category groups to send."
    )
    metrics: bool = Field(True, description="Send AllMetrics too.")


class RoleAssignment(_Model):
    """An Azure role given to a principal on the account."""

    principal: Guid = Field(description="Object id of the user, group or service principal.")
    role: NonEmpty = Field(description="Built-in role name, e.g. Cognitive Services OpenAI User.")
    type: Literal["User", "Group", "ServicePrincipal", "ForeignGroup", "Device"] = Field(
        "ServicePrincipal", description="Kind of principal."
    )


TOKENS_PER_MONTH_MAX = 10**15  # far beyond any capacity: 2 billion units x 1,000 tokens a minute for a month


class Usage(_Model):
    """The tokens a pay-per-token deployment is expected to process in a month, for plan's cost."""

    input_tokens_per_month: Annotated[int, Field(ge=0, le=TOKENS_PER_MONTH_MAX)] = Field(
        description="Prompt tokens a month, cached ones included."
    )
    output_tokens_per_month: Annotated[int, Field(ge=0, le=TOKENS_PER_MONTH_MAX)] = Field(
        0, description="Completion tokens a month."
    )
    cached_fraction: Annotated[float, Field(ge=0, le=1)] = Field(
        0.0, description="The share of input tokens served from the prompt cache (0 to 1)."
    )


class Deployment(_Model):
    """A model deployment on an account."""

    name: NonEmpty = Field(description="Deployment name; clients call the model by it.")
    model: NonEmpty = Field(description="Model name, e.g. gpt-4.1.")
    format: NonEmpty = Field(
        "OpenAI", description="Model format (publisher), OpenAI for Azure OpenAI models."
    )
    version: NonEmpty = Field(description='Model version, quoted: "2025-04-14".')
    sku: NonEmpty = Field(
        description="Deployment type: Standard, GlobalStandard, DataZoneStandard, ProvisionedManaged, "
        "GlobalProvisionedManaged, DataZoneProvisionedManaged, GlobalBatch, DataZoneBatch, DeveloperTier."
    )
    capacity: Annotated[int, Field(ge=1, le=INT32_MAX)] = Field(
        description="Units of 1,000 tokens per minute for Standard types; PTUs for provisioned types."
    )
    upgrade: UpgradeOption = Field(
        "OnceCurrentVersionExpired",
        description="Version upgrade policy; Azure's default upgrades when the pinned version retires.",
    )
    content_filter: NonEmpty | None = Field(
        None, description="A key of content_filters, or a built-in policy such as Microsoft.DefaultV2."
    )
    spillover_to: NonEmpty | None = Field(
        None,
        description="For a provisioned deployment: the Standard-type deployment of the same account, model "
        "and version that serves requests when this one is throttled (spilloverDeploymentName).",
    )
    tags: Tags = Field(default_factory=dict, description="Tags on this deployment only.")
    usage: Usage | None = Field(
        None,
        description="Expected monthly tokens of a pay-per-token deployment: plan shows its monthly cost "
        "from them. Not sent to Azure.",
    )


class Account(_Model):
    """An Azure OpenAI (or AI Services) account and its deployments."""

    name: NonEmpty = Field(description="Account name.")
    kind: Literal["OpenAI", "AIServices"] = Field("OpenAI", description="Account kind.")
    sku: Literal["S0"] = Field("S0", description="Account SKU (not the deployment type).")
    location: NonEmpty | None = Field(None, description="Region; the stack's location when omitted.")
    custom_subdomain: NonEmpty | None = Field(
        None,
        description="Subdomain of the endpoint <subdomain>.openai.azure.com; the account name when omitted.",
    )
    local_auth: bool = Field(False, description="Allow API keys. Off by default: Entra ID only.")
    identity: IdentityField = Field(default_factory=Identity, description="Managed identities.")
    protect: bool | None = Field(
        None, description="Protect from deletion; by default true when the stack name starts with prod."
    )
    network: Network = Field(default_factory=Network, description="Network access.")
    diagnostics: Diagnostics | None = Field(None, description="Diagnostic settings.")
    roles: list[RoleAssignment] = Field(default_factory=list, description="Role assignments on the account.")
    deployments: list[Deployment] = Field(default_factory=list, description="Model deployments.")
    tags: Tags = Field(default_factory=dict, description="Tags, merged over the stack's tags.")

    @property
    def subdomain(self) -> str:
        return self.custom_subdomain or self.name


class StackSpec(_Model):
    """One stack file: the Azure OpenAI estate of one environment in one subscription."""

    model_config = ConfigDict(
        title="aoai-infra stack",
        json_schema_extra={
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "$id": SCHEMA_ID,
            # Top-level keys starting with x- are ignored, so that they can hold YAML anchors.
            "patternProperties": {"^x-": {}},
        },
    )

    subscription_id: Guid = Field(description="Azure subscription that holds the stack.")
    location: NonEmpty = Field(description="Default region of the accounts, e.g. eastus.")
    quota_tier: QuotaTier = Field(
        "default",
        description="The subscription's quota tier (tier1..tier6); default is checked against tier1, "
        "the lowest.",
    )
    offer_type: OfferType | None = Field(
        None,
        description="The subscription's offer, for quota given by offer (batch): enterprise (EA, MCA-E), "
        "pay-as-you-go, credit-card, msdn or free-trial; enterprise when quota_tier is enterprise, else "
        "pay-as-you-go.",
    )
    catalog: NonEmpty | None = Field(
        None,
        description="Catalog file (JSON or YAML) to check this stack against, relative to this file; "
        "the catalog bundled with aoai-infra (or --catalog) when omitted.",
    )
    quota: dict[NonEmpty, dict[NonEmpty, Annotated[int, Field(ge=0, le=INT32_MAX)]]] = Field(
        default_factory=dict,
        description="Approved quota per region and usage name, in capacity units, over the catalog's limits.",
    )
    data_residency: DataResidency = Field(
        "none", description="datazone forbids Global types; region forbids Global and DataZone types."
    )
    resource_group: ResourceGroup = Field(description="Resource group of the accounts.")
    tags: Tags = Field(default_factory=dict, description="Tags on every resource of the stack.")
    content_filters: dict[NonEmpty, ContentFilter] = Field(
        default_factory=dict, description="Content filters by name, referenced by deployments."
    )
    accounts: Annotated[list[Account], Field(min_length=1)] = Field(description="Accounts of the stack.")

    def location_of(self, account: Account) -> str:
        return account.location or self.location


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a stack file, for editors and `aoai-infra schema`."""
    return StackSpec.model_json_schema()
