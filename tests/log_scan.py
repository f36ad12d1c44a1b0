"""Everything the tests of this session sent to the servers, and a scan of every server log for it.

tests/servers.py records each message, phone number and conversation id the tests send and
each log the servers write; `leaks()` then finds any of them in any of those logs. A leak is
what a patient typed (or their number) in a log: the servers must log none of it at INFO or
above, and nothing below INFO is written in these runs.
"""

from __future__ import annotations

import re
import threading
from pathlib import Path

MIN_CHARS = 8  # shorter messages ("yes", "skip", "2") are words any log may hold
_sent: set[str] = set()
_logs: set[Path] = set()
_lock = threading.Lock()


def record_sent(*values: object) -> None:
    """Remember what a test sent: message texts, phone numbers, sender ids."""
    with _lock:
        for value in values:
            if not isinstance(value, str):
                continue
            text = value.strip()
            if len(text) >= MIN_CHARS:
                _sent.add(text)
            digits = re.sub(r"\D", "", text)
            if len(digits) >= 10 and re.search(r"\d{3}\D{0,2}\d{3}\D?\d{4}", text):  # a phone number
                _sent.add(digits[-10:])


def record_log(path: Path) -> None:
    """A server log, or a folder of them (*.log), to scan."""
    with _lock:
        _logs.add(path)


def log_files() -> list[Path]:
    with _lock:
        paths = list(_logs)
    files: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files.update(path.rglob("*.log"))
        elif path.exists():
            files.add(path)
    return sorted(files)


def sent() -> set[str]:
    with _lock:
        return set(_sent)


def leaks() -> list[str]:
    """One line per thing sent that a log holds, naming the log."""
    found = []
    items = sent()
    for log in log_files():
        content = log.read_text(errors="replace")
        found += [f"{log}: {item[:80]!r}" for item in items if item in content]
    return found
