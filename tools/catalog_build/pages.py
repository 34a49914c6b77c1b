"""What each of Microsoft's pages states, read from its tables: one reader per kind of page.

The readers return plain facts, each with the file and line it came from; they know the pages' layout
(headings, columns, the words and marks in the cells) and refuse anything else with a PageError, so a
renamed column or a new mark stops the build instead of being read wrongly.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from catalog_build.markdown import Page, PageError, Row, Table

# Region tables: the `##` heading of each section names a deployment type.
TYPE_HEADINGS = {
    "Global Standard": "GlobalStandard",
    "Data Zone Standard": "DataZoneStandard",
    "Standard/Regional": "Standard",
    "Global Provisioned Managed": "GlobalProvisionedManaged",
    "Data Zone Provisioned Managed": "DataZoneProvisionedManaged",
    "Regional Provisioned Managed": "ProvisionedManaged",
    "Global Batch": "GlobalBatch",
    "Data Zone Batch": "DataZoneBatch",
}
OPENAI_TABLES = "Availability for Azure OpenAI in Foundry Models"
OTHER_TABLES = "Availability for other Foundry Models sold by Azure"  # not Azure OpenAI: not read
GEOGRAPHIES = {
    "Americas": "americas",
    "Europe": "europe",
    "Asia Pacific": "asia_pacific",
    "Middle East & Africa": "middle_east_africa",
}
# The data zones the deployment-types page names, by the tab their Data Zone columns are in.
ZONES = {"americas": "US", "europe": "EU", "asia_pacific": "APAC"}
TICK, DASH = "✅", "-"
REGION_NAME = re.compile(r"^[a-z][a-z0-9]+$")
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")
NONE = {"—", "-", "", "n/a", "N/A"}
STATUS_WORDS = {
    "GA": "ga",
    "Generally Available": "ga",
    "Preview": "preview",
    "Legacy": "legacy",
    "Deprecated": "deprecated",
    "Retired": "retired",
}
TIER_TYPES = ("GlobalStandard", "DataZoneStandard", "Standard")
OFFER_COLUMNS = {
    "Enterprise and MCA-E": "enterprise",
    "Default": "pay-as-you-go",
    "Monthly credit card-based subscriptions": "credit-card",
    "MSDN subscriptions": "msdn",
    "Azure for Students, free trials": "free-trial",
}
PER_TYPE = re.compile(
    r"^Standard deployment type retires on (?P<standard>\d{4}-\d{2}-\d{2}), with auto-upgrades scheduled "
    r"to start on (?P<upgrades>\d{4}-\d{2}-\d{2})\. For other deployment types, including ALL Provisioned, "
    r"Global Standard, and Data Zone Standard, the retirement date has been moved to "
    r"(?P<others>\d{4}-\d{2}-\d{2})\.$"
)


@dataclass(frozen=True)
class Cite:
    file: str
    line: int
    date: datetime.date  # the page's ms.date: which statement is newer

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Offer:
    sku: str
    model: str
    version: str
    region: str
    cite: Cite


@dataclass
class RegionTables:
    """The model-matrix pages: what is offered where, per deployment type."""

    offers: list[Offer] = field(default_factory=list)
    listed: dict[str, set[tuple[str, str]]] = field(default_factory=dict)  # type: versions in its table
    geography: dict[str, str] = field(default_factory=dict)  # region: geography tab
    zones: dict[str, str] = field(default_factory=dict)  # region: data zone
    tables: dict[str, Cite] = field(default_factory=dict)  # type: the page (and date) that tabulates it


@dataclass(frozen=True)
class Statement:
    """What one page says of a model version's lifecycle; `sku` None means every deployment type."""

    model: str
    version: str
    cite: Cite
    sku: str | None = None
    status: str | None = None
    retirement: datetime.date | None = None
    no_new_customers: datetime.date | None = None
    replacement: str | None = None
    replacement_version: str | None = None
    remark: str | None = None


