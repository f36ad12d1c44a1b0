"""Start the action server, the Rasa server and the demo website under supervisord; Ctrl-C stops all.

    python scripts/serve.py                       # ports 5055, 5005 and 8080 (web/), as `make run`
    python scripts/serve.py --rasa-port 0 ...     # tests pass free ports
    python scripts/serve.py --shell               # a terminal chat instead of the HTTP server
    python scripts/serve.py --action-server-url U # Rasa calls actions at U (tests put a proxy there)
    python scripts/serve.py --run-dir DIR         # supervisord's files (default var/run)

A server that dies is started again by supervisord while the others keep serving
(ops/supervisor.py); `.venv/bin/supervisorctl -c var/run/supervisord.conf status` shows them.
Before anything starts: new files are private (umask 077), var/ and the SQLite databases are
made owner-only, and a weak token or secret stops it (ops/secrets.py).
"""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.settings import get_settings  # noqa: E402
from ops.launch import BIN, DEFAULT_MODEL, action_server_command, assistant_programs, server_env, wait_until_up  # noqa: E402
from ops.permissions import private_files, protect_data  # noqa: E402
from ops.secrets import require_strong_secrets  # noqa: E402
from ops.supervisor import Supervisor  # noqa: E402


def shell(env: dict[str, str], action_port: int, model: str) -> None:
    """The action server, and Rasa's terminal chat against it."""
    actions = subprocess.Popen(action_server_command(action_port), cwd=ROOT, env=env)
    try:
        wait_until_up(f"http://127.0.0.1:{action_port}/health", actions, 120)
        subprocess.run(
            [str(BIN / "rasa"), "shell", "--model", model, "--endpoints", "endpoints.yml"], cwd=ROOT, env=env
        )
    except (KeyboardInterrupt, RuntimeError):
        pass
    finally:
        actions.terminate()
        actions.wait(timeout=20)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8080, help="the demo page and the widget's files (web/)")
    parser.add_argument("--model", default=str(DEFAULT_MODEL))
    parser.add_argument("--shell", action="store_true", help="chat in the terminal")
    parser.add_argument(
        "--action-server-url", help="where Rasa calls the actions (default: the action server started here)"
    )
    parser.add_argument(
        "--run-dir", type=Path, default=ROOT / "var" / "run", help="supervisord's configuration and socket"
    )
    args = parser.parse_args()

    private_files()
    settings = get_settings()
    require_strong_secrets(settings)
    protect_data(settings)  # var/ and the SQLite databases, owner-only
    env = server_env(settings, args.action_server_url or f"http://127.0.0.1:{args.action_port}/webhook")
    if args.shell:
        shell(env, args.action_port, args.model)
        return

    supervisor = Supervisor(
        args.run_dir.resolve(), assistant_programs(args.rasa_port, args.action_port, args.web_port, args.model), env
    )
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started in the background
    process = supervisor.start()
    try:
        supervisor.wait_up(300)
        print(
            f"Assistant ready: Rasa on http://127.0.0.1:{args.rasa_port}, actions on 127.0.0.1:{args.action_port}, "
            f"website with the chat widget on http://localhost:{args.web_port}/. Ctrl-C stops all.",
            flush=True,
        )
        process.wait()
        raise SystemExit(f"supervisord stopped (code {process.returncode}); the servers are stopped")
    except KeyboardInterrupt:
        pass
    except RuntimeError as error:
        raise SystemExit(str(error)) from None
    finally:
        supervisor.stop(process)


if __name__ == "__main__":
    main()
