"""`.env` with random secrets: written by `make run` (and the other targets that start servers).

    python -m ops.env_file [--path .env]

- No .env: a new one from .env.example, created owner-only (0600), with a new random value
  for each server secret (ops/secrets.py).
- An existing .env is never rewritten: a secret it lacks, or has empty, gets a random value
  added at the end, and the file is made owner-only. A value it has is kept as it is, even a
  weak one: the servers then refuse to start and say why.
"""

from __future__ import annotations

import argparse
import os
import re
from pathlib import Path

from bot.settings import PROJECT_ROOT
from ops.secrets import SERVER_SECRETS, new_secret

_ASSIGNMENT = re.compile(r"^\s*(?:export\s+)?([A-Za-z_][A-Za-z0-9_]*)\s*=\s*(.*?)\s*$")


def _values(text: str) -> dict[str, str]:
    """The keys set in a .env text (the last assignment wins, as python-dotenv reads it)."""
    values = {}
    for line in text.splitlines():
        match = _ASSIGNMENT.match(line)
        if match:
            values[match[1]] = match[2].strip("'\"")
    return values


def _with_secrets(text: str, names: list[str]) -> str:
    """`text` with each of `names` given a new random value: in place where the key is empty,
    appended where it is missing."""
    lines = text.splitlines()
    missing = []
    for name in names:
        for index, line in enumerate(lines):
            match = _ASSIGNMENT.match(line)
            if match and match[1] == name:
                lines[index] = f"{name}={new_secret()}"
                break
        else:
            missing.append(name)
    if missing:
        lines += ["", "# Random secrets added by `make run` (ops/env_file.py)."]
        lines += [f"{name}={new_secret()}" for name in missing]
    return "\n".join(lines) + "\n"


def _write_private(path: Path, text: str) -> None:
    """Put `text` in `path` at once (a new file renamed over it), never readable by anyone but its owner."""
    draft = path.with_name(path.name + ".new")
    descriptor = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)
    with os.fdopen(descriptor, "w") as file:
        file.write(text)
    os.replace(draft, path)


def ensure_env_file(path: Path, example: Path) -> list[str]:
    """Create or complete `path` (see the module's docstring); returns the secrets it added."""
    existing = path.exists()
    text = path.read_text() if existing else example.read_text()
    values = _values(text)
    needed = [name for name in SERVER_SECRETS if not values.get(name)]
    if existing:
        path.chmod(0o600)
    if needed:  # only empty or missing keys change; every other line is kept as it was
        _write_private(path, _with_secrets(text, needed))
    return needed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path", type=Path, default=PROJECT_ROOT / ".env")
    parser.add_argument("--example", type=Path, default=PROJECT_ROOT / ".env.example")
    args = parser.parse_args()
    created = not args.path.exists()
    added = ensure_env_file(args.path, args.example)
    if created:
        print(f"Created {args.path} (owner-only) with new random secrets: {', '.join(added)}")
    elif added:
        print(f"Added new random secrets to {args.path}: {', '.join(added)}")


if __name__ == "__main__":
    main()
