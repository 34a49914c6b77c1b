"""What a Retail Prices API meter prices: model, version, deployment type and price column, or why none.

Azure names its Azure OpenAI meters by hand, in several styles over the years (`gpt 4o 1120 Inp glbl
Tokens`, `gpt-4o-mini-0718-Inp-regnl Tokens`, `GPT 5 Rsng cchd Inpt DZone 1M Tokens`, `5.4 cd inp Dz 1M
Tokens`). A meter name is read as words, and every word is looked up in the tables below: the tables are
the mapping, and a word no table knows is part of the model's name. A meter that names a fine-tuning,
training, hosting, grader, realtime, audio or image price, a processing tier (priority, flex), long-context
prices or cache writes is not a deployment's price and is reported as such; so is anything whose model
the catalog does not know, whose version it cannot tell, or whose deployment type the name does not say.
Nothing is guessed (../shared/facts/prices/README.md lists the vocabulary, from real meter names).

Imports: the standard library only.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping
from dataclasses import dataclass

# Products whose meters are Azure OpenAI's (other model families share the PTU meter names).
PRODUCTS = ("Azure OpenAI",)  # a prefix: "Azure OpenAI GPT5", "Azure OpenAI Reasoning", ...
RESERVATIONS = "Azure AI Foundry Provisioned Throughput Reservation"
# Products whose compact 2026 names leave out the "gpt-" of the model ("5.4 inp Gl", "6.1-sol ...").
GPT_PRODUCTS = ("Azure OpenAI GPT5", "Azure OpenAI GPT6", "Azure OpenAI PP FT GPT4s")

PTU_METERS = {
    "provisioned managed global unit": "GlobalProvisionedManaged",
    "provisioned managed data zone unit": "DataZoneProvisionedManaged",
    "provisioned managed regional unit": "ProvisionedManaged",
}
LEGACY_PTU_METERS = (
    "provisioned throughput units",
    "provisioned throughput - available unit",
    "provisioned throughput - overage unit",
)
RESERVATION_TERMS = {"1 Month": "reservation_1_month", "1 Year": "reservation_1_year"}
UNITS = {"1K": 1000.0, "1M": 1.0}  # token prices are kept per 1M tokens

# Words that make a meter something other than a deployment's token price, and what it is instead.
NOT_A_DEPLOYMENT_PRICE = {
    "ft": "fine-tuning",
    "grader": "a fine-tuning grader",
    "grdr": "a fine-tuning grader",
    "hstng": "fine-tuned model hosting",
    "hosting": "fine-tuned model hosting",
    "trng": "fine-tuning training",
    "training": "fine-tuning training",
    "rft": "reinforcement fine-tuning",
    "pp": "priority processing, a tier rather than a deployment type",
    "flex": "flex processing, a tier rather than a deployment type",
    "fl": "flex processing, a tier rather than a deployment type",
    "longco": "long-context use (prompts past the short-context threshold)",
    "loco": "long-context use (prompts past the short-context threshold)",
    "wr": "prompt-cache writes",
    "rt": "realtime audio or text",
    "rtime": "realtime audio or text",
    "aud": "audio tokens",
    "audio": "audio tokens",
    "tts": "text to speech",
    "transcribe": "transcription",
    "img": "image tokens",
    "image": "image generation",
    "dall": "image generation",
}
# The same, where the word is glued to others ("realtimePrvwAudInp", "gpt4o realtime ...").
NOT_A_DEPLOYMENT_PRICE_WITHIN = {"realtime": "realtime audio or text"}
INPUT = {"inp", "inpt", "input"}
OUTPUT = {"outp", "outpt", "output", "out", "opt"}
CACHED = {"cached", "cchd", "cd", "cched"}
SCOPES = {
    "glbl": "global",
    "global": "global",
    "gl": "global",
    "datazone": "datazone",
    "dzone": "datazone",
    "dzn": "datazone",
    "dz": "datazone",
    "regnl": "regional",
    "rgnl": "regional",
    "regional": "regional",
    "regn": "regional",
}
DEPLOYMENT_TYPES = {
    ("global", False): "GlobalStandard",
    ("datazone", False): "DataZoneStandard",
    ("regional", False): "Standard",
    ("global", True): "GlobalBatch",
    ("datazone", True): "DataZoneBatch",
}
INPUT_ONLY = ("text-embedding",)  # embeddings bill input tokens only; their meters say no column
IGNORED = {"tokens", "tkn", "1m", "shortco", "shco", "std", "batch"}  # batch is read on its own
# Model names as meters write them, where they differ from the catalog's.
MODEL_ALIASES = {
    "gpt-5-rsng": "gpt-5",  # "GPT 5 Rsng": gpt-5, the reasoning model
    "embedding-ada": "text-embedding-ada-002",
    "computer-use": "computer-use-preview",
    "gpt-4.5": "gpt-4.5-preview",
}
MODEL_SHOWN = 60  # of a model name no table knows, in the reason (a meter name is Azure's, and unbounded)
_WORD = re.compile(r"[A-Za-z]+|\d+(?:\.\d+)?[A-Za-z]*")
_MMDD = re.compile(r"(0[1-9]|1[0-2])([0-3]\d)")


@dataclass(frozen=True, slots=True)
class Meter:
    """A deployment's price: `column` is input, cached_input, output (per 1M tokens), hourly (per
    PTU-hour) or reservation_1_month / reservation_1_year (per PTU for the term); `model` None for any."""

    model: str | None
    version: str | None  # None: every version of the model
    sku: str
    column: str
    scale: float = 1.0  # what the item's price is multiplied by: 1,000 for a price per 1K tokens


@dataclass(frozen=True, slots=True)
class NotMapped:
    reason: str


def read_meter(item: Mapping[str, object], models: Mapping[str, Collection[str]]) -> Meter | NotMapped:
    """What one Retail Prices API item prices; `models` maps each catalog model to its versions."""
    product, name = str(item.get("productName", "")), str(item.get("meterName", ""))
    unit, kind = str(item.get("unitOfMeasure", "")), str(item.get("type", ""))
    lowered = " ".join(name.lower().split())
    if product == RESERVATIONS or lowered in PTU_METERS:
        return _ptu(product, lowered, kind, unit, str(item.get("reservationTerm", "")))
    if not product.startswith(PRODUCTS):
        return NotMapped(f"product {product!r} is not Azure OpenAI")
    if lowered in LEGACY_PTU_METERS:
        return NotMapped("a legacy PTU meter, not a deployment type's")
    if kind != "Consumption":
        return NotMapped(f"a {kind or 'typeless'} price, not a deployment's pay-as-you-go price")
    if unit not in UNITS:
        return NotMapped(f"priced per {unit!r}, not per 1K or 1M tokens")
    return _tokens(product, name, models, UNITS[unit])


def _ptu(product: str, name: str, kind: str, unit: str, term: str) -> Meter | NotMapped:
    sku = PTU_METERS.get(name)
    if sku is None:
        return NotMapped("a reservation of a meter that is not a provisioned deployment type's")
    if product == RESERVATIONS:
        column = RESERVATION_TERMS.get(term)
        if kind != "Reservation" or column is None:
            return NotMapped(f"a reservation with the term {term!r}, which is not read")
        return Meter(None, None, sku, column)
    if product != "Azure OpenAI":
        return NotMapped(f"product {product!r} is not Azure OpenAI")
    if kind != "Consumption" or unit != "1/Hour":
        return NotMapped(f"a {kind} price per {unit!r}, not an hourly PTU price")
    return Meter(None, None, sku, "hourly")


def _tokens(
    product: str, name: str, models: Mapping[str, Collection[str]], scale: float
) -> Meter | NotMapped:
    for fragment, what in NOT_A_DEPLOYMENT_PRICE_WITHIN.items():
        if fragment in name.lower():
            return NotMapped(f"the price of {what}")
    words = _words(name)
    for word in words:
        if word in NOT_A_DEPLOYMENT_PRICE:
            return NotMapped(f"the price of {NOT_A_DEPLOYMENT_PRICE[word]}")
    scope = next((SCOPES[word] for word in words if word in SCOPES), None)
    sku = DEPLOYMENT_TYPES.get((scope, "batch" in words)) if scope else None
    if sku is None:
        return NotMapped("the name says no deployment type (global, data zone or regional)")
    dates = [word for word in words if _MMDD.fullmatch(word)]
    rest = [word for word in words if word not in _VOCABULARY and word not in dates]
    model = _model(rest, product, models)
    if model is None:
        return NotMapped(f"the model {'-'.join(rest)[:MODEL_SHOWN] or '(none)'} is not in the catalog")
    column = _column(words) or ("input" if model.startswith(INPUT_ONLY) else None)
    if column is None:
        return NotMapped("the name says neither input nor output")
    version = _version(models[model], dates)
    if isinstance(version, NotMapped):
        return version
    return Meter(model, version, sku, column, scale)


def _words(name: str) -> list[str]:
    """Lower-case words: `mini0718` is `mini 0718`, `BatchOutp` is `batch outp`, `Data Zone` is `datazone`."""
    spaced = re.sub(r"(?i)batch(?=inp|outp)", "batch ", name)  # BatchOutp
    spaced = re.sub(r"(?i)data\s+zone", "datazone", spaced)
    words: list[str] = []
    for part in re.split(r"[\s\-_]+", spaced.lower()):
        for match in _WORD.finditer(part):
            word = match.group()
            date = re.fullmatch(r"([a-z]+)(\d{4})", word)
            words.extend(date.groups() if date else [word])
    return [word for word in words if word not in IGNORED or word == "batch"]


def _column(words: list[str]) -> str | None:
    if any(word in INPUT for word in words):
        return "cached_input" if any(word in CACHED for word in words) else "input"
    if any(word in OUTPUT for word in words):
        return "output"
    return None


_VOCABULARY = INPUT | OUTPUT | CACHED | set(SCOPES) | {"batch"}


def _model(words: list[str], product: str, models: Mapping[str, Collection[str]]) -> str | None:
    if not words:
        return None
    name = "-".join(words)
    if product in GPT_PRODUCTS and name[0].isdigit():
        name = f"gpt-{name}"
    name = MODEL_ALIASES.get(name, name)
    wanted = _squash(name)
    return next((model for model in models if _squash(model) == wanted), None)


def _squash(name: str) -> str:
    return re.sub(r"[^a-z0-9.]", "", name.lower())


def _version(versions: Collection[str], dates: list[str]) -> str | NotMapped | None:
    """The version a meter's MMDD names, among the model's versions in the catalog; None (every version)
    when the name gives none."""
    if not dates:
        return None
    month_day = f"-{dates[0][:2]}-{dates[0][2:]}"
    found = [version for version in versions if version.endswith(month_day)]
    if len(found) != 1:
        return NotMapped(f"the version {dates[0]} (MMDD) is not one version of the model in the catalog")
    return found[0]
