"""Rasa sends the action server's secret on every call: endpoints.yml, read as Rasa reads it."""

from __future__ import annotations

import pytest
from rasa.utils.endpoints import read_endpoint_config

from bot.settings import PROJECT_ROOT


@pytest.mark.parametrize("endpoints", ["endpoints.yml", "endpoints.cluster.yml"])
def test_the_action_endpoint_carries_the_secret_from_the_environment(endpoints, monkeypatch):
    secret = "s3cret-from-the-environment-Xy_z"
    for name, value in {
        "ACTION_SERVER_URL": "http://127.0.0.1:5055/webhook",
        "ACTION_SERVER_SECRET": secret,
        "TRACKER_STORE_URL": "sqlite://",
        "LOCK_STORE_HOST": "127.0.0.1",
        "LOCK_STORE_PORT": "6379",
    }.items():
        monkeypatch.setenv(name, value)
    endpoint = read_endpoint_config(str(PROJECT_ROOT / endpoints), "action_endpoint")
    assert endpoint.headers == {"Authorization": f"Bearer {secret}"}
    assert not endpoint.token and not endpoint.params  # nothing in the URL, which a proxy might log
