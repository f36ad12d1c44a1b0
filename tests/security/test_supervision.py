"""One crash does not take the assistant down: each server of `make run`, killed, is started again
by supervisord while the others keep serving; the Rasa server answers (crisis replies first) while
the action server is away; Ctrl-C still stops everything.

These servers are this module's own (the last test stops them as Ctrl-C would).
"""

from __future__ import annotations

import os
import signal
import time
import urllib.request

import pytest

from ops.cluster.system import pid_alive
from tests.servers import new_sender, running_servers, texts

CRISIS = "I took all my pills and I want to die"


@pytest.fixture(scope="module")
def supervised(tmp_path_factory, fake_twilio):
    manager = running_servers(tmp_path_factory.mktemp("supervised"), fake_twilio)
    servers = manager.__enter__()
    servers.stop = lambda: manager.__exit__(None, None, None)  # as Ctrl-C (stop_assistant), once
    try:
        yield servers
    finally:
        servers.stop()


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def health_url(servers, name: str) -> str:
    return next(p.health_url for p in servers.supervisor.programs if p.name == name)


def kill(servers, name: str) -> int:
    pid = servers.supervisor.pid(name)
    assert pid, f"{name} is not running"
    os.kill(pid, signal.SIGKILL)
    return pid


def wait_back(servers, name: str, old_pid: int, seconds: float) -> int:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        pid = servers.supervisor.pid(name)
        if pid and pid != old_pid and answers(health_url(servers, name)):
            return pid
        time.sleep(1)
    raise AssertionError(f"{name} did not come back within {seconds:.0f} s: {servers.supervisor.info(name)}")


def test_the_action_server_killed_mid_booking_comes_back_and_rasa_answers_meanwhile(supervised):
    sender = new_sender()
    assert "full name" in texts(supervised.say(sender, "I'd like to book an appointment"))
    old = kill(supervised, "actions")
    crisis = texts(supervised.say(new_sender(), CRISIS))  # at once, while it is away
    assert "988" in crisis or "911" in crisis or "1-800-222-1222" in crisis
    assert texts(supervised.say(new_sender(), "hello"))  # an answer, whatever it is
    wait_back(supervised, "actions", old, 60)
    assert "mobile number" in texts(supervised.say(sender, "Grace Whitfield"))  # the booking goes on


def test_the_website_killed_comes_back_and_rasa_kept_answering(supervised):
    old = kill(supervised, "website")
    assert texts(supervised.say(new_sender(), "is it safe?"))
    wait_back(supervised, "website", old, 60)
    assert answers(supervised.website_url + "/widget.js")


def test_the_rasa_server_killed_comes_back_and_the_others_kept_serving(supervised):
    sender = new_sender()
    assert "full name" in texts(supervised.say(sender, "I'd like to book an appointment"))
    old = kill(supervised, "rasa")
    time.sleep(1)
    assert not answers(health_url(supervised, "rasa"))
    assert answers(health_url(supervised, "actions")) and answers(supervised.website_url + "/")
    wait_back(supervised, "rasa", old, 300)
    assert answers(health_url(supervised, "actions")) and answers(supervised.website_url + "/")
    assert "mobile number" in texts(supervised.say(sender, "Grace Whitfield"))  # the conversation was kept


def test_ctrl_c_stops_everything(supervised):
    pids = [supervised.supervisor.pid(name) for name in ("actions", "rasa", "website")]
    supervisord = int((supervised.supervisor.folder / "supervisord.pid").read_text())
    assert all(pids) and pid_alive(supervisord)
    supervised.stop()  # stop_assistant: SIGINT to `make run`'s process group, as Ctrl-C
    deadline = time.monotonic() + 30
    while any(pid_alive(pid) for pid in [*pids, supervisord]) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert not [pid for pid in [*pids, supervisord] if pid_alive(pid)]
