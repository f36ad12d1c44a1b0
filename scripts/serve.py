"""Start the action server and the Rasa server, and serve the website widget; Ctrl-C stops all.

    python scripts/serve.py                       # ports 5055, 5005 and 8080 (web/), as `make run`
    python scripts/serve.py --rasa-port 0 ...     # tests pass free ports
    python scripts/serve.py --shell               # a terminal chat instead of the HTTP server
    python scripts/serve.py --action-server-url U # Rasa calls actions at U (tests put a proxy there)
"""
from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.settings import get_settings  # noqa: E402
from bot.website import make_server, serve_in_background  # noqa: E402

BIN = ROOT / ".venv" / "bin"


def wait_until_up(url: str, process: subprocess.Popen, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"{process.args[0]} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"{url} did not answer within {seconds:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rasa-port", type=int, default=5005)
    parser.add_argument("--action-port", type=int, default=5055)
    parser.add_argument("--web-port", type=int, default=8080, help="the demo page and the widget's files (web/)")
    parser.add_argument("--model", default=str(ROOT / "models" / "clinic.tar.gz"))
    parser.add_argument("--shell", action="store_true", help="chat in the terminal")
    parser.add_argument(
        "--action-server-url", help="where Rasa calls the actions (default: the action server started here)"
    )
    args = parser.parse_args()

    settings = get_settings()
    env = {
        **os.environ,
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONPATH": str(ROOT),
        "ACTION_SERVER_URL": args.action_server_url or f"http://127.0.0.1:{args.action_port}/webhook",
        "TRACKER_STORE_URL": settings.tracker_store_url,
        # credentials.yml reads the SMS channel's settings from these.
        "TWILIO_ACCOUNT_SID": settings.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "TWILIO_NUMBER": settings.twilio_number,
        "TWILIO_WEBHOOK_URL": settings.twilio_webhook_url,
        "TWILIO_API_BASE_URL": settings.twilio_api_base_url,
    }
    (ROOT / "var").mkdir(exist_ok=True)
    actions = subprocess.Popen(
        [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(args.action_port)],
        cwd=ROOT, env=env,
    )
    processes = [actions]
    try:
        wait_until_up(f"http://127.0.0.1:{args.action_port}/health", actions, 120)
        if args.shell:
            subprocess.run([str(BIN / "rasa"), "shell", "--model", args.model, "--endpoints", "endpoints.yml"], cwd=ROOT, env=env)
            return
        rasa_command = [
            str(BIN / "rasa"), "run", "--model", args.model, "--port", str(args.rasa_port),
            "--interface", "127.0.0.1", "--credentials", "credentials.yml", "--endpoints", "endpoints.yml",
            "--enable-api", "--cors", *settings.widget_allowed_origins,
        ]
        if settings.rasa_api_token:
            rasa_command += ["--auth-token", settings.rasa_api_token]
        rasa = subprocess.Popen(rasa_command, cwd=ROOT, env=env)
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