@dataclass(frozen=True)
class QuotaCell:
    model: str
    sku: str
    column: str  # tier1..tier6, or an offer type
    units: int | None  # capacity units (1,000 tokens); None: the page gives no token limit
    cite: Cite
    note: str | None = None


@dataclass(frozen=True)
class PtuRow:
    model: str
    global_min: int | None
    global_step: int | None
    regional_min: int | None
    regional_step: int | None
    input_tpm: int | None
    ratio: float | None
    cite: Cite


# Region tables


def region_tables(page: Page, into: RegionTables) -> None:
    for table in page.tables:
        heading = table.headings.get("h2")
        section = table.headings.get("h4")
        if heading is None or section is None:
            continue
        sku = TYPE_HEADINGS.get(heading)
        if sku is None:
            raise PageError(page.file, table.line, f"unknown deployment type heading '## {heading}'")
        if section == OTHER_TABLES:
            continue
        if section != OPENAI_TABLES:
            raise PageError(page.file, table.line, f"unknown table heading '#### {section}'")
        _region_table(page, table, sku, into)


def _region_table(page: Page, table: Table, sku: str, into: RegionTables) -> None:
    table.expect("Model", "Version")
    tab = table.headings.get("tab", "")
    geography = GEOGRAPHIES.get(tab)
    if geography is None:
        raise PageError(page.file, table.line, f"unknown geography tab '{tab}'")
    regions = table.headers[2:]
    for region in regions:
        if not REGION_NAME.match(region):
            raise PageError(page.file, table.line, f"column '{region}' is not an Azure region name")
        into.geography.setdefault(region, geography)
        if sku.startswith("DataZone") and geography in ZONES:
            into.zones[region] = ZONES[geography]
    cite = Cite(page.file, table.line, page.date)
    into.tables.setdefault(sku, cite)
    listed = into.listed.setdefault(sku, set())
    for row in table.rows:
        model, version = _model(page, row), _version(page, row, "Version")
        listed.add((model, version))
        for region in regions:
            mark = row.cells[region]
            if mark == TICK:
                into.offers.append(Offer(sku, model, version, region, Cite(page.file, row.line, page.date)))
            elif mark != DASH:
                raise PageError(page.file, row.line, f"mark '{mark}' in {region} is neither ✅ nor -")


# Lifecycle pages


def schedule(page: Page, also: set[str]) -> list[Statement]:
    """The retirement schedule's Azure OpenAI table, and the rows of other publishers' tables of models sold
    by Azure whose model is in `also` (model-router is listed under Microsoft, deployed as Azure OpenAI)."""
    found = []
    for table in page.tables:
        if table.headings.get("h2") != "Foundry Models sold by Azure" or "Lifecycle" not in table.headers:
            continue
        table.expect("Model", "Version", "Lifecycle", "Retirement date", "Replacement")
        publisher = table.headings.get("h3")
        for row in table.rows:
            if publisher != "Azure OpenAI" and row.cells["Model"] not in also:
                continue
            cite = Cite(page.file, row.line, page.date)
            replacement, replacement_version = _replacement(page, row, row.cells["Replacement"])
            found.append(
                Statement(
                    model=_model(page, row),
                    version=_version(page, row, "Version"),
                    cite=cite,
                    status=_status(page, row, row.cells["Lifecycle"]),
                    retirement=_iso_or_none(page, row, row.cells["Retirement date"]),
                    replacement=replacement,
                    replacement_version=replacement_version,
                )
            )
    return found


def retirement_table(page: Page) -> list[Statement]:
    """The older retirement table: dates closed to new customers, and per-deployment-type retirements."""
    found: list[Statement] = []
    columns = ("Model Name", "Model Version", "Lifecycle Status", "Deprecation Date (No New Customers)",
               "Retirement Date", "Replacement Model")  # fmt: skip
    for table in page.tables:
        if "Lifecycle Status" not in table.headers:
            continue
        table.expect(*columns)
        for row in table.rows:
            found.extend(_retirement_row(page, row))
    return found


