"""Check each action server response against Rasa's schema without re-checking the schema.
Written for Rasa 3.6.21.

`RemoteAction._validate_action_result` calls `jsonschema.validate(result, schema)`, which
checks the schema itself on every call; during bookings that was about a third of the Rasa
server's CPU (py-spy). The schema (`RemoteAction.action_response_format_spec()`) never
changes, so `install` builds its validator once and uses it for every response: the same
checks, the same `ValidationError` (with Rasa's hint appended), far less work.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from rasa_internals import require_version

require_version("rasa", "3.6.21", __name__)

from jsonschema import ValidationError  # noqa: E402
from jsonschema.validators import validator_for  # noqa: E402
from rasa.core.actions.action import RemoteAction  # noqa: E402
from rasa.shared.constants import DOCS_BASE_URL  # noqa: E402


@lru_cache(maxsize=1)
def response_validator() -> Any:
    schema = RemoteAction.action_response_format_spec()
    validator_class = validator_for(schema)
    validator_class.check_schema(schema)
    return validator_class(schema)


def validate_action_result(self: RemoteAction, result: dict[str, Any]) -> bool:
    try:
        response_validator().validate(result)
        return True
    except ValidationError as error:
        error.message += (
            ". Failed to validate Action server response from API, make sure your response from the "
            f"Action endpoint is valid. For more information about the format visit {DOCS_BASE_URL}/custom-actions"
        )
        raise


def install() -> None:
    RemoteAction._validate_action_result = validate_action_result
