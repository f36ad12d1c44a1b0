"""The secrets the servers need, and whether they are safe to start with.

A server refuses to start when one of them is empty, a known default ("change-me"...) or
shorter than MIN_LENGTH, unless ALLOW_WEAK_SECRETS is set in .env, which is for development on
one's own machine only. `make run` writes random ones into a new .env (ops/env_file.py).
"""

from __future__ import annotations

import secrets

from bot.settings import Settings

MIN_LENGTH = 16
KNOWN_DEFAULTS = frozenset(
    {
        "change-me",
        "changeme",
        "change_me",
        "secret",
        "token",
        "password",
        "default",
        "example",
        "test",
        "rasa",
        "admin",
        "none",
        "null",
        "e2e-test-token",
    }
)

# The setting (as in .env) -> the Settings field that holds it.
SERVER_SECRETS = {
    "RASA_API_TOKEN": "rasa_api_token",
    "ACTION_SERVER_SECRET": "action_server_secret",
    "CONVERSATION_SECRET": "conversation_secret",
}


def new_secret() -> str:
    """A random secret: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def weakness(value: str) -> str | None:
    """Why `value` is not a safe secret, or None when it is."""
    if not value:
        return "is empty"
    if value.lower() in KNOWN_DEFAULTS:
        return "is a known default"
    if len(value) < MIN_LENGTH:
        return f"is shorter than {MIN_LENGTH} characters"
    return None


def weak_secrets(settings: Settings, names: tuple[str, ...] = tuple(SERVER_SECRETS)) -> list[str]:
    """One line per secret among `names` that is not safe to start with."""
    problems = []
    for name in names:
        reason = weakness(getattr(settings, SERVER_SECRETS[name]))
        if reason:
            problems.append(f"{name} {reason}")
    return problems


def require_strong_secrets(settings: Settings, names: tuple[str, ...] = tuple(SERVER_SECRETS)) -> None:
    """Stop the program (SystemExit, with what to do) when a secret among `names` is weak,
    unless ALLOW_WEAK_SECRETS says this is a development machine."""
    problems = weak_secrets(settings, names)
    if problems and not settings.allow_weak_secrets:
        raise SystemExit(
            "refusing to start: " + "; ".join(problems) + ". Set a long random value in .env for each "
            '(`make run` adds missing ones; or python -c "import secrets; print(secrets.token_urlsafe(32))"). '
            "ALLOW_WEAK_SECRETS=true allows weak ones, on a development machine only."
        )
