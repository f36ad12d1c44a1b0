"""rasa-sdk's action server app with a shared secret checked on every call. Written for rasa-sdk 3.6.

`rasa run actions` (rasa-sdk 3.6) listens on every interface (SANIC_HOST, default 0.0.0.0), takes
any caller and allows CORS from any origin by default. Here the same app
(`rasa_sdk.endpoint.create_app`) gets a request middleware that answers 401 to any call
without `Authorization: Bearer <secret>` (the Rasa server sends it: `action_endpoint: headers:`
in endpoints.yml), no CORS, and is run on the interface it is given.
"""

from __future__ import annotations

import hmac
import logging

from rasa_internals import require_version

require_version("rasa-sdk", "3.6", __name__)

from rasa_sdk import utils as sdk_utils  # noqa: E402
from rasa_sdk.endpoint import create_app  # noqa: E402
from sanic import Sanic, response  # noqa: E402
from sanic.request import Request  # noqa: E402

logger = logging.getLogger(__name__)

OPEN_PATHS = frozenset({"/health"})  # a liveness check tells nothing about any patient


def bearer(secret: str) -> str:
    """The Authorization header value the Rasa server sends."""
    return f"Bearer {secret}"


def create_action_app(actions_package: str, secret: str) -> Sanic:
    """The action server's app: rasa-sdk's routes, each but /health behind the shared secret."""
    if not secret:
        raise ValueError("the action server needs a shared secret (ACTION_SERVER_SECRET)")
    expected = bearer(secret).encode()
    app = create_app(actions_package, cors_origins="")

    @app.middleware("request")
    async def require_secret(request: Request):
        if request.path in OPEN_PATHS:
            return None
        supplied = request.headers.get("authorization", "").encode()
        if hmac.compare_digest(supplied, expected):
            return None
        logger.warning("refused a call to the action server without the shared secret")
        return response.json({"error": "unauthorized"}, status=401)

    return app


def configure_logging(level: str = "INFO") -> None:
    """What `rasa run actions` sets up before running (rasa_sdk.__main__.main_from_args)."""
    logging.getLogger("matplotlib").setLevel(logging.WARNING)
    sdk_utils.configure_colored_logging(level)
    sdk_utils.update_sanic_log_level()


def run(app: Sanic, interface: str, port: int) -> None:
    logger.info("Action server listening on %s:%d", interface, port)
    app.run(interface, port, workers=sdk_utils.number_of_sanic_workers())
