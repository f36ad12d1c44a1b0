"""Weak secrets stop the servers, unless the development flag says otherwise."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.settings import settings_from_environment
from ops.secrets import (
    MIN_LENGTH,
    new_secret,
    require_strong_secrets,
    weak_secrets,
    weakness,
)

STRONG = "x" * MIN_LENGTH


@pytest.fixture
def strong_settings(monkeypatch):
    for name in ("RASA_API_TOKEN", "ACTION_SERVER_SECRET", "CONVERSATION_SECRET"):
        monkeypatch.setenv(name, new_secret())
    monkeypatch.setenv("ALLOW_WEAK_SECRETS", "")
    return settings_from_environment()


@pytest.mark.parametrize("value", ["", "change-me", "CHANGE-ME", "changeme", "secret", "x" * (MIN_LENGTH - 1)])
def test_empty_default_and_short_values_are_weak(value):
    assert weakness(value) is not None


def test_random_secrets_are_not_weak():
    assert weakness(new_secret()) is None and weakness(STRONG) is None
    assert new_secret() != new_secret()


def test_strong_secrets_start(strong_settings):
    assert weak_secrets(strong_settings) == []
    require_strong_secrets(strong_settings)  # no SystemExit


@pytest.mark.parametrize("field", ["rasa_api_token", "action_server_secret", "conversation_secret"])
@pytest.mark.parametrize("value", ["", "change-me"])
def test_any_weak_secret_stops_the_server_and_says_which(strong_settings, field, value):
    settings = replace(strong_settings, **{field: value})
    with pytest.raises(SystemExit) as stopped:
        require_strong_secrets(settings)
    assert field.upper() in str(stopped.value) and "ALLOW_WEAK_SECRETS" in str(stopped.value)
    assert value == "" or value not in str(stopped.value)  # a secret is never printed


def test_only_the_named_secrets_are_checked(strong_settings):
    settings = replace(strong_settings, rasa_api_token="change-me")
    require_strong_secrets(settings, ("ACTION_SERVER_SECRET",))
    with pytest.raises(SystemExit):
        require_strong_secrets(settings, ("RASA_API_TOKEN",))


def test_the_development_flag_allows_weak_secrets(strong_settings, monkeypatch):
    monkeypatch.setenv("ALLOW_WEAK_SECRETS", "true")
    monkeypatch.setenv("RASA_API_TOKEN", "change-me")
    settings = settings_from_environment()
    assert settings.allow_weak_secrets
    require_strong_secrets(settings)
