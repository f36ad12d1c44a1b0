"""A server of the cluster killed: supervisord starts it again while nginx sends its share to the other."""

from __future__ import annotations

import os
import signal
import time
import urllib.error
import urllib.request

from ops.supervisor import Supervisor
from tests.cluster.conftest import FOLDER
from tests.servers import new_sender, texts


def supervisor() -> Supervisor:
    return Supervisor(FOLDER / "supervisor", [], {})


def answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def kill_and_wait_back(name: str, health_url: str, during) -> None:
    control = supervisor()
    old = control.pid(name)
    assert old, control.info(name)
    os.kill(old, signal.SIGKILL)
    during()
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        pid = control.pid(name)
        if pid and pid != old and answers(health_url):
            return
        time.sleep(1)
    raise AssertionError(f"{name} did not come back: {control.info(name)}")


def say_again_if_refused(chat, sender: str, text: str, tries: int = 5) -> str:
    """What a patient sees who tries again a moment later: in the second or two after a kill,
    nginx may still hand one request to the dead server (502), or the Rasa server may still wait
    for its action server; the conversation must then go on from where it was."""
    for _ in range(tries - 1):
        try:
            reply = texts(chat.say(sender, text))
        except urllib.error.HTTPError as error:
            if error.code != 502:
                raise
        else:
            if "having trouble" not in reply:
                return reply
        time.sleep(2)
    return texts(chat.say(sender, text))


def test_a_killed_rasa_server_comes_back_and_nginx_keeps_answering(cluster, via_nginx):
    sender = new_sender()
    assert "full name" in texts(via_nginx.say(sender, "I'd like to book an appointment"))

    def meanwhile() -> None:
        assert "mobile number" in say_again_if_refused(via_nginx, sender, "Grace Whitfield")
        assert say_again_if_refused(via_nginx, new_sender(), "is it safe?")

    kill_and_wait_back("rasa-1", cluster.state.rasa_urls[0] + "/", meanwhile)
    assert "day and time" in texts(via_nginx.say(sender, "617-555-0134"))


def test_a_killed_action_server_comes_back_and_bookings_go_on(cluster, via_nginx):
    sender = new_sender()

    def meanwhile() -> None:
        assert "full name" in say_again_if_refused(via_nginx, sender, "I'd like to book an appointment")
        assert "mobile number" in say_again_if_refused(via_nginx, sender, "Grace Whitfield")

    kill_and_wait_back("actions-1", cluster.state.action_urls[0] + "/health", meanwhile)
    assert "day and time" in texts(via_nginx.say(sender, "617-555-0135"))
