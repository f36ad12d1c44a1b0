"""A restart of either server loses nothing: the booking form goes on where the patient left it.

The action server and the Rasa server are started here one by one, with the commands `make run`
uses (ops/launch.py), so each can be restarted on its own. Conversations are in the SQL tracker
store (SQLite here) and the form's state is in the conversation, so it survives both restarts.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from unittest import mock

import pytest

from bot.settings import settings_from_environment
from ops.launch import Server, action_server_command, rasa_server_command, server_env
from tests.e2e.test_booking import REFERENCE, a_weekday_ahead, in_words
from tests.servers import CLINIC, SECRETS, TWILIO, Servers, free_port, new_sender, texts


@dataclass
class RestartableServers:
    chat: Servers
    rasa: Server
    actions: Server


@pytest.fixture(scope="module")
def restartable(tmp_path_factory, fake_twilio) -> RestartableServers:
    var = tmp_path_factory.mktemp("restarts")
    rasa_port, action_port = free_port(), free_port()
    environment = {
        **CLINIC,
        **TWILIO,
        "TWILIO_API_BASE_URL": fake_twilio.url,
        "DATABASE_URL": f"sqlite:///{var / 'clinic.db'}",
        "TRACKER_STORE_URL": f"sqlite:///{var / 'tracker.db'}",
        **SECRETS,
        "WIDGET_ALLOWED_ORIGINS": "http://127.0.0.1",
    }
    with mock.patch.dict(os.environ, environment):
        settings = settings_from_environment()
        env = server_env(settings, f"http://127.0.0.1:{action_port}/webhook", base=dict(os.environ))
    log_path = var / "servers.log"
    actions = Server(action_server_command(action_port), env, f"http://127.0.0.1:{action_port}/health", log_path)
    rasa = Server(rasa_server_command(rasa_port), env, f"http://127.0.0.1:{rasa_port}/", log_path)
    try:
        actions.start()
        rasa.start()
        yield RestartableServers(
            Servers(f"http://127.0.0.1:{rasa_port}", "", env, log_path, fake_twilio), rasa, actions
        )
    finally:
        rasa.stop()
        actions.stop()


def start_booking(chat: Servers, sender: str) -> None:
    assert "full name" in texts(chat.say(sender, "I'd like to book an appointment"))
    assert "mobile number" in texts(chat.say(sender, "Mary Jones"))
    assert "day and time" in texts(chat.say(sender, "617-555-0199"))


def finish_booking(chat: Servers, sender: str, hour: int) -> str:
    start = a_weekday_ahead(11, hour=hour)
    assert "what would you like the visit to be about" in texts(chat.say(sender, in_words(start))).lower()
    assert "been to the clinic before" in texts(chat.say(sender, "burning feet at night"))
    assert "contact you" in texts(chat.say(sender, "I'm a new patient"))
    assert "email" in texts(chat.say(sender, "yes"))
    summary = texts(chat.say(sender, "skip"))
    assert "Mary Jones" in summary and "(617) 555-0199" in summary  # given before the restart
    return REFERENCE.search(texts(chat.say(sender, "yes"))).group(1)


def assert_no_patient_data_in(log: str) -> None:
    for secret in ("Mary Jones", "617-555-0199", "(617) 555-0199", "burning feet at night"):
        assert secret not in log, f"patient data in the server logs: {secret!r}"


def booked(chat: Servers, reference: str) -> bool:
    listing = chat.staff("appointments", "list", "--json")
    assert listing.returncode == 0, listing.stderr
    return reference in listing.stdout


def test_rasa_server_restart_mid_booking_loses_nothing(restartable):
    sender = new_sender()
    start_booking(restartable.chat, sender)
    restartable.rasa.restart()
    reference = finish_booking(restartable.chat, sender, hour=10)
    assert booked(restartable.chat, reference)
    assert_no_patient_data_in(restartable.chat.log_path.read_text())


def test_action_server_restart_mid_booking_loses_nothing(restartable):
    sender = new_sender()
    start_booking(restartable.chat, sender)
    restartable.actions.restart()
    reference = finish_booking(restartable.chat, sender, hour=11)
    assert booked(restartable.chat, reference)
    assert_no_patient_data_in(restartable.chat.log_path.read_text())
