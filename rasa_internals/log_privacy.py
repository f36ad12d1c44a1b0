"""Keep what a patient typed out of Rasa's warnings. Written for Rasa 3.6.21.

Rasa reads a message that starts with "/" as an intent written out (`/intent{"entity": ...}`).
When it cannot (`/ my name is Mary Jones and my number is ...`), Rasa 3.6.21 says so at
WARNING and quotes the whole message, in two ways:
- structlog's `message.parsing.failed` event, with `user_text`, from
  rasa.shared.core.training_data.story_reader.yaml_story_reader;
- `warnings.warn("Failed to parse arguments in line '<the message>' ...")` from the same
  module (an unknown intent or entity, or entities that are not JSON).

The channels already hand Rasa no such message (bot/messaging/payloads.py): only the exact
payload of a known intent passes with its "/". This filter is the second wall, for messages
that reach Rasa another way (its HTTP API): the structlog event is kept without the text, and
the warning is dropped.
"""

from __future__ import annotations

import logging
import warnings

from rasa_internals import require_version

require_version("rasa", "3.6.21", __name__)

PARSER_LOGGER = "rasa.shared.core.training_data.story_reader.yaml_story_reader"
PARSING_FAILED_EVENT = "message.parsing.failed"
PARSER_WARNING = r"Failed to parse arguments in line"
WITHHELD = "message.parsing.failed: a message starting with '/' is not an intent; read as text (not logged)"


class _WithholdMessageText(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if PARSING_FAILED_EVENT in str(record.msg):
            record.msg, record.args = WITHHELD, ()
        return True


_FILTER = _WithholdMessageText()


def install() -> None:
    """Call once logging is set up (rasa_internals/server.py does)."""
    parser_logger = logging.getLogger(PARSER_LOGGER)
    if _FILTER not in parser_logger.filters:
        parser_logger.addFilter(_FILTER)
    warnings.filterwarnings("ignore", message=PARSER_WARNING)
