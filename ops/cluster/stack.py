"""Start and stop the whole cluster, in order, and remember where everything runs (state.json).

    PostgreSQL  appointments (database `clinic`) and conversations (database `tracker`)
    Redis       Rasa's lock store
    Redis       Rasa's lock store (db 0) and the webhooks' rate limits (db 1), shared by both Rasa servers
    2 x action server, behind nginx (a second, internal port)
    2 x Rasa server (endpoints.cluster.yml), behind nginx on the public port

The four servers run under one supervisord (ops/supervisor.py), which starts again any that
dies while the others serve; their logs are in logs/. Everything listens on 127.0.0.1 only.
state.json holds the ports, supervisord's process id and the database URLs (with the
password), so it is readable by its owner only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from dataclasses import asdict, dataclass, replace
from pathlib import Path

from bot.clinic.database import create_schema, make_engine
from bot.settings import PROJECT_ROOT, Settings, get_settings
from ops.cluster.nginx import Nginx
from ops.cluster.postgres import Postgres
from ops.cluster.redis import Redis
from ops.cluster.system import let_postgres_through, missing_packages, pid_alive, stop_pid
from ops.launch import DEFAULT_MODEL, action_server_command, free_port, rasa_server_command, server_env
from ops.permissions import private_folder
from ops.secrets import require_strong_secrets
from ops.supervisor import STOP_SECONDS, Program, Supervisor

DEFAULT_FOLDER = PROJECT_ROOT / "var" / "cluster"
SERVERS = 2


@dataclass
class ClusterState:
    url: str  # the public address: nginx in front of the Rasa servers
    rasa_urls: list[str]
    action_urls: list[str]
    postgres_port: int
    redis_port: int
    database_url: str
    tracker_store_url: str
    supervisord_pid: int  # it runs the Rasa and action servers

    @classmethod
    def load(cls, folder: Path) -> ClusterState | None:
        try:
            return cls(**json.loads((folder / "state.json").read_text()))
        except (OSError, ValueError, TypeError):
            return None

    def save(self, folder: Path) -> None:
        path = folder / "state.json"
        path.touch(mode=0o600)
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")


class Cluster:
    def __init__(
        self,
        folder: Path = DEFAULT_FOLDER,
        port: int = 8088,
        settings: Settings | None = None,
        base_env: dict[str, str] | None = None,
        model: Path = DEFAULT_MODEL,
    ) -> None:
        self.folder, self.port, self.model = folder, port, model
        self.settings = settings or get_settings()
        self.base_env = dict(os.environ if base_env is None else base_env)
        self.logs = folder / "logs"
        self.supervisor: Supervisor | None = None
        self.state: ClusterState | None = None

    def postgres(self, port: int) -> Postgres:
        return Postgres(self.folder / "postgresql", port)

    def redis(self, port: int) -> Redis:
        return Redis(self.folder / "redis", port)

    def nginx(self, rasa_ports: Sequence[int] = (), action_port: int = 0, action_ports: Sequence[int] = ()) -> Nginx:
        return Nginx(self.folder / "nginx", self.port, list(rasa_ports), action_port, list(action_ports))

    def start(self, fresh_databases: bool = False) -> ClusterState:
        """Start everything (stopping what a previous run left); returns where it runs."""
        if missing_packages():
            raise RuntimeError(
                f"missing packages: {', '.join(missing_packages())}; run `python scripts/cluster.py install`"
            )
        if not self.model.exists():
            raise RuntimeError(f"no trained model at {self.model}: run `make train`")
        require_strong_secrets(self.settings)  # before anything starts, rather than four servers failing
        self.stop()
        private_folder(self.folder)
        private_folder(self.logs)
        try:
            return self._start(fresh_databases)
        except BaseException:
            self.stop()
            raise

    def _start(self, fresh_databases: bool) -> ClusterState:
        postgres, redis = self.postgres(free_port()), self.redis(free_port())
        let_postgres_through(self.folder)
        postgres.start()
        database_url = postgres.create_database("clinic", fresh=fresh_databases)
        tracker_store_url = postgres.create_database("tracker", fresh=fresh_databases)
        engine = make_engine(database_url)
        create_schema(engine)  # once, before two action servers could race to create it
        engine.dispose()
        redis.start()

        rasa_ports = [free_port() for _ in range(SERVERS)]
        action_ports = [free_port() for _ in range(SERVERS)]
        action_port = free_port()
        settings = replace(
            self.settings,
            database_url=database_url,
            tracker_store_url=tracker_store_url,
            redis_url=f"redis://127.0.0.1:{redis.port}/1",
        )
        env = {
            **server_env(settings, f"http://127.0.0.1:{action_port}/webhook", base=self.base_env),
            "DATABASE_URL": database_url,
            "LOCK_STORE_HOST": "127.0.0.1",
            "LOCK_STORE_PORT": str(redis.port),
        }
        programs = [
            Program(f"actions-{i}", action_server_command(port), f"http://127.0.0.1:{port}/health")
            for i, port in enumerate(action_ports, 1)
        ] + [
            Program(
                f"rasa-{i}",
                rasa_server_command(port, self.model, endpoints="endpoints.cluster.yml"),
                f"http://127.0.0.1:{port}/",
                start_seconds=10,
            )
            for i, port in enumerate(rasa_ports, 1)
        ]
        self.supervisor = Supervisor(self.folder / "supervisor", programs, env, log_folder=self.logs)
        supervisord = self.supervisor.start(stdout=(self.logs / "supervisord.out").open("ab"), detach=True)
        self.state = ClusterState(
            url=f"http://127.0.0.1:{self.port}",
            rasa_urls=[f"http://127.0.0.1:{port}" for port in rasa_ports],
            action_urls=[f"http://127.0.0.1:{port}" for port in action_ports],
            postgres_port=postgres.port,
            redis_port=redis.port,
            database_url=database_url,
            tracker_store_url=tracker_store_url,
            supervisord_pid=supervisord.pid,
        )
        self.state.save(self.folder)
        self.supervisor.wait_up(300)
        self.nginx(rasa_ports, action_port, action_ports).start()
        return self.state

    def running(self) -> bool:
        """True while supervisord (and so the servers it keeps up) runs."""
        state = self.state or ClusterState.load(self.folder)
        return state is not None and pid_alive(state.supervisord_pid)

    def restart_postgres(self) -> None:
        if self.state is None:
            raise RuntimeError("the cluster is not started")
        self.postgres(self.state.postgres_port).restart()

    def stop(self) -> None:
        """Stop what runs, whether this process or an earlier `start` started it."""
        state = self.state or ClusterState.load(self.folder)
        self.nginx().stop()
        if (
            state is not None
            and pid_alive(state.supervisord_pid)
            and "supervisord" in _command_line(state.supervisord_pid)
        ):
            stop_pid(state.supervisord_pid, seconds=STOP_SECONDS * 4 + 10)  # it stops the servers first
        self.redis(0).stop()
        self.postgres(0).stop()
        (self.folder / "state.json").unlink(missing_ok=True)
        self.supervisor, self.state = None, None


def _command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""
