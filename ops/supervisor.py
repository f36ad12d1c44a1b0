"""Processes kept running by supervisord: one that dies is started again while the others serve.

`make run` (scripts/serve.py) and `make cluster` (ops/cluster/) describe their servers as
`Program`s; `Supervisor` writes supervisord's configuration into a private folder (no secret is
in it: the programs inherit supervisord's environment), starts supervisord in the foreground of
a child process, and talks to it over a Unix socket in that folder (owner-only).

Restarts: a program that exits is started again at once (autorestart); one that fails to
stay up for `start_seconds` is retried after 1, 2, 3... seconds (supervisord's back-off), up
to START_RETRIES times in a row, and then left stopped (FATAL), so a broken one does not spin.
"""

from __future__ import annotations

import ctypes
import shlex
import signal
import subprocess
import time
import urllib.request
import xmlrpc.client
from dataclasses import dataclass
from pathlib import Path
from typing import cast

from supervisor.xmlrpc import SupervisorTransport

from bot.settings import PROJECT_ROOT
from ops.permissions import private_folder

SUPERVISORD = PROJECT_ROOT / ".venv" / "bin" / "supervisord"
START_RETRIES = 20  # back-off of 1 + 2 + ... + 20 s, about 3.5 minutes, before giving up
STOP_SECONDS = 20

PROGRAM = """
[program:{name}]
command={command}
directory={directory}
autostart=true
autorestart=true
startsecs={start_seconds}
startretries={start_retries}
stopsignal=TERM
stopwaitsecs={stop_seconds}
stopasgroup=true
killasgroup=true
redirect_stderr=true
stdout_logfile={log}
stdout_logfile_maxbytes={log_maxbytes}
stdout_logfile_backups={log_backups}
"""

SUPERVISORD_CONFIG = """\
; Written by ops/supervisor.py: do not edit, it is rewritten at each start.
[unix_http_server]
file={socket}
chmod=0700

[supervisord]
nodaemon=true
logfile={activity_log}
logfile_maxbytes=1MB
logfile_backups=2
pidfile={folder}/supervisord.pid
childlogdir={folder}
umask=077

[rpcinterface:supervisor]
supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

[supervisorctl]
serverurl=unix://{socket}
"""


@dataclass(frozen=True)
class Program:
    name: str
    command: list[str]
    health_url: str  # answers once the program serves
    start_seconds: int = 5  # it must stay up this long to count as started


_LIBC = ctypes.CDLL(None, use_errno=True)  # loaded here: the child between fork and exec only calls it
_PR_SET_PDEATHSIG = 1


def _die_with_parent() -> None:
    """In the child: supervisord gets SIGTERM if the launcher dies, so no server is left behind."""
    _LIBC.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class Supervisor:
    def __init__(
        self, folder: Path, programs: list[Program], env: dict[str, str], log_folder: Path | None = None
    ) -> None:
        """`log_folder`: each program logs to <name>.log there; None: to supervisord's own stdout."""
        self.folder, self.programs, self.env, self.log_folder = folder, programs, env, log_folder
        self.config = folder / "supervisord.conf"
        self.socket = folder / "supervisor.sock"
        self.process: subprocess.Popen | None = None

    def write_config(self) -> None:
        private_folder(self.folder)
        text = SUPERVISORD_CONFIG.format(
            socket=self.socket, folder=self.folder, activity_log=self.folder / "supervisord.log"
        )
        log: str | Path
        maxbytes: int | str
        for program in self.programs:
            if self.log_folder is None:
                log, maxbytes, backups = "/dev/stdout", 0, 0
            else:
                log, maxbytes, backups = self.log_folder / f"{program.name}.log", "10MB", 3
            text += PROGRAM.format(
                name=program.name,
                command=shlex.join(program.command).replace("%", "%%"),
                directory=PROJECT_ROOT,
                start_seconds=program.start_seconds,
                start_retries=START_RETRIES,
                stop_seconds=STOP_SECONDS,
                log=log,
                log_maxbytes=maxbytes,
                log_backups=backups,
            )
        self.config.write_text(text)

    def start(self, stdout=None, detach: bool = False) -> subprocess.Popen:
        """Start supervisord, which starts every program. `detach`: in a session of its own, to
        outlive the launcher (`make cluster`'s `start`); otherwise it stops when the launcher dies."""
        self.write_config()
        if self.log_folder is not None:
            private_folder(self.log_folder)
        self.process = subprocess.Popen(
            [str(SUPERVISORD), "-c", str(self.config)],
            cwd=PROJECT_ROOT,
            env=self.env,
            stdout=stdout,
            stderr=subprocess.STDOUT if stdout is not None else None,
            start_new_session=detach,
            preexec_fn=None if detach else _die_with_parent,  # noqa: PLW1509 - launchers start it before any thread
        )
        return self.process

    def rpc(self) -> xmlrpc.client.ServerProxy:
        return xmlrpc.client.ServerProxy(
            "http://127.0.0.1", transport=SupervisorTransport(None, None, f"unix://{self.socket}")
        )

    def info(self, name: str) -> dict:
        """supervisord's view of a program: `statename` (RUNNING, BACKOFF...), `pid`..."""
        # getProcessInfo answers an XML-RPC struct, which xmlrpc.client returns as a dict.
        return cast(dict, self.rpc().supervisor.getProcessInfo(name))

    def pid(self, name: str) -> int | None:
        try:
            info = self.info(name)
        except (OSError, xmlrpc.client.Fault):
            return None
        return info["pid"] if info["statename"] == "RUNNING" and info["pid"] else None

    def wait_up(self, seconds: float, names: list[str] | None = None) -> None:
        """Wait until each program (or those named) answers on its health URL."""
        deadline = time.monotonic() + seconds
        for program in self.programs:
            if names is not None and program.name not in names:
                continue
            while not _answers(program.health_url):
                if self.process is not None and self.process.poll() is not None:
                    raise RuntimeError(f"supervisord exited with code {self.process.returncode}")
                if time.monotonic() > deadline:
                    raise RuntimeError(f"{program.name} did not answer on {program.health_url} within {seconds:.0f} s")
                time.sleep(0.5)

    def stop(self, process: subprocess.Popen | None = None) -> None:
        """Stop supervisord, which stops every program first (SIGTERM, then SIGKILL after STOP_SECONDS)."""
        process = process or self.process
        if process is None or process.poll() is not None:
            return
        process.terminate()
        try:
            process.wait(timeout=STOP_SECONDS * len(self.programs) + 10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2):
            return True
    except OSError:
        return False