def _retirement_row(page: Page, row: Row) -> list[Statement]:
    cite = Cite(page.file, row.line, page.date)
    model = _model(page, row, "Model Name")
    version = _version(page, row, "Model Version")
    no_new, no_new_remark = _date_or_remark(page, row, row.cells["Deprecation Date (No New Customers)"])
    replacement, replacement_version = _replacement(page, row, row.cells["Replacement Model"])
    status = _status(page, row, row.cells["Lifecycle Status"])
    text = row.cells["Retirement Date"]
    per_type = PER_TYPE.match(text)
    if per_type:
        others = datetime.date.fromisoformat(per_type.group("others"))
        standard = datetime.date.fromisoformat(per_type.group("standard"))
        upgrades = per_type.group("upgrades")
        return [
            Statement(model, version, cite, None, status, others, no_new, replacement, replacement_version),
            Statement(
                model, version, cite, "Standard", retirement=standard,
                remark=f"auto-upgrades of Standard deployments start on {upgrades}",
            ),
        ]  # fmt: skip
    retirement, remark = _date_or_remark(page, row, text)
    remarks = "; ".join(
        part for part in (remark, no_new_remark and f"closed to new: {no_new_remark}") if part
    )
    return [
        Statement(
            model, version, cite, None, status, retirement, no_new, replacement, replacement_version,
            remarks or None,
        )
    ]  # fmt: skip


def retired_models(page: Page) -> list[Statement]:
    """The retired-models page: Azure OpenAI models retired before the schedule began listing them."""
    found = []
    for table in page.tables:
        if table.headings.get("h2") != "Azure OpenAI":
            continue
        table.expect("Model", "Deprecation date", "Retirement date", "Suggested replacement")
        for row in table.rows:
            cite = Cite(page.file, row.line, page.date)
            retired = _long_date(page, row, row.cells["Retirement date"])
            no_new = (
                _long_date(page, row, row.cells["Deprecation date"])
                if row.cells["Deprecation date"]
                else None
            )
            replacement, replacement_version = _free_replacement(row.cells["Suggested replacement"])
            for model, version in _retired_names(row.cells["Model"]):
                found.append(
                    Statement(
                        model, version, cite, None, "retired", retired, no_new, replacement,
                        replacement_version,
                    )
                )  # fmt: skip
    return found


# Quota pages


def tier(page: Page, number: int) -> list[QuotaCell]:
    found = []
    for table in page.tables:
        if table.headings.get("h3") != f"Tier {number}":
            raise PageError(page.file, table.line, f"table outside the heading '### Tier {number}'")
        table.expect("Model Name", "Deployment Type", "Tokens Per Minute (TPM)")
        for row in table.rows:
            sku = row.cells["Deployment Type"]
            if sku not in TIER_TYPES:
                raise PageError(page.file, row.line, f"unknown deployment type '{sku}' in a quota tier")
            tpm = row.cells["Tokens Per Minute (TPM)"]
            units = None if tpm == DASH else _count(page, row, tpm) // 1000
            note = "the tier tables give this pool in requests per minute only" if units is None else None
            marks = row.notes.get("Model Name")
            if marks:
                note = f"footnote {', '.join(marks)} of the tier table (one row per version group)"
            cite = Cite(page.file, row.line, page.date)
            found.append(QuotaCell(_model(page, row, "Model Name"), sku, f"tier{number}", units, cite, note))
    if not found:
        raise PageError(page.file, 1, f"no quota table under '### Tier {number}'")
    return found


