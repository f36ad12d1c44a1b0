"""Files the servers write are readable by their user only: patients' data and secrets.

Every launcher calls `private_files()` first (umask 077: new files 0600, new folders 0700),
and `make run` `protect_data(settings)`, which also tightens what an earlier version created
more openly: the data folder (var/) to 0700 (see `private_folder`), the SQLite databases (and their -wal, -shm and
-journal files) to 0600.
"""

from __future__ import annotations

import grp
import os
from pathlib import Path

from sqlalchemy.engine import make_url

from bot.settings import Settings

PRIVATE_UMASK = 0o077
SQLITE_COMPANIONS = ("", "-wal", "-shm", "-journal")
PASS_THROUGH_GROUP = "postgres"


def private_files() -> None:
    """From now on this process and its children create files for their user only."""
    os.umask(PRIVATE_UMASK)


def _owned(path: Path) -> bool:
    return path.stat().st_uid == os.geteuid()


def private_folder(folder: Path) -> Path:
    """Create `folder` (0700), or make it 0700 if it exists and is ours. One exception: group
    `postgres` may keep passing through (0710), which the cluster run as root gives PostgreSQL's
    user to reach its data under var/ (ops/cluster/system.py)."""
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    if _owned(folder):
        status = folder.stat()
        pass_through = status.st_mode & 0o010 if _group_name(status.st_gid) == PASS_THROUGH_GROUP else 0
        folder.chmod(0o700 | pass_through)
    return folder


def _group_name(gid: int) -> str:
    try:
        return grp.getgrgid(gid).gr_name
    except KeyError:
        return ""


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL; None for another database or an in-memory one."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or not url.database or url.database == ":memory:":
        return None
    return Path(url.database)


def protect_data(settings: Settings) -> None:
    """Make each SQLite database's folder 0700 and its files 0600, creating the folder if need be."""
    for database_url in (settings.database_url, settings.tracker_store_url):
        path = sqlite_path(database_url)
        if path is None:
            continue
        private_folder(path.parent)
        for suffix in SQLITE_COMPANIONS:
            companion = path.with_name(path.name + suffix)
            if companion.exists() and _owned(companion):
                companion.chmod(0o600)
