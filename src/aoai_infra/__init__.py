"""aoai-infra: validate, provision and review Azure OpenAI estates declared as YAML stacks.

Importing this package must stay cheap: no pulumi, no Azure SDK, no pydantic at import time.

Imports: the standard library only.
"""

__version__ = "0.1.0"
