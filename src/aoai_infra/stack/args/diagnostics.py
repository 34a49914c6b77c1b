"""A diagnostic setting (`monitor.DiagnosticSetting`) that sends an account's logs and metrics to Log
Analytics. pulumi-azure-native 3 has these in `monitor`; there is no `insights` module any more.

Imports: aoai_infra.stack.
"""

from __future__ import annotations

from typing import Any

from aoai_infra.stack import naming
from aoai_infra.stack.model import Diagnostics


def diagnostic_setting_args(diagnostics: Diagnostics) -> dict[str, Any]:
    args: dict[str, Any] = {
        "name": naming.DIAGNOSTIC_SETTING_NAME,
        "workspace_id": diagnostics.workspace,
        "logs": [{"category_group": group, "enabled": True} for group in diagnostics.category_groups],
    }
    if diagnostics.metrics:
        args["metrics"] = [{"category": "AllMetrics", "enabled": True}]
    return args
