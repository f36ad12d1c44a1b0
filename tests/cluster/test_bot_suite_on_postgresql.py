"""tests/bot/ (scheduling, the booking race, the staff CLI, the outbox, opt-outs) on the cluster's PostgreSQL.

The same suite runs on SQLite in `make test`; here TEST_DATABASE_URL points it at an empty
PostgreSQL database, so the partial unique index and the two-threads race are checked there too.
"""

from __future__ import annotations

import os
import subprocess
import sys

from sqlalchemy import create_engine, inspect

from bot.settings import PROJECT_ROOT


def test_the_bot_suite_passes_on_postgresql(cluster):
    url = cluster.postgres(cluster.state.postgres_port).create_database("bot_tests", fresh=True)
    run = subprocess.run(
        [sys.executable, "-m", "pytest", "tests/bot", "-q", "-p", "no:cacheprovider"],
        cwd=PROJECT_ROOT,
        env={**os.environ, "TEST_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    engine = create_engine(url, future=True)
    try:
        assert inspect(engine).has_table("appointments")  # the suite did use PostgreSQL
    finally:
        engine.dispose()
