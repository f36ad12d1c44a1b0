"""Run the Rasa server from Python, so that no secret is on its command line. Written for Rasa 3.6.21.

`rasa run --auth-token T` puts the API token where `ps` shows it to every user of the machine.
Rasa 3.6 has no option to read it from the environment or a file, but its Python API takes it:
`rasa.api.run(..., auth_token=T)`, which `rasa run` itself calls. `serve` does what
`rasa.__main__.main` and `rasa.cli.run.run` do before that call in 3.6.21 (logging, warnings,
TensorFlow's environment, structlog; telemetry is off in this project, and no Rasa plugin is
installed), installs this package's glue (the log privacy filter, the action failure watch, the cached
response validator), then calls it
with the arguments `rasa run` would pass.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from rasa_internals import require_version

require_version("rasa", "3.6.21", __name__)

import rasa.api  # noqa: E402
import rasa.utils.io  # noqa: E402
import rasa.utils.tensorflow.environment as tf_env  # noqa: E402
from rasa.core import constants  # noqa: E402
from rasa.utils.common import configure_logging_and_warnings  # noqa: E402
from rasa.utils.log_utils import configure_structlog  # noqa: E402

from rasa_internals import action_failures, log_privacy, response_validation  # noqa: E402


def serve(
    model: Path, endpoints: Path, credentials: Path, interface: str, port: int, cors: list[str], auth_token: str
) -> None:
    """Serve like `rasa run --enable-api` with these options; returns when the server stops."""
    configure_logging_and_warnings(None, None, warn_only_once=True, filter_repeated_logs=True)
    tf_env.setup_tf_environment()
    tf_env.check_deterministic_ops()
    sys.path.insert(1, os.getcwd())  # as rasa's CLI: custom components are found from the project
    rasa.utils.io.configure_colored_logging(None)
    configure_structlog(None)
    log_privacy.install()
    action_failures.install()
    response_validation.install()
    rasa.api.run(
        model=str(model),
        endpoints=str(endpoints),
        credentials=str(credentials),
        interface=interface,
        port=port,
        cors=cors,
        auth_token=auth_token or None,
        enable_api=True,
        response_timeout=constants.DEFAULT_RESPONSE_TIMEOUT,
        request_timeout=constants.DEFAULT_REQUEST_TIMEOUT,
    )
