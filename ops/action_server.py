"""The action server (actions/), reachable only by the Rasa server.

    python -m ops.action_server --port 5055 [--interface 127.0.0.1]

It listens on 127.0.0.1 unless told otherwise (a server of a cluster on several hosts binds
its private interface), and answers 401 to any call but GET /health without the shared secret
ACTION_SERVER_SECRET, read from the environment or .env (never from the command line). The
Rasa server sends it (endpoints.yml, `action_endpoint: headers:`). It refuses to start with
a weak secret (ops/secrets.py).
"""

from __future__ import annotations

import argparse

from bot.settings import get_settings
from ops.permissions import private_files
from ops.secrets import require_strong_secrets


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=5055)
    parser.add_argument("--interface", default="127.0.0.1", help="the address to listen on (default: loopback only)")
    args = parser.parse_args()

    private_files()
    settings = get_settings()
    require_strong_secrets(settings, ("ACTION_SERVER_SECRET",))

    from rasa_internals import action_server

    action_server.configure_logging()
    app = action_server.create_action_app("actions", settings.action_server_secret)
    action_server.run(app, args.interface, args.port)


if __name__ == "__main__":
    main()
