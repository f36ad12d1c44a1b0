"""A private Redis for Rasa's lock store: loopback only, nothing saved to disk (locks are short-lived)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from ops.cluster.system import read_pid, stop_pid, wait_for_port

CONFIG = """\
bind 127.0.0.1
port {port}
protected-mode yes
daemonize yes
pidfile {folder}/redis.pid
logfile {folder}/redis.log
loglevel notice
dir {folder}
save ""
appendonly no
"""


class Redis:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.pid_file = folder / "redis.pid"

    def start(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        self.stop()  # one left over from a run that was killed
        config = self.folder / "redis.conf"
        config.write_text(CONFIG.format(port=self.port, folder=self.folder))
        subprocess.run(["redis-server", str(config)], check=True, stdout=subprocess.DEVNULL)
        wait_for_port(self.port)

    def stop(self) -> None:
        pid = read_pid(self.pid_file)
        if pid is not None:
            stop_pid(pid)
            self.pid_file.unlink(missing_ok=True)
