"""After every other end-to-end test: no log of any server they started holds a message, name or
phone number that any of them sent (tests/log_scan.py)."""

from __future__ import annotations

import pytest

from tests import log_scan


@pytest.mark.after_all
def test_no_log_holds_anything_the_tests_sent(servers):
    assert len(log_scan.sent()) >= 10, "the tests recorded (almost) nothing they sent"
    assert log_scan.log_files(), "no server log to scan"
    leaks = log_scan.leaks()
    assert not leaks, "patients' words in the logs:\n" + "\n".join(leaks[:30])
