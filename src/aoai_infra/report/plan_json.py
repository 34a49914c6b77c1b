"""`aoai-infra plan --format json`, documented in the README (`version` changes when the shape does).

Imports: aoai_infra.catalog, aoai_infra.findings, aoai_infra.plan, aoai_infra.report.
"""

from __future__ import annotations

import json
from collections.abc import Collection
from dataclasses import asdict
from typing import Any

from aoai_infra.catalog.model import HOURS_PER_MONTH
from aoai_infra.findings import Severity
from aoai_infra.plan.build import Plan
from aoai_infra.plan.changes import ACTIONS, Change
from aoai_infra.plan.cost import DeploymentCost, Estimate, Totals
from aoai_infra.plan.quota import QuotaImpact
from aoai_infra.report.json_report import finding_json

FORMAT_VERSION = 1


def render(plan: Plan, fail_on: Collection[str] = ()) -> str:
    return json.dumps(document(plan, fail_on), indent=2) + "\n"


def document(plan: Plan, fail_on: Collection[str] = ()) -> dict[str, Any]:
    return {
        "version": FORMAT_VERSION,
        "complete": plan.complete,
        "catalogs": plan.catalogs,
        "stacks": [
            {
                "stack": stack.name,
                "old": stack.old,
                "new": stack.new,
                "planned": stack.planned,
                "changes": len(stack.changes),
            }
            for stack in plan.stacks
        ],
        "changes": [_change(change) for change in plan.changes],
        "quota": [_quota(line) for line in plan.quota],
        "cost": {
            "currency": "USD",
            "hours_per_month": HOURS_PER_MONTH,
            "before": _totals(plan.cost.totals("before")),
            "after": _totals(plan.cost.totals("after")),
            "deployments": [_deployment_cost(cost) for cost in plan.cost.changed],
        },
        "findings": [finding_json(finding) for finding in plan.findings],
        "summary": {
            **{action: plan.count(action) for action in ACTIONS},
            "destructive": len(plan.destructive),
            "errors": plan.findings_of(Severity.ERROR),
            "warnings": plan.findings_of(Severity.WARNING),
            "exit_code": plan.exit_code(fail_on),
        },
    }


def _change(change: Change) -> dict[str, Any]:
    return {
        "stack": change.stack,
        "kind": change.kind,
        "name": change.name,
        "action": change.action,
        "fields": {name: {"old": field.old, "new": field.new} for name, field in change.fields.items()},
        "destructive": change.destructive,
        "replaced_by": list(change.replaced_by),
        "losses": list(change.losses),
        "protected": change.protected,
    }


def _quota(line: QuotaImpact) -> dict[str, Any]:
    return {
        "subscription": line.subscription,
        "region": line.region,
        "usage_name": line.usage_name,
        "before": line.before,
        "after": line.after,
        "limit": line.limit.units if line.limit else None,
        "limit_origin": line.limit.origin if line.limit else None,
        "status": line.status,
    }


def _totals(totals: Totals) -> dict[str, Any]:
    return {
        "monthly": round(totals.monthly, 2),
        "provisioned_monthly": round(totals.provisioned, 2),
        "declared_usage_monthly": round(totals.declared, 2),
        "usage_not_declared_deployments": totals.undeclared,
        "pay_per_token_upper_bound": round(totals.upper_bound, 2),
        "unpriced_deployments": totals.unpriced,
    }


def _deployment_cost(cost: DeploymentCost) -> dict[str, Any]:
    return {
        "stack": cost.stack,
        "name": cost.name,
        "before": _estimate(cost.before),
        "after": _estimate(cost.after),
    }


def _estimate(estimate: Estimate | None) -> dict[str, Any] | None:
    if estimate is None:
        return None
    found = asdict(estimate)
    for key in ("monthly", "upper_bound"):
        if found[key] is not None:
            found[key] = round(found[key], 2)
    return found
