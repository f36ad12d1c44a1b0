"""What the services need from the machine: Debian packages, a user PostgreSQL accepts, ports."""

from __future__ import annotations

import grp
import os
import pwd
import shutil
import socket
import subprocess
import time
from pathlib import Path

PG_BIN = Path("/usr/lib/postgresql/15/bin")
PACKAGES = {
    "postgresql": PG_BIN / "initdb",
    "redis-server": Path("/usr/bin/redis-server"),
    "nginx": Path("/usr/sbin/nginx"),
}


def missing_packages() -> list[str]:
    return [package for package, program in PACKAGES.items() if not program.exists()]


def install_missing_packages() -> None:
    """apt-get install the packages that are missing (with sudo unless we are root)."""
    missing = missing_packages()
    if not missing:
        return
    sudo = [] if os.geteuid() == 0 else ["sudo"]
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*sudo, "apt-get", "update"], check=True, env=env)
    subprocess.run(
        [*sudo, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", *missing], check=True, env=env
    )


def is_root() -> bool:
    return os.geteuid() == 0


def current_user() -> str:
    return pwd.getpwuid(os.geteuid()).pw_name


def as_postgres_user(command: list[str]) -> list[str]:
    """PostgreSQL refuses to run as root: as root, run it as Debian's `postgres` user."""
    return ["runuser", "-u", "postgres", "--", *command] if is_root() else command


def give_to_postgres_user(path: Path) -> None:
    if is_root():
        shutil.chown(path, "postgres", "postgres")


def let_postgres_through(folder: Path) -> None:
    """As root, PostgreSQL runs as `postgres`, which must pass through the folders above its data
    (`folder` and its parents): an owner-only one (var/ is 0700) becomes 0710 with group
    postgres, so that user may go through it but not list or read it. Stops at the first
    folder anyone may pass through."""
    if not is_root():
        return
    gid = grp.getgrnam("postgres").gr_gid
    for current in [folder, *folder.parents]:
        mode = current.stat().st_mode & 0o7777
        if mode & 0o001:
            return
        if current.stat().st_gid != gid or not mode & 0o010:
            os.chown(current, -1, gid)
            current.chmod(mode | 0o010)


def pid_alive(pid: int) -> bool:
    """True while `pid` runs (a zombie no longer counts)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def stop_pid(pid: int, seconds: float = 30) -> None:
    """SIGTERM, then SIGKILL if `pid` is still running after `seconds`."""
    if not pid_alive(pid):
        return
    os.kill(pid, 15)
    deadline = time.monotonic() + seconds
    while pid_alive(pid):
        if time.monotonic() > deadline:
            os.kill(pid, 9)
            deadline = time.monotonic() + 10
        time.sleep(0.2)


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (OSError, ValueError):
        return None


def wait_for_port(port: int, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"nothing listens on 127.0.0.1:{port} after {seconds:.0f} s")
