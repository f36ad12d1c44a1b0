"""The data folder and the SQLite databases are owner-only."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from dataclasses import replace

from bot.settings import PROJECT_ROOT, settings_from_environment
from ops.permissions import private_folder, protect_data, sqlite_path


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_private_folder_creates_or_tightens_to_0700(tmp_path):
    created = private_folder(tmp_path / "var")
    assert mode(created) == 0o700
    created.chmod(0o755)
    private_folder(created)
    assert mode(created) == 0o700


def test_existing_databases_and_their_companions_become_0600(tmp_path):
    var = tmp_path / "var"
    var.mkdir(mode=0o755)
    for name in ("clinic.db", "clinic.db-wal", "tracker.db", "tracker.db-journal"):
        (var / name).write_text("")
        (var / name).chmod(0o644)
    settings = replace(
        settings_from_environment(),
        database_url=f"sqlite:///{var / 'clinic.db'}",
        tracker_store_url=f"sqlite:///{var / 'tracker.db'}",
    )
    protect_data(settings)
    assert mode(var) == 0o700
    assert {name: mode(var / name) for name in os.listdir(var)} == dict.fromkeys(os.listdir(var), 0o600)


def test_only_sqlite_files_are_touched():
    assert sqlite_path("postgresql://u:p@127.0.0.1/clinic") is None
    assert sqlite_path("sqlite://") is None
    assert str(sqlite_path("sqlite:////srv/data/clinic.db")) == "/srv/data/clinic.db"


def test_the_staff_command_line_creates_its_database_owner_only(tmp_path):
    database = tmp_path / "clinic.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "PYTHONPATH": str(PROJECT_ROOT)}
    listing = subprocess.run(
        [sys.executable, "-m", "bot", "appointments", "list"],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert listing.returncode == 0, listing.stderr
    assert mode(database) == 0o600


def test_postgres_may_keep_passing_through_a_private_folder(tmp_path):
    import grp
    import os

    import pytest

    try:
        gid = grp.getgrnam("postgres").gr_gid
    except KeyError:
        pytest.skip("no postgres group on this machine (the cluster's packages are not installed)")
    folder = tmp_path / "var"
    folder.mkdir()
    os.chown(folder, -1, gid)
    folder.chmod(0o755)
    private_folder(folder)
    assert mode(folder) == 0o710
