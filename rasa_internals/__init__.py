"""Glue that depends on Rasa's or rasa-sdk's internals, kept here and nowhere else.

Each module names the version it was written for and calls `require_version` when imported,
so a server started on another version stops at once with a clear message, instead of
misbehaving later (a log filter that no longer filters, a start-up that skips a step).
After an upgrade, read each module against the new version's code, then change its version.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version


class WrongVersionError(RuntimeError):
    """The installed Rasa (or rasa-sdk) is not the one a module of rasa_internals was written for."""


def version_matches(installed: str, written_for: str) -> bool:
    """ "3.6.21" matches only 3.6.21; "3.6" matches any 3.6.x."""
    return installed == written_for or installed.startswith(written_for + ".")


def require_version(package: str, written_for: str, module: str) -> None:
    """Raise WrongVersionError unless `package` is installed at `written_for` (see version_matches)."""
    try:
        installed = version(package)
    except PackageNotFoundError:
        installed = "not installed"
    if not version_matches(installed, written_for):
        raise WrongVersionError(
            f"{module} was written for {package} {written_for}, but {package} {installed} is installed. "
            f"Read {module} against the installed {package}, fix what changed, then update its version."
        )
