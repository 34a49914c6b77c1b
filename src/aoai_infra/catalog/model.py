"""The catalog file format: pydantic models of a catalog of Azure OpenAI offerings.

The `regions` block has the shape of Azure's `models.list(location)` answer (ARM field names, extra ARM
fields ignored) so that live sync can write it; the other blocks are aoai-infra's own and strict.
Every block carries a `source` naming an entry of `sources`.

Imports: aoai_infra.source; pydantic.
"""

from __future__ import annotations

import datetime
from typing import Annotated, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from aoai_infra.source.yamlfile import Timestamp

Status = Literal["preview", "ga", "legacy", "deprecated", "retired", "unknown"]
Family = Literal["standard", "provisioned", "batch", "developer"]
Scope = Literal["global", "datazone", "regional"]
Count = Annotated[int, Field(ge=0)]


def _timestamp_text(value: object) -> object:
    # A YAML catalog writes dates unquoted; the YAML loader keeps them as text for pydantic to parse.
    return str(value) if isinstance(value, Timestamp) else value


Date = Annotated[datetime.date, BeforeValidator(_timestamp_text)]
DateTime = Annotated[datetime.datetime, BeforeValidator(_timestamp_text)]


class _Own(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Arm(BaseModel):
    # Azure adds fields over time (capabilities, systemData, ...): keep what we use, ignore the rest.
    model_config = ConfigDict(extra="ignore", frozen=True, populate_by_name=True)


class Capacity(_Arm):
    minimum: Count | None = None
    maximum: Count | None = None
    step: Annotated[int, Field(ge=1)] | None = None
    default: Count | None = None


class ModelSku(_Arm):
    name: str
    usage_name: str | None = Field(None, alias="usageName")  # Azure leaves it out for a few SKUs
    capacity: Capacity = Field(default_factory=Capacity)
    deprecation_date: DateTime | None = Field(None, alias="deprecationDate")
    source: str | None = None


class Deprecation(_Arm):
    """When Azure stops serving a model version for inference and for fine-tuning."""

    inference: DateTime | None = None
    fine_tune: DateTime | None = Field(None, alias="fineTune")
    deprecation_status: str | None = Field(None, alias="deprecationStatus")


class AccountModel(_Arm):
    format: str = "OpenAI"
    name: str
    version: str
    is_default_version: bool | None = Field(None, alias="isDefaultVersion")
    lifecycle_status: str | None = Field(None, alias="lifecycleStatus")
    deprecation: Deprecation | None = None
    skus: list[ModelSku] = Field(default_factory=list)


class RegionModel(_Arm):
    kind: str = "OpenAI"
    sku_name: str = Field("S0", alias="skuName")
    model: AccountModel


class Region(_Own):
    geography: str | None = None
    source: str
    models: list[RegionModel]


class TypeLifecycle(_Own):
    """What a source says of one deployment type of a version where it differs from the version's dates."""

    retirement: Date | None = None
    no_new_customers: Date | None = None
    remark: str | None = None
    source: str


class Lifecycle(_Own):
    """A model version's lifecycle. `status` is what the source stated on its date (`stated_on`); what a
    user sees is `status_on(today)`, derived from the dates, so nothing reads `ga` after it retired."""

    status: Status
    stated_on: Date | None = None
    retirement: Date | None = None
    no_new_customers: Date | None = None
    replacement: str | None = None
    replacement_version: str | None = None
    remark: str | None = None
    source: str
    sources: dict[str, str] = Field(default_factory=dict)  # field: source, where not `source`
    deployment_types: dict[str, TypeLifecycle] = Field(default_factory=dict)

    def for_type(self, sku: str) -> Lifecycle:
        """This lifecycle as it applies to one deployment type (whatever its case)."""
        own = next((v for k, v in self.deployment_types.items() if k.lower() == sku.lower()), None)
        if own is None:
            return self
        return self.model_copy(
            update={
                "retirement": own.retirement or self.retirement,
                "no_new_customers": own.no_new_customers or self.no_new_customers,
                "remark": own.remark or self.remark,
                "source": own.source,
            }
        )

    def status_on(self, today: datetime.date) -> Status:
        """The status on `today`: retired from the retirement date, closed to new customers from that date."""
        if self.retirement is not None and self.retirement <= today:
            return "retired"
        if self.status == "retired" and self.retirement is None:
            return "retired"  # on a day no source gives
        if self.no_new_customers is not None and self.no_new_customers <= today:
            return "deprecated"
        # Retired on its date: what it was before then the sources do not say.
        return "unknown" if self.status == "retired" else self.status

    def is_retired(self, today: datetime.date) -> bool:
        """Retired by status, or because its retirement date has come."""
        return self.status_on(today) == "retired"


class ModelInfo(_Own):
    versions: dict[str, Lifecycle]
    rpm_per_unit: float | None = None


class DeploymentType(_Own):
    family: Family
    scope: Scope
    data_processing: str | None = None
    source: str
    # The region table of this type: a version newer than it may be offered without the catalog knowing.
    availability_source: str | None = None
    availability_as_of: Date | None = None


class DataZone(_Own):
    regions: list[str]
    source: str


class Usage(_Own):
    model: str
    sku: str
    limits: dict[str, Count]
    sources: dict[str, str]
    notes: dict[str, str] = Field(default_factory=dict)  # column: what the page says beside the limit


class Quota(_Own):
    unit: str
    scope: str
    columns: list[str]
    note: str
    usages: dict[str, Usage]


class Limits(_Own):
    accounts_per_region_per_subscription: Count
    deployments_per_account: Count
    ptu_per_deployment: Count
    source: str


class PtuRule(_Own):
    minimum: Count
    step: Annotated[int, Field(ge=1)]


class PtuModel(_Own):
    global_and_datazone: PtuRule
    regional: PtuRule
    input_tpm_per_ptu: Count
    output_to_input_ratio: float


class Ptu(_Own):
    source: str
    default_global_and_datazone: PtuRule | None = None  # minimums vary by model: no default is published
    notes: list[str] = Field(default_factory=list)
    models: dict[str, PtuModel]


HOURS_PER_MONTH = 730  # Azure's pricing month: an hourly price x 730 is the monthly price


class Price(_Own):
    model_config = ConfigDict(extra="allow", frozen=True)  # price columns: input, output, hourly, ...

    model: str | None = None  # None matches any
    version: str | None = None
    sku: str | None = None
    region: str | None = None
    unit: str
    source: str
    note: str | None = None
    effective: str | None = None  # the day the price took effect (the meter's effectiveStartDate)
    ends: str | None = None  # the day it ends, where the record states one (effectiveEndDate)
    meters: dict[str, str] | None = None  # the Retail Prices API meter of each price column
    secondary: bool = False  # read from a third party's capture, not a Retail Prices API record

    def amount(self, column: str) -> float | None:
        """A price column (`input`, `output`, `cached_input` per 1M tokens; `hourly` per PTU-hour)."""
        value = (self.model_extra or {}).get(column)
        return float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None

    def tokens_cost(self, input_tokens: float, output_tokens: float, cached_fraction: float) -> float:
        """What the tokens cost at this row's prices per 1M tokens: the cached share of the input at the
        cached input price (the input price where the row has none), the rest at the input price."""
        input_price = self.amount("input") or 0.0
        cached_price = self.amount("cached_input")
        cached = input_tokens * cached_fraction
        fresh = (input_tokens - cached) * input_price
        reused = cached * (input_price if cached_price is None else cached_price)
        return (fresh + reused + output_tokens * (self.amount("output") or 0.0)) / 1_000_000

    def matches(self, model: str, version: str, sku: str, region: str) -> bool:
        """An empty model, version, SKU or region in the row matches any."""
        wanted = ((self.model, model), (self.version, version), (self.sku, sku), (self.region, region))
        return all(have is None or have.lower() == want.lower() for have, want in wanted)

    @property
    def specificity(self) -> int:
        return sum(part is not None for part in (self.model, self.version, self.sku, self.region))


class Source(_Own):
    location: str
    date: str


class SubscriptionUsage(_Own):
    limit: int | float  # whole numbers stay whole in the file
    current: int | float
    unit: str | None = None


class SubscriptionQuota(_Own):
    """A subscription's own quota as `usages.list` reported it: per region, per usage name."""

    id: str
    source: str
    regions: dict[str, dict[str, SubscriptionUsage]]


class Sync(_Own):
    """Where and when `catalog sync` read a catalog, and which regions it could not read."""

    endpoint: str
    subscription: str
    regions: list[str]
    failed: dict[str, str] = Field(default_factory=dict)  # region: what went wrong


class CatalogFile(_Own):
    """A whole catalog file, as shipped in the package or named by `--catalog` / `catalog:`."""

    format: Literal[1]
    as_of: Date
    note: str | None = None
    built_from: str | None = None
    uncertainties: list[str] = Field(default_factory=list)
    deployment_types: dict[str, DeploymentType]
    data_zones: dict[str, DataZone]
    regions: dict[str, Region]
    models: dict[str, ModelInfo]
    quota: Quota
    limits: Limits
    ptu: Ptu
    prices: list[Price] = Field(default_factory=list)
    sources: dict[str, Source]
    subscription: SubscriptionQuota | None = None  # written by catalog sync
    sync: Sync | None = None
