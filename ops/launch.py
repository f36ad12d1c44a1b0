"""How the action server and the Rasa server are started: their commands and environment.

Shared by `scripts/serve.py` (`make run`), `scripts/cluster.py` (`make cluster`) and the tests
that restart one server, so every one of them starts the servers the same way. No secret is
ever on a command line (`ps` shows those to every user): the servers read them from the
environment (`server_env`) or .env.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import cast

from bot.settings import PROJECT_ROOT, Settings
from ops.secrets import new_secret
from ops.supervisor import Program

BIN = PROJECT_ROOT / ".venv" / "bin"
DEFAULT_MODEL = PROJECT_ROOT / "models" / "clinic.tar.gz"


def server_env(settings: Settings, action_server_url: str, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment both servers run in; endpoints.yml and credentials.yml read from it."""
    return {
        **(os.environ if base is None else base),
        "RASA_TELEMETRY_ENABLED": "false",
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "PYTHONPATH": str(PROJECT_ROOT),
        "ACTION_SERVER_URL": action_server_url,
        "TRACKER_STORE_URL": settings.tracker_store_url,
        # The servers' secrets, as checked by the launcher; endpoints.yml sends the action
        # server's with every call.
        "RASA_API_TOKEN": settings.rasa_api_token,
        "ACTION_SERVER_SECRET": settings.action_server_secret,
        "CONVERSATION_SECRET": settings.conversation_secret,
        "REDIS_URL": settings.redis_url,
        # credentials.yml reads the SMS channel's settings from these.
        "TWILIO_ACCOUNT_SID": settings.twilio_account_sid,
        "TWILIO_AUTH_TOKEN": settings.twilio_auth_token,
        "TWILIO_NUMBER": settings.twilio_number,
        "TWILIO_WEBHOOK_URL": settings.twilio_webhook_url,
        "TWILIO_API_BASE_URL": settings.twilio_api_base_url,
    }


def local_environment(var: Path, base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment for a throw-away assistant (benchmarks, evaluations) with its data in `var`.

    Every simulated patient comes from 127.0.0.1, where real patients come from many
    addresses, so the per-address rate limit is lifted. Its secrets are new random ones.
    """
    return {
        **(os.environ if base is None else base),
        "RASA_API_TOKEN": new_secret(),
        "ACTION_SERVER_SECRET": new_secret(),
        "CONVERSATION_SECRET": new_secret(),
        "DATABASE_URL": f"sqlite:///{var / 'clinic.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{var / 'tracker.db'}",
        "RASA_TELEMETRY_ENABLED": "false",
        "PYTHONPATH": str(PROJECT_ROOT),
        "RATE_LIMIT_PER_ADDRESS": "1000000",
    }


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_assistant(env: dict[str, str], log_path: Path, args: list[str], seconds: float = 300) -> subprocess.Popen:
    """scripts/serve.py (what `make run` starts) as a child process, logging to `log_path`;
    returns once it says "Assistant ready". `stop_assistant` stops it as Ctrl-C would."""
    if "--run-dir" not in args:  # supervisord's files beside the log, not in var/run where `make run`'s are
        args = [*args, "--run-dir", str(log_path.parent / "run")]
    command = [sys.executable, str(PROJECT_ROOT / "scripts" / "serve.py"), *args]
    with log_path.open("a") as log:
        process = subprocess.Popen(
            command, cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    deadline = time.monotonic() + seconds
    while "Assistant ready" not in log_path.read_text():
        if process.poll() is not None or time.monotonic() > deadline:
            stop_assistant(process)
            raise RuntimeError("the servers did not start:\n" + log_path.read_text()[-4000:])
        time.sleep(1)
    return process


def stop_assistant(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGINT)  # as Ctrl-C in `make run`
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def action_server_command(port: int, interface: str = "127.0.0.1") -> list[str]:
    """The action server (ops/action_server.py): the shared secret comes from the environment."""
    return [str(BIN / "python"), "-m", "ops.action_server", "--port", str(port), "--interface", interface]


def rasa_server_command(port: int, model: Path | str = DEFAULT_MODEL, endpoints: str = "endpoints.yml") -> list[str]:
    """The Rasa server on 127.0.0.1 (ops/rasa_server.py): REST and SMS channels, the HTTP API
    behind the token from the environment, CORS for the widget's origins."""
    return [
        str(BIN / "python"),
        "-m",
        "ops.rasa_server",
        "--port",
        str(port),
        "--model",
        str(model),
        "--endpoints",
        endpoints,
    ]


def assistant_programs(
    rasa_port: int, action_port: int, web_port: int, model: Path | str = DEFAULT_MODEL
) -> list[Program]:
    """What `make run` keeps running under supervisord: the action server, the Rasa server, the demo website."""
    return [
        Program("actions", action_server_command(action_port), f"http://127.0.0.1:{action_port}/health"),
        Program("rasa", rasa_server_command(rasa_port, model), f"http://127.0.0.1:{rasa_port}/", start_seconds=10),
        Program(
            "website",
            [
                str(BIN / "python"),
                "-m",
                "ops.website",
                "--port",
                str(web_port),
                "--rasa-url",
                f"http://localhost:{rasa_port}",
            ],
            f"http://127.0.0.1:{web_port}/",
        ),
    ]


def wait_until_up(url: str, process: subprocess.Popen | None, seconds: float) -> None:
    """Wait until `url` answers; fail early if `process` exits first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            command = cast(list[str], process.args)  # every caller starts the process from a list of str
            raise RuntimeError(f"{Path(command[0]).name} exited with code {process.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"{url} did not answer within {seconds:.0f} s")


class Server:
    """One server process, logging to a file, that can be stopped and started again."""

    def __init__(
        self, command: list[str], env: dict[str, str], health_url: str, log_path: Path, start_seconds: float = 300
    ) -> None:
        self.command, self.env, self.health_url = command, env, health_url
        self.log_path, self.start_seconds = log_path, start_seconds
        self.process: subprocess.Popen | None = None

    def spawn(self) -> None:
        """Start the process without waiting for it to answer (see `wait_up`)."""
        with self.log_path.open("a") as log:
            self.process = subprocess.Popen(
                self.command,
                cwd=PROJECT_ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def wait_up(self) -> None:
        wait_until_up(self.health_url, self.process, self.start_seconds)

    def start(self) -> None:
        self.spawn()
        self.wait_up()

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()
