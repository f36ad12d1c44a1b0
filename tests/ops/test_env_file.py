"""`make run`'s .env: created owner-only with random secrets; an existing one only gains what it lacks."""

from __future__ import annotations

import stat

from ops.env_file import _values, ensure_env_file
from ops.secrets import SERVER_SECRETS, weakness

EXAMPLE = """\
# A comment
CLINIC_NAME=Riverside Neuropathy Clinic
RASA_API_TOKEN=
ACTION_SERVER_SECRET=
CONVERSATION_SECRET=
ALLOW_WEAK_SECRETS=false
"""


def mode(path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_a_new_env_file_is_owner_only_with_random_secrets(tmp_path):
    example, env = tmp_path / ".env.example", tmp_path / ".env"
    example.write_text(EXAMPLE)
    added = ensure_env_file(env, example)
    assert sorted(added) == sorted(SERVER_SECRETS)
    assert mode(env) == 0o600
    values = _values(env.read_text())
    assert values["CLINIC_NAME"] == "Riverside Neuropathy Clinic" and values["ALLOW_WEAK_SECRETS"] == "false"
    secrets = [values[name] for name in SERVER_SECRETS]
    assert all(weakness(secret) is None for secret in secrets) and len(set(secrets)) == 3
    assert env.read_text().startswith("# A comment\n")
    assert not (tmp_path / ".env.new").exists()


def test_a_second_run_changes_nothing(tmp_path):
    example, env = tmp_path / ".env.example", tmp_path / ".env"
    example.write_text(EXAMPLE)
    ensure_env_file(env, example)
    before = env.read_text()
    assert ensure_env_file(env, example) == []
    assert env.read_text() == before


def test_an_existing_env_file_keeps_every_value_and_gains_the_missing_secrets(tmp_path):
    example, env = tmp_path / ".env.example", tmp_path / ".env"
    example.write_text(EXAMPLE)
    env.write_text("CLINIC_NAME=My Clinic\nRASA_API_TOKEN=change-me\nCONVERSATION_SECRET=\n")
    env.chmod(0o644)
    added = ensure_env_file(env, example)
    assert sorted(added) == ["ACTION_SERVER_SECRET", "CONVERSATION_SECRET"]
    text = env.read_text()
    assert text.startswith("CLINIC_NAME=My Clinic\nRASA_API_TOKEN=change-me\nCONVERSATION_SECRET=")
    values = _values(text)
    assert values["RASA_API_TOKEN"] == "change-me"  # kept: the servers will refuse it and say why
    assert weakness(values["ACTION_SERVER_SECRET"]) is None and weakness(values["CONVERSATION_SECRET"]) is None
    assert mode(env) == 0o600


def test_a_complete_env_file_is_only_made_owner_only(tmp_path):
    example, env = tmp_path / ".env.example", tmp_path / ".env"
    example.write_text(EXAMPLE)
    content = "".join(f"{name}={'y' * 40}\n" for name in SERVER_SECRETS)
    env.write_text(content)
    env.chmod(0o644)
    assert ensure_env_file(env, example) == []
    assert env.read_text() == content and mode(env) == 0o600


def test_the_shipped_example_has_no_secret_in_it():
    from bot.settings import PROJECT_ROOT

    values = _values((PROJECT_ROOT / ".env.example").read_text())
    for name in SERVER_SECRETS:
        assert values.get(name, "") == "", f"{name} must be empty in .env.example: make run fills it"
    assert values.get("ALLOW_WEAK_SECRETS") == "false"
