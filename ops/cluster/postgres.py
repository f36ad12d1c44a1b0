"""A private PostgreSQL 15 server: data, socket and log under one folder, listening on 127.0.0.1.

The first start runs initdb with a random password for the `clinic` role (kept in
`password`, readable by its owner only); later starts reuse the data. Failing statements are
not written to the server's log, since they can hold what a patient typed.
"""

from __future__ import annotations

import secrets
import subprocess
from pathlib import Path

from ops.cluster.system import PG_BIN, as_postgres_user, give_to_postgres_user

ROLE = "clinic"
SETTINGS = """\
listen_addresses = '127.0.0.1'
port = {port}
unix_socket_directories = '{socket_dir}'
max_connections = 200
log_min_error_statement = panic
log_error_verbosity = terse
"""


class Postgres:
    def __init__(self, folder: Path, port: int) -> None:
        self.folder, self.port = folder, port
        self.data, self.socket_dir, self.log = folder / "data", folder / "socket", folder / "server.log"
        self.password_file = folder / "password"

    @property
    def password(self) -> str:
        return self.password_file.read_text().strip()

    def url(self, database: str) -> str:
        return f"postgresql://{ROLE}:{self.password}@127.0.0.1:{self.port}/{database}"

    def _pg_ctl(self, *args: str) -> None:
        command = as_postgres_user(
            [str(PG_BIN / "pg_ctl"), "-D", str(self.data), "-l", str(self.log), "-w", "-t", "60", *args]
        )
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)

    def _init(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        give_to_postgres_user(self.folder)
        self.password_file.write_text(secrets.token_urlsafe(24) + "\n")
        self.password_file.chmod(0o600)
        pwfile = self.folder / "initdb-password"
        pwfile.write_text(self.password + "\n")
        give_to_postgres_user(pwfile)
        try:
            subprocess.run(
                as_postgres_user(
                    [
                        str(PG_BIN / "initdb"),
                        "-D",
                        str(self.data),
                        "-U",
                        ROLE,
                        f"--pwfile={pwfile}",
                        "--auth=scram-sha-256",
                        "--encoding=UTF8",
                        "--locale=C.UTF-8",
                    ]
                ),
                check=True,
                stdout=subprocess.DEVNULL,
            )
        finally:
            pwfile.unlink()
        with (self.data / "postgresql.conf").open("a") as conf:
            conf.write("include 'cluster.conf'\n")

    def start(self) -> None:
        if not (self.data / "PG_VERSION").exists():
            self._init()
        self.socket_dir.mkdir(exist_ok=True)
        give_to_postgres_user(self.socket_dir)
        conf = self.data / "cluster.conf"
        conf.write_text(SETTINGS.format(port=self.port, socket_dir=self.socket_dir))
        give_to_postgres_user(conf)
        if self.running():
            self._pg_ctl("-m", "fast", "stop")
        self._pg_ctl("start")

    def running(self) -> bool:
        status = subprocess.run(
            as_postgres_user([str(PG_BIN / "pg_ctl"), "-D", str(self.data), "status"]),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        return status.returncode == 0

    def restart(self) -> None:
        self._pg_ctl("-m", "fast", "restart")

    def stop(self) -> None:
        if self.data.exists() and self.running():
            self._pg_ctl("-m", "fast", "stop")

    def create_database(self, name: str, fresh: bool = False) -> str:
        """Create database `name` unless it exists (drop it first when `fresh`); returns its URL."""
        import psycopg2  # installed with rasa

        connection = psycopg2.connect(self.url("postgres"))
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                if fresh:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,))
                if cursor.fetchone() is None:
                    cursor.execute(f'CREATE DATABASE "{name}"')
        finally:
            connection.close()
        return self.url(name)
