"""The action server answers only the Rasa server: a call without the shared secret gets 401, and
it listens on loopback only."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.servers import SECRETS, new_sender, texts

# A forged reference-code lookup, as issue 10's attacker sent 100 of (0.2 s, no limit, answers).
FORGED_LOOKUP = {
    "next_action": "action_finish_lookup",
    "sender_id": "attacker",
    "tracker": {
        "sender_id": "attacker",
        "slots": {"lookup_reference": "K7M4QX", "lookup_phone": "+16175550199"},
        "latest_message": {"text": "check", "intent": {"name": "check_appointment"}, "entities": []},
        "events": [],
        "paused": False,
        "followup_action": None,
        "active_loop": {},
        "latest_action_name": None,
    },
    "domain": {},
    "version": "3.6.2",
}


def action_server_url(servers) -> str:
    return next(p.health_url for p in servers.supervisor.programs if p.name == "actions").removesuffix("/health")


def call(url: str, body: dict | None = None, authorization: str | None = None) -> tuple[int, str]:
    headers = {"Content-Type": "application/json"}
    if authorization is not None:
        headers["Authorization"] = authorization
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers=headers, method="POST" if data else "GET")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


@pytest.mark.parametrize(
    "authorization",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Bearer wrong-secret",
        SECRETS["ACTION_SERVER_SECRET"],
        "Basic " + SECRETS["ACTION_SERVER_SECRET"],
        "Bearer " + SECRETS["ACTION_SERVER_SECRET"][:-1],
        "Bearer " + SECRETS["RASA_API_TOKEN"],
    ],
)
def test_forged_calls_without_the_secret_get_401_and_nothing_else(servers, authorization):
    url = action_server_url(servers)
    for path, body in (("/webhook", FORGED_LOOKUP), ("/actions", None)):
        status, content = call(url + path, body, authorization)
        assert status == 401, (path, authorization, status, content)
        assert "K7M4QX" not in content and "action_" not in content


def test_a_hundred_forged_lookups_all_fail(servers):
    url = action_server_url(servers) + "/webhook"
    assert {call(url, FORGED_LOOKUP)[0] for _ in range(100)} == {401}


def test_health_stays_open_and_the_rasa_server_gets_through(servers):
    assert call(action_server_url(servers) + "/health")[0] == 200
    sender = new_sender()
    assert "full name" in texts(servers.say(sender, "I'd like to book an appointment"))  # the form's actions ran
    assert "trouble" not in texts(servers.say(sender, "stop"))


def listening_addresses(port: int) -> set[str]:
    """The local addresses listening on `port` (IPv4 and IPv6), from /proc/net."""
    found = set()
    for table in ("tcp", "tcp6"):
        for line in Path(f"/proc/net/{table}").read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, port_hex = local.split(":")
            if state == "0A" and int(port_hex, 16) == port:  # LISTEN
                found.add(address)
    return found


def test_every_server_listens_on_loopback_only(servers):
    loopback = {"0100007F", "00000000000000000000000001000000"}  # 127.0.0.1 and ::1 as /proc/net writes them
    for program in servers.supervisor.programs:
        port = int(program.health_url.split(":")[2].split("/")[0])
        addresses = listening_addresses(port)
        assert addresses, f"nothing listens on {program.name}'s port {port}"
        assert addresses <= loopback, f"{program.name} listens on {addresses}, not only on loopback"
