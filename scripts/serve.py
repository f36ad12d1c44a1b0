"""Start the action server and the Rasa server, and serve the website widget; Ctrl-C stops all.

    python scripts/serve.py                       # ports 5055, 5005 and 8080 (web/), as `make run`
    python scripts/serve.py --rasa-port 0 ...     # tests pass free ports
    python scripts/serve.py --shell               # a terminal chat instead of the HTTP server
    python scripts/serve.py --action-server-url U # Rasa calls actions at U (tests put a proxy there)
"""
from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ops.launch import BIN, DEFAULT_MODEL, action_server_command, rasa_server_command, server_env, wait_until_up  # noqa: E402
from bot.settings import get_settings  # noqa: E402
from ops.website import make_server, serve_in_background  # noqa: E402


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
    args = parser.parse_args()

    settings = get_settings()
    env = server_env(settings, args.action_server_url or f"http://127.0.0.1:{args.action_port}/webhook")
    (ROOT / "var").mkdir(exist_ok=True)
    actions = subprocess.Popen(action_server_command(args.action_port), cwd=ROOT, env=env)
    processes = [actions]
    try:
        wait_until_up(f"http://127.0.0.1:{args.action_port}/health", actions, 120)
        if args.shell:
            subprocess.run([str(BIN / "rasa"), "shell", "--model", args.model, "--endpoints", "endpoints.yml"], cwd=ROOT, env=env)
            return
        rasa = subprocess.Popen(rasa_server_command(settings, args.rasa_port, args.model), cwd=ROOT, env=env)
        processes.append(rasa)
        wait_until_up(f"http://127.0.0.1:{args.rasa_port}/", rasa, 300)
        website = make_server("127.0.0.1", args.web_port, {
            "clinic_name": settings.clinic_name,
            "clinic_phone": settings.clinic_phone,
            "clinic_tel": "".join(c for c in settings.clinic_phone if c.isdigit() or c == "+"),
            "rasa_url": f"http://localhost:{args.rasa_port}",
        })
        serve_in_background(website)
        print(
            f"Assistant ready: Rasa on http://127.0.0.1:{args.rasa_port}, actions on :{args.action_port}, "
            f"website with the chat widget on http://localhost:{args.web_port}/. Ctrl-C stops all.",
            flush=True,
        )
        signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
        while all(p.poll() is None for p in processes):
            time.sleep(0.5)
        raise SystemExit("a server stopped; stopping the rest")
    except KeyboardInterrupt:
        pass
    except RuntimeError as error:
        raise SystemExit(str(error)) from None
    finally:
        for process in processes:
            if process.poll() is None:
                process.terminate()
        for process in processes:
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