def batch_limits(page: Page, names: dict[str, str]) -> list[QuotaCell]:
    """Enqueued-token limits of batch pools by offer type, in units of 1,000 tokens."""
    kinds = {"Global batch": "GlobalBatch", "Data zone batch": "DataZoneBatch"}
    found = []
    for table in page.tables:
        sku = kinds.get(table.headings.get("h3", ""))
        if sku is None:
            continue
        table.expect("Model", *OFFER_COLUMNS)
        for row in table.rows:
            model = names.get(row.cells["Model"], row.cells["Model"])
            _check_model_name(page, row, model)
            for header, column in OFFER_COLUMNS.items():
                units = _tokens(page, row, row.cells[header])
                note = "not offered to this offer type (N/A)" if units == 0 else None
                found.append(QuotaCell(model, sku, column, units, Cite(page.file, row.line, page.date), note))
    return found


def model_router_limits(page: Page) -> list[QuotaCell]:
    found = []
    for table in page.tables:
        if table.headings.get("h2") != "model-router rate limits":
            continue
        table.expect("Model", "Deployment Type", "Default TPM", "Enterprise and MCA-E TPM")
        for row in table.rows:
            model = row.cells["Model"].split(" ")[0]
            _check_model_name(page, row, model)
            cite = Cite(page.file, row.line, page.date)
            for header, column in (
                ("Default TPM", "pay-as-you-go"),
                ("Enterprise and MCA-E TPM", "enterprise"),
            ):
                units = _count(page, row, row.cells[header]) // 1000
                found.append(QuotaCell(model, row.cells["Deployment Type"], column, units, cite))
    return found


def service_limits(page: Page) -> dict[str, tuple[int, Cite]]:
    """The limits the quota page tabulates that the catalog checks."""
    wanted = {
        "Azure OpenAI resources per region, per Azure subscription": "accounts_per_region_per_subscription",
        "Maximum standard deployments per resource": "deployments_per_account",
        "Maximum number of provisioned throughput units per deployment": "ptu_per_deployment",
    }
    found: dict[str, tuple[int, Cite]] = {}
    for table in page.tables:
        if "Limit name" not in table.headers:
            continue
        table.expect("Limit name", "Limit value")
        for row in table.rows:
            key = wanted.get(row.cells["Limit name"])
            if key:
                found[key] = (
                    _count(page, row, row.cells["Limit value"].rstrip(".")),
                    Cite(page.file, row.line, page.date),
                )
    missing = sorted(set(wanted.values()) - set(found))
    if missing:
        raise PageError(page.file, 1, f"the limits table no longer has {', '.join(missing)}")
    return found


def ptu_tables(page: Page) -> list[PtuRow]:
    rows = {
        "Global & data zone provisioned minimum deployment": "global_min",
        "Global & data zone provisioned scale increment": "global_step",
        "Regional provisioned minimum deployment": "regional_min",
        "Regional provisioned scale increment": "regional_step",
        "Input TPM per PTU": "input_tpm",
        "Throughput ratio": "ratio",
    }
    found = []
    for table in page.tables:
        if table.headers[:1] != ["Topic"] or not any(row.cells["Topic"] in rows for row in table.rows):
            continue
        table.expect("Topic")
        values: dict[str, dict[str, str]] = {model: {} for model in table.headers[1:]}
        for row in table.rows:
            key = rows.get(row.cells["Topic"])
            if key:
                for model in values:
                    values[model][key] = row.cells[model]
        for model, cells in values.items():
            cite = Cite(page.file, table.line, page.date)
            found.append(_ptu_row(page, table, model, cells, cite))
    return found


def _ptu_row(page: Page, table: Table, model: str, cells: dict[str, str], cite: Cite) -> PtuRow:
    def number(key: str) -> int | None:
        text = cells.get(key, "").replace(",", "")
        if text in ("NA", ""):
            return None
        if not text.isdigit():
            raise PageError(page.file, table.line, f"{model}: '{cells.get(key)}' is not a PTU figure")
        return int(text)

    ratio = number("ratio")
    return PtuRow(
        model, number("global_min"), number("global_step"), number("regional_min"), number("regional_step"),
        number("input_tpm"), float(ratio) if ratio is not None else None, cite,
    )  # fmt: skip


