"""Azure errors as messages that say what happened and what to do.

ARM reports errors as `{"error": {"code": ..., "message": ...}}`; azure-core raises them as
HttpResponseError with `.error.code`. Each code aoai-infra's users meet has an explanation here; any other
code falls back to Azure's own code and message. Transport failures (no connection, a timeout, an answer
that is not JSON) and missing credentials get their own explanations.

The explanations say what each code means for an Azure OpenAI estate and name the fix. The soft-delete
facts come from Microsoft Learn, "Recover or purge deleted Azure AI services resources"
(https://learn.microsoft.com/azure/ai-services/manage-resources): a deleted account is kept for 48 hours
and its name cannot be reused until it is purged. The role that reads quota is the built-in
"Cognitive Services Usages Reader" (see aoai_infra/roles.py for its source).

Imports: aoai_infra.live; azure.
"""

from __future__ import annotations

from dataclasses import dataclass

from azure.core.exceptions import (
    ClientAuthenticationError,
    DecodeError,
    DeserializationError,
    HttpResponseError,
    ServiceRequestError,
    ServiceResponseError,
)

from aoai_infra.live.guard import AnswerError

QUOTA_ROLE = "Cognitive Services Usages Reader"  # reads locations/usages; Reader also does
# What a read of a resource that does not exist (not created yet, or deleted since it was listed) answers.
ABSENT = frozenset({"ResourceNotFound", "ResourceGroupNotFound", "NotFound"})

EXPLANATIONS: dict[str, str] = {
    "InsufficientQuota": (
        "the subscription's quota for this model and deployment type in this region is used up: lower "
        "capacity, free it from another deployment of the same model and type in the region, or request "
        "more at https://aka.ms/oai/quotaincrease (aoai-infra validate --live shows what is left)"
    ),
    "RequestConflict": (
        "another operation on this account is still running, and Azure changes one deployment of an "
        "account at a time: wait for it to finish and retry; in a Pulumi program, chain an account's "
        "deployments with depends_on (policy aoai-deployments-chained)"
    ),
    "InvalidResourceProperties": (
        "Azure rejected a property of the resource (often a model version, deployment type or capacity "
        "this account cannot take): check the stack with aoai-infra validate, and the offer with "
        "aoai-infra catalog show MODEL"
    ),
    "DeploymentModelNotSupported": (
        "this model version is not offered as this deployment type in this region: pick a region that offers "
        "it (aoai-infra catalog where MODEL --version V --sku TYPE) or another version or type"
    ),
    "FlagMustBeSetForRestore": (
        "an account with this name was deleted less than 48 hours ago and is kept soft-deleted: purge it "
        "(az cognitiveservices account purge --name N --resource-group G --location L) to create it anew, "
        "or recreate it with restore set to bring it back"
    ),
    "CustomDomainInUse": (
        "the custom subdomain is already taken, possibly by a soft-deleted account: choose another "
        "custom_subdomain in the stack, or purge the deleted account that holds it"
    ),
    "SpecialFeatureOrQuotaIdRequired": (
        "the subscription is not enabled for this model or feature (limited-access models need an "
        "approved request): apply for access for this subscription, or deploy another model"
    ),
    "ResourceKindRequireAcceptTerms": (
        "this account kind needs the Responsible AI terms accepted once per subscription: create one account "
        "of this kind in the Azure portal and accept the terms there, then retry"
    ),
    "AccountProvisioningStateInvalid": (
        "the account is not in a state that takes changes (still creating, updating, deleting or failed): "
        "wait until its provisioningState is Succeeded, or fix or delete a failed account, then retry"
    ),
    "AuthorizationFailed": (
        "the signed-in identity may not do this: grant it the role named below on the subscription (or "
        "Reader), or sign in as an identity that has it"
    ),
}
THROTTLED = (
    "Azure Resource Manager throttled the requests and kept doing so through every retry: wait a few "
    "minutes and run again, or lower --concurrency"
)
RUN_AGAIN = "run again, and if it persists, report it with the --arm-endpoint used"
NOT_JSON = f"Azure's answer was not valid JSON; {RUN_AGAIN}"


@dataclass(frozen=True, slots=True)
class Problem:
    code: str  # Azure's error code, or aoai-infra's name for a transport failure
    message: str  # what happened and what to do
    permission: bool = False  # the identity lacks a role: the check is unverified, not failed


def explain(error: BaseException, role: str | None = None) -> Problem:
    """The problem behind an exception raised by an Azure call; `role` is the one that would fix a 403."""
    if isinstance(error, AnswerError):
        return Problem(error.code, error.message)
    if isinstance(error, DeserializationError):
        return Problem("MalformedResponse", f"Azure's answer does not have the documented shape; {RUN_AGAIN}")
    if isinstance(error, ClientAuthenticationError):
        return _authentication(error)
    if isinstance(error, DecodeError):
        return Problem("MalformedResponse", NOT_JSON)
    if isinstance(error, HttpResponseError):
        return _http(error, role)
    if isinstance(error, ServiceResponseError | ServiceRequestError):
        return _transport(error)
    return Problem(type(error).__name__, str(error))


def explain_code(code: str, message: str) -> str:
    """The explanation of an Azure error code, or Azure's own message for a code without one."""
    known = EXPLANATIONS.get(code)
    return f"{code}: {known}" if known else f"{code}: {message or 'no message'} (Azure's own words)"


def _http(error: HttpResponseError, role: str | None) -> Problem:
    status = error.status_code or 0
    code = (error.error.code if error.error and error.error.code else None) or _status_code(status)
    message = error.error.message if error.error and error.error.message else (error.reason or "")
    if code == "AuthorizationFailed" or status == 403:
        needed = f" ({role})" if role else ""
        return Problem(code, explain_code("AuthorizationFailed", message) + needed, permission=True)
    if status == 429:
        return Problem(code, f"{code}: {THROTTLED}")
    if status >= 500:
        return Problem(
            code, f"{code}: Azure failed with HTTP {status} through every retry: {message}; run again later"
        )
    return Problem(code, explain_code(code, message))


def _status_code(status: int) -> str:
    return {429: "TooManyRequests", 404: "NotFound", 403: "AuthorizationFailed"}.get(status, f"HTTP{status}")


def _authentication(error: ClientAuthenticationError) -> Problem:
    status = getattr(error, "status_code", None)
    if status == 401:
        return Problem(
            "AuthenticationFailed",
            "Azure refused the credentials (HTTP 401): sign in again (az login), check AZURE_TENANT_ID and "
            "the service principal's secret, or for an emulator the token in AOAI_INFRA_ARM_TOKEN",
        )
    first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    return Problem(
        "NoCredentials",
        f"no usable Azure credentials ({first}): sign in with az login, set AZURE_CLIENT_ID, AZURE_TENANT_ID "
        "and AZURE_CLIENT_SECRET, or run where a managed identity is available",
    )


def _transport(error: ServiceRequestError | ServiceResponseError) -> Problem:
    name = type(error).__name__
    if "Timeout" in name or "timed out" in str(error).lower():
        return Problem(
            "Timeout", "Azure did not answer in time, through every retry: run again, or raise --timeout"
        )
    if isinstance(error, ServiceRequestError):
        return Problem(
            "Unreachable",
            "cannot reach the Azure Resource Manager endpoint: check the network, proxy settings "
            "(HTTPS_PROXY) and --arm-endpoint",
        )
    return Problem("ConnectionLost", "the connection to Azure broke off through every retry: run again")
