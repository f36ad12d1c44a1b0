"""The Rasa server, with the API token read from the environment or .env, never from the command line.

    python -m ops.rasa_server --port 5005 [--model models/clinic.tar.gz] [--endpoints endpoints.yml]

As `rasa run --enable-api` with the REST and SMS channels (credentials.yml), on 127.0.0.1
unless told otherwise, CORS for WIDGET_ALLOWED_ORIGINS, and the HTTP API behind
RASA_API_TOKEN. It refuses to start with a weak token or secret (ops/secrets.py).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.settings import PROJECT_ROOT, get_settings
from ops.permissions import private_files
from ops.secrets import require_strong_secrets

DEFAULT_MODEL = PROJECT_ROOT / "models" / "clinic.tar.gz"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5005)
    parser.add_argument("--interface", default="127.0.0.1")
    parser.add_argument("--model", type=Path, default=DEFAULT_MODEL)
    parser.add_argument("--endpoints", type=Path, default=PROJECT_ROOT / "endpoints.yml")
    parser.add_argument("--credentials", type=Path, default=PROJECT_ROOT / "credentials.yml")
    args = parser.parse_args()

    private_files()
    settings = get_settings()
    require_strong_secrets(settings)  # the token here; the other two reach this server's channels and actions

    from rasa_internals.server import serve

    serve(
        args.model,
        args.endpoints,
        args.credentials,
        args.interface,
        args.port,
        list(settings.widget_allowed_origins),
        settings.rasa_api_token,
    )


if __name__ == "__main__":
    main()
