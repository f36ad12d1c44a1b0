"""Weak defaults: the servers refuse to start with an empty or default token or secret; no secret is
on any process's command line; .env, var/ and the databases are owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ops.env_file import ensure_env_file
from ops.launch import free_port
from ops.secrets import weakness
from tests.servers import ROOT, SECRETS, TWILIO, new_sender

ENTRY_POINTS = {
    "make run": [sys.executable, "scripts/serve.py"],
    "Rasa server": [sys.executable, "-m", "ops.rasa_server"],
    "action server": [sys.executable, "-m", "ops.action_server"],
}


def start(command: list[str], env_changes: dict[str, str], tmp_path: Path, seconds: float = 60) -> subprocess.Popen:
    port = free_port()
    env = {
        **os.environ,
        **SECRETS,
        "PYTHONPATH": str(ROOT),
        "ALLOW_WEAK_SECRETS": "false",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'clinic.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{tmp_path / 'tracker.db'}",
        **env_changes,
    }
    ports = (
        [
            "--rasa-port",
            str(port),
            "--action-port",
            str(free_port()),
            "--web-port",
            str(free_port()),
            "--run-dir",
            str(tmp_path / "run"),
        ]
        if "scripts/serve.py" in command
        else ["--port", str(port)]
    )
    return subprocess.Popen(
        [*command, *ports],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )


WEAK = [
    ("RASA_API_TOKEN", ""),
    ("RASA_API_TOKEN", "change-me"),
    ("ACTION_SERVER_SECRET", ""),
    ("ACTION_SERVER_SECRET", "change-me"),
    ("CONVERSATION_SECRET", ""),
    ("CONVERSATION_SECRET", "secret"),
]
CASES = [
    (entry_point, name, value)
    for entry_point in ENTRY_POINTS
    for name, value in WEAK
    if entry_point != "action server" or name == "ACTION_SERVER_SECRET"
]  # it holds only its own secret


@pytest.mark.parametrize("entry_point, name, value", CASES)
def test_a_weak_token_or_secret_is_refused_at_start_up(entry_point, name, value, tmp_path):
    process = start(ENTRY_POINTS[entry_point], {name: value}, tmp_path)
    try:
        output, _ = process.communicate(timeout=120)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, 9)
    assert process.returncode != 0
    assert f"refusing to start: {name}" in output and "ALLOW_WEAK_SECRETS" in output
    assert not (tmp_path / "tracker.db").exists()  # it stopped before serving anything


def test_the_development_flag_lets_a_weak_secret_through(tmp_path):
    process = start(
        ENTRY_POINTS["action server"], {"ACTION_SERVER_SECRET": "change-me", "ALLOW_WEAK_SECRETS": "true"}, tmp_path
    )
    try:
        time.sleep(8)
        assert process.poll() is None, process.stdout.read() if process.stdout else ""
    finally:
        os.killpg(process.pid, 15)
        process.wait(timeout=30)


def test_make_runs_new_env_file_is_owner_only_with_strong_secrets(tmp_path):
    env_file = tmp_path / ".env"
    ensure_env_file(env_file, ROOT / ".env.example")
    assert stat.S_IMODE(env_file.stat().st_mode) == 0o600
    values = dict(
        line.split("=", 1) for line in env_file.read_text().splitlines() if "=" in line and not line.startswith("#")
    )
    for name in SECRETS:
        assert weakness(values[name]) is None, name


def command_lines() -> dict[int, str]:
    lines = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                lines[int(entry.name)] = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
            except OSError:
                pass
    return lines


def test_no_secret_is_on_any_command_line(servers):
    running = {name: servers.supervisor.pid(name) for name in ("actions", "rasa", "website")}
    assert all(running.values()), running
    lines = command_lines()
    assert "ops.rasa_server" in lines[running["rasa"]] and "ops.action_server" in lines[running["actions"]]
    for secret in [*SECRETS.values(), TWILIO["TWILIO_AUTH_TOKEN"]]:
        holders = [pid for pid, line in lines.items() if secret in line]
        assert not holders, f"a secret is on the command line of {holders}"
    ps = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True, check=False).stdout
    assert ps and not any(secret in ps for secret in SECRETS.values())


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_the_databases_and_supervisors_files_are_owner_only(servers):
    servers.say(new_sender(), "hello")
    for database in ("clinic.db", "tracker.db"):
        assert mode(servers.var / database) == 0o600, database
    folder = servers.supervisor.folder
    assert mode(folder) == 0o700
    assert {path.name: mode(path) & 0o077 for path in folder.iterdir()} == {path.name: 0 for path in folder.iterdir()}
    config = servers.supervisor.config.read_text()
    assert not any(secret in config for secret in SECRETS.values())
