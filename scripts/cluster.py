"""The assistant scaled out on this machine: PostgreSQL, Redis, 2 Rasa servers, 2 action servers, nginx.

    python scripts/cluster.py run [--port 8088]     # start, wait for Ctrl-C, stop (`make cluster`)
    python scripts/cluster.py start [--port 8088]   # start, print "Cluster ready at <url>", return
    python scripts/cluster.py status                # the URLs, if it runs
    python scripts/cluster.py stop
    python scripts/cluster.py install               # apt-get install what is missing

Everything listens on 127.0.0.1 and keeps its data, configuration and logs in var/cluster/
(--folder), which the next start reuses. Clinic settings come from .env as for `make run`;
DATABASE_URL and TRACKER_STORE_URL are set to the cluster's PostgreSQL.
"""

from __future__ import annotations

import argparse
import signal
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ops.cluster import Cluster, ClusterState  # noqa: E402
from ops.cluster.stack import DEFAULT_FOLDER  # noqa: E402
from ops.cluster.system import install_missing_packages, pid_alive  # noqa: E402
from ops.permissions import private_files  # noqa: E402


def describe(state: ClusterState) -> str:
    return (
        f"Cluster ready at {state.url} (Rasa servers {', '.join(state.rasa_urls)}; "
        f"action servers {', '.join(state.action_urls)}; PostgreSQL on :{state.postgres_port}; "
        f"Redis on :{state.redis_port})"
    )


def run(cluster: Cluster, fresh: bool) -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    signal.signal(signal.SIGINT, signal.default_int_handler)  # Ctrl-C, even when started in the background
    try:
        state = cluster.start(fresh_databases=fresh)
        print(describe(state) + ". Ctrl-C stops all.", flush=True)
        while pid_alive(state.supervisord_pid):
            time.sleep(1)
        print("supervisord stopped; stopping the rest", file=sys.stderr, flush=True)
    except KeyboardInterrupt:
        pass
    finally:
        cluster.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["run", "start", "stop", "status", "install"])
    parser.add_argument("--port", type=int, default=8088, help="the public port (nginx)")
    parser.add_argument("--folder", type=Path, default=DEFAULT_FOLDER)
    parser.add_argument("--fresh", action="store_true", help="empty the databases first")
    args = parser.parse_args()
    private_files()  # logs, state and configuration owner-only

    if args.command in ("install", "run", "start"):
        install_missing_packages()
    if args.command == "install":
        return
    if args.command == "status":
        state = ClusterState.load(args.folder)
        if state is None or not pid_alive(state.supervisord_pid):
            raise SystemExit("the cluster is not running")
        print(describe(state))
        return
    cluster = Cluster(args.folder.resolve(), args.port)
    try:
        if args.command == "run":
            run(cluster, args.fresh)
        elif args.command == "start":
            print(describe(cluster.start(fresh_databases=args.fresh)), flush=True)
        else:
            cluster.stop()
    except RuntimeError as error:
        raise SystemExit(str(error)) from None


if __name__ == "__main__":
    main()