# Cells


def _model(page: Page, row: Row, column: str = "Model") -> str:
    name = row.cells[column]
    _check_model_name(page, row, name)
    return name


def _check_model_name(page: Page, row: Row, name: str) -> None:
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", name):
        raise PageError(page.file, row.line, f"'{name}' is not a model name")


def _version(page: Page, row: Row, column: str) -> str:
    version = row.cells[column]
    if not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9._-]*", version):
        raise PageError(page.file, row.line, f"'{version}' is not a model version")
    return version


def _status(page: Page, row: Row, text: str) -> str:
    status = STATUS_WORDS.get(text)
    if status is None:
        raise PageError(page.file, row.line, f"unknown lifecycle status '{text}'")
    return status


def _iso_or_none(page: Page, row: Row, text: str) -> datetime.date | None:
    if text in NONE:
        return None
    if not ISO.match(text):
        raise PageError(page.file, row.line, f"'{text}' is not a date (YYYY-MM-DD) or —")
    return datetime.date.fromisoformat(text)


def _date_or_remark(page: Page, row: Row, text: str) -> tuple[datetime.date | None, str | None]:
    """A date, or the page's words where it gives none ("No earlier than ...", "No retirement scheduled")."""
    if text in NONE:
        return None, None
    if ISO.match(text):
        return datetime.date.fromisoformat(text), None
    if text.startswith(("No earlier than", "No retirement scheduled")):
        return None, text[0].lower() + text[1:]
    raise PageError(page.file, row.line, f"'{text}' is not a date, n/a, or 'No earlier than ...'")


def _long_date(page: Page, row: Row, text: str) -> datetime.date:
    try:
        return datetime.datetime.strptime(" ".join(text.split()), "%B %d, %Y").date()
    except ValueError:
        raise PageError(page.file, row.line, f"'{text}' is not a date like 'July 28, 2025'") from None


def _replacement(page: Page, row: Row, text: str) -> tuple[str | None, str | None]:
    if text in NONE:
        return None, None
    match = re.fullmatch(r"([A-Za-z0-9][A-Za-z0-9._-]*)(?: \(([0-9A-Za-z-]+)\))?", text)
    if not match:
        raise PageError(page.file, row.line, f"'{text}' is not a replacement model (name, or name (version))")
    return match.group(1), match.group(2)


def _free_replacement(text: str) -> tuple[str | None, str | None]:
    """The first model the retired-models page suggests ("gpt-4.1 version: 2025-04-14")."""
    match = re.match(
        r"\s*([A-Za-z0-9][A-Za-z0-9._-]*)(?:\s+\(?(?:version:?\s*)?(\d{4}-\d{2}-\d{2}|\d{4})\b\)?)?", text
    )
    if not match or text in NONE:
        return None, None
    return match.group(1), match.group(2)


def _retired_names(text: str) -> list[tuple[str, str]]:
    """`gpt-4 gpt-4-32k - 0314` names two model versions; a name without a version retired whole (`*`)."""
    names, _, version = text.partition(" - ")
    return [(name, version.strip() or "*") for name in names.split()]


def _count(page: Page, row: Row, text: str) -> int:
    digits = text.replace(",", "").strip()
    if not digits.isdigit():
        raise PageError(page.file, row.line, f"'{text}' is not a whole number")
    return int(digits)


def _tokens(page: Page, row: Row, text: str) -> int:
    """`5B`, `200M`, `90K` enqueued tokens as units of 1,000 tokens; `N/A` as 0 (not offered)."""
    if text == "N/A":
        return 0
    match = re.fullmatch(r"(\d+(?:\.\d+)?)([KMB])", text)
    if not match:
        raise PageError(page.file, row.line, f"'{text}' is not a token count like 5B, 200M or 90K")
    scale = {"K": 1, "M": 1_000, "B": 1_000_000}[match.group(2)]
    return round(float(match.group(1)) * scale)
