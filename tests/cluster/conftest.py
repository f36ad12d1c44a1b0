"""The cluster as `make cluster` starts it (cluster/), on free ports, with empty databases.

It lives in var/cluster-test/, emptied first (not in pytest's temporary folders: as root,
PostgreSQL runs as `postgres`, which cannot reach them). The clinic settings are the
end-to-end tests' ones.
"""

from __future__ import annotations

import os
import shutil
from unittest import mock

import pytest

from bot.settings import PROJECT_ROOT, settings_from_environment
from ops.cluster import Cluster
from tests.servers import CLINIC, SECRETS, TWILIO, Servers

FOLDER = PROJECT_ROOT / "var" / "cluster-test"


class Chat(Servers):
    """`say` and `staff` from the end-to-end tests, against one address of the cluster."""

    def __init__(self, url: str, env: dict[str, str]) -> None:
        super().__init__(url, "", env, FOLDER / "logs", None)


@pytest.fixture(scope="session")
def cluster():
    from tests.servers import free_port

    environment = {
        **CLINIC,
        **TWILIO,
        "TWILIO_API_BASE_URL": "http://127.0.0.1:9",  # no texts are sent here
        **SECRETS,
        "WIDGET_ALLOWED_ORIGINS": "http://127.0.0.1",
        # Every booking here is from one patient's phone; the cap on open requests has its own tests.
        "MAX_OPEN_REQUESTS": "20",
    }
    with mock.patch.dict(os.environ, environment):
        started = Cluster(FOLDER, free_port(), settings_from_environment(), base_env=dict(os.environ))
    started.stop()  # what an interrupted run left, before its folder goes
    shutil.rmtree(FOLDER, ignore_errors=True)  # fresh data and logs, for the log scan
    try:
        started.start()
        yield started
    finally:
        started.stop()


@pytest.fixture(scope="session")
def staff_env(cluster) -> dict[str, str]:
    """The staff command line's environment: the cluster's PostgreSQL, no SQLite fallback."""
    return {
        **os.environ,
        **CLINIC,
        "DATABASE_URL": cluster.state.database_url,
        "TRACKER_STORE_URL": cluster.state.tracker_store_url,
        "PYTHONPATH": str(PROJECT_ROOT),
    }


@pytest.fixture(scope="session")
def via_nginx(cluster, staff_env) -> Chat:
    return Chat(cluster.state.url, staff_env)


@pytest.fixture(scope="session")
def each_rasa(cluster, staff_env) -> list[Chat]:
    return [Chat(url, staff_env) for url in cluster.state.rasa_urls]
