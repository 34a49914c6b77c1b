"""Every deployment's model version is offered as its deployment type in its account's region, and is
not retired, according to the same dated catalog `aoai-infra validate` uses.

Azure refuses a deployment of a model version that its region does not offer as that type
(DeploymentModelNotSupported), and a retired version fails; both only show up half-way through
`pulumi up`. This is a stack policy, because the region is the account's. Deployments of models in
other formats than OpenAI, and of accounts outside the stack, are not checked. Neither is what the catalog
cannot tell (a model it has never seen that looks like none it knows, a version newer than the catalog
or than the region table of its deployment type): the guard never claims Azure would refuse on a fact it
does not have; `aoai-infra validate` warns about each (AOAI109).

Settings: `catalog`, a catalog file (default: the one bundled with aoai-infra; `aoai-infra catalog sync`
writes one from live Azure), and `today`, the date retirement is checked against (default: today).

Imports: aoai_infra.catalog, aoai_infra.policies, aoai_infra.suggest; pydantic.
"""

from __future__ import annotations

import datetime

from pydantic import Field

from aoai_infra.catalog.catalog import Catalog
from aoai_infra.policies.base import (
    HIGH,
    MANDATORY,
    PolicyResource,
    Report,
    StackArgs,
    catalog,
    deployment_label,
    known,
    settings_of,
    stack_policy,
)
from aoai_infra.policies.base import Settings as Base
from aoai_infra.policies.graph import deployments_by_account
from aoai_infra.suggest import closest, listing

NAME = "aoai-deployment-offered"
SPEC_FIELD = "version"
SPEC_FIX = (
    "in the stack file, change version or sku of deployment '{name}', or the account's location "
    "(aoai-infra catalog where MODEL shows what is offered where)"
)


class Settings(Base):
    catalog: str | None = Field(
        None, description="A catalog file instead of the one bundled with aoai-infra."
    )
    today: datetime.date | None = Field(
        None, description="Check retirement as of this date (default: today)."
    )


def validate(args: StackArgs, report_violation: Report) -> None:
    settings = settings_of(args.get_config(), Settings)
    found = catalog(settings.catalog)
    today = settings.today or datetime.date.today()
    for account, deployments in deployments_by_account(args.resources).values():
        region = known(account.props, "location") if account else None
        if not isinstance(region, str):
            continue  # an account outside this stack: its region is not known here
        for deployment in deployments:
            message = _problem(found, region.replace(" ", "").lower(), deployment, today)
            if message:
                report_violation(
                    f"deployment '{deployment_label(deployment.props, deployment.name)}': {message}",
                    deployment.urn,
                )


def _problem(found: Catalog, region: str, deployment: PolicyResource, today: datetime.date) -> str | None:
    model = known(deployment.props, "properties", "model")
    name, version, sku = known(model, "name"), known(model, "version"), known(deployment.props, "sku", "name")
    if not (isinstance(name, str) and isinstance(version, str) and isinstance(sku, str)):
        return None
    if known(model, "format") not in (None, "OpenAI"):
        return None  # the catalog knows Azure OpenAI models only
    lifecycle = found.lifecycle(name, version, sku)
    if lifecycle is not None and lifecycle.is_retired(today):
        when = f"on {lifecycle.retirement.isoformat()}" if lifecycle.retirement else "(date not published)"
        return (
            f"{name} {version} retired as {sku} {when} ({found.label}) and deployments of it fail; "
            f"move to a current version (aoai-infra catalog show {name})"
        )
    if found.sku(region, name, version, sku) is not None:
        return None
    if found.model(name) is None:
        if closest(name, found.current_models(today)) is None:
            return None  # perhaps newer than the catalog: validate warns (AOAI109), the guard cannot tell
        return f"{name} is not in the {found.label}; check the model name (aoai-infra catalog models)"
    if found.unknown_because(name, version, sku) is not None:
        return None  # the catalog cannot tell (AOAI109 in validate): it never claims Azure would refuse
    offered_here = found.skus_in(region, name, version)
    elsewhere = found.regions_offering(name, version, sku)
    fix = (
        f"in {region} it is offered as {listing(offered_here)}"
        if offered_here
        else f"regions offering it as {sku}: {listing(elsewhere)}"
        if elsewhere
        else f"see where it is offered with: aoai-infra catalog where {name}"
    )
    return f"{name} {version} is not offered as {sku} in {region} ({found.label}); {fix}"


POLICY = stack_policy(
    NAME,
    (
        "Model deployments must use a model version that the account's region offers as that deployment "
        "type, and that is not retired."
    ),
    validate,
    level=MANDATORY,
    severity=HIGH,
    settings=Settings,
    remediation=(
        "Pick a version and deployment type the region offers (aoai-infra catalog where MODEL), or move the "
        "account to a region that offers it; replace retired versions with a current one."
    ),
)
